/**
 * Connect UI is a modal dialog: while it is open everything else on the page is inert (no
 * focus, no clicks, nothing for a screen reader), Escape on the page closes it, and every way
 * it ends gives the page back exactly what it had (`inert` on each element, `body.style.overflow`,
 * focus in the widget). Real keys (`sendKeys`), the real `ConnectUI`, the stand-in Connect UI.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ConnectSession } from '../src/connect-session.js';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { actionButton, connectUiFrames, connectUiUrl, recordEvents, scenario, scriptedToken, untilStatus, type Answer, tokenAnswer } from './support/fixtures.js';

const token = tokenAnswer;
const invalidAnswer: Answer = { status: 400, json: { error: { message: 'Credentials expired' }, provider: 'github' } };

/** Nodes added to the body by a test, removed after it. */
const added: Element[] = [];

/**
 * Every element of the page and whether it has `inert`; Connect UI's iframe left out, and the
 * widget (never made inert itself, and gone after one of the endings).
 */
function inertSnapshot(): string[] {
  return [...document.body.querySelectorAll('*')]
    .filter((node) => node.id !== 'connect-ui' && node.localName !== 'nango-connection-status').map((node) => `${node.tagName}#${node.id}:${node.hasAttribute('inert')}`);
}

/** Resolves when Connect UI (any frame of its origin) posts `ready`. */
async function connectUiReady(): Promise<void> {
  const origin = new URL(await connectUiUrl()).origin;
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.origin !== origin || event.data?.type !== 'ready') return;
      removeEventListener('message', listener);
      resolve();
    };
    addEventListener('message', listener);
  });
}

/**
 * A settings page: a heading, a link, a checkbox and a button around an invalid widget, and a
 * body child the page had made inert itself (it must stay inert after Connect UI closes).
 */
async function settingsPage({ tokenAnswer = token(), timeout = 8000, connectUi }: { tokenAnswer?: Answer; timeout?: number; connectUi?: string } = {}) {
  const statusRoute = await scenario(invalidAnswer);
  const tokenRoute = await scenario(tokenAnswer);
  const alreadyInert = document.createElement('div');
  alreadyInert.id = 'already-inert';
  alreadyInert.inert = true;
  alreadyInert.innerHTML = '<button id="inert-button">Hidden</button>';
  document.body.append(alreadyInert);
  added.push(alreadyInert);
  const page = await fixture<HTMLElement>(html`<section id="settings">
    <h2 id="heading">Settings</h2>
    <a id="help" href="#help">Help</a>
    <label><input id="notify" type="checkbox" /> Notify me</label>
    <nango-connection-status
      lang="en"
      status-url=${statusRoute.url}
      token-url=${tokenRoute.url}
      connect-ui-url=${connectUi ?? (await connectUiUrl())}
      api-url="http://127.0.0.1:9/api"
      timeout=${timeout}
    ></nango-connection-status>
    <button id="after">After</button>
  </section>`);
  const el = page.querySelector<NangoConnectionStatus>('nango-connection-status')!;
  await untilStatus(el, 'invalid');
  return { el, page, checkbox: page.querySelector<HTMLInputElement>('#notify')!, events: recordEvents(el) };
}

/** The widget's own "Opening GitHub…" layer, shown until Connect UI says `ready`. */
function openingLayer(): HTMLElement | null {
  return document.querySelector('body > [role="dialog"]');
}

/** Focus is in Connect UI, on the widget's layer while it loads, or nowhere in particular; never on an element of the page behind it. */
function focusIsNotOnThePage(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || active.id === 'connect-ui' || active === openingLayer();
}

afterEach(() => {
  for (const frame of connectUiFrames()) frame.remove();
  for (const node of added.splice(0)) node.remove();
  document.body.style.overflow = '';
});

describe('Connect UI is a modal dialog', () => {
  it('makes everything but its iframe inert while open, including nodes added meanwhile, and restores each inert exactly', async () => {
    const { el } = await settingsPage({ tokenAnswer: { hang: true } });
    const before = inertSnapshot();
    const ready = connectUiReady();
    el.reconnect();
    const [frame] = connectUiFrames();
    expect(frame.inert, 'the dialog itself').to.be.false;
    const others = [...document.body.children].filter((child) => child !== frame && child !== openingLayer());
    expect(others.length).to.be.greaterThan(1);
    expect(others.map((child) => `${child.tagName}#${child.id}:${(child as HTMLElement).inert}`).filter((entry) => entry.endsWith(':false'))).to.deep.equal([]);
    // The widget's button, inside an inert subtree, cannot take focus.
    actionButton(el)!.focus();
    expect(el.shadowRoot!.activeElement === null, 'nothing in the widget has focus').to.be.true;

    // Added while open: a toast (made inert, released after) and one the page made inert itself (kept).
    const toast = document.createElement('div');
    toast.id = 'toast';
    const pageInert = document.createElement('div');
    pageInert.id = 'page-inert';
    pageInert.inert = true;
    added.push(toast, pageInert);
    document.body.append(toast, pageInert);
    await waitUntil(() => toast.inert, 'a node added while open is made inert');

    await ready;
    const cancelled = oneEvent(el, 'reconnectcancel');
    frame.contentWindow!.postMessage({ type: 'session_token', sessionToken: scriptedToken({ type: 'close' }) }, '*');
    await cancelled;
    expect(inertSnapshot()).to.deep.equal([...before, 'DIV#toast:false', 'DIV#page-inert:true']);
  });

  it('Tab and Shift+Tab never reach the page; Space and Enter on the page change nothing', async function () {
    // Some 20 real key presses, each a round trip to the test runner: more than the default 15 s on a loaded machine.
    this.timeout(40_000);
    const { el, checkbox } = await settingsPage();
    const ready = connectUiReady();
    el.reconnect();
    await ready;
    const visited: string[] = [];
    const step = async (press: string) => {
      await sendKeys({ press });
      if (!focusIsNotOnThePage()) visited.push(`${press} → ${document.activeElement!.tagName}#${document.activeElement!.id}`);
    };
    // More steps than Connect UI has controls, each way: past its last and before its first.
    for (let i = 0; i < 6; i++) await step('Tab');
    await sendKeys({ down: 'Shift' });
    for (let i = 0; i < 8; i++) await step('Tab');
    await sendKeys({ up: 'Shift' });
    expect(visited, 'elements of the page reached by the keyboard').to.deep.equal([]);
    expect(el.shadowRoot!.activeElement === null, 'nothing in the widget has focus').to.be.true;

    // A script (or a stray click) tries to focus the checkbox behind the dialog; keys go nowhere.
    checkbox.focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Enter' });
    expect(checkbox.checked, 'the checkbox behind the dialog').to.be.false;
    expect(focusIsNotOnThePage(), `focus on ${document.activeElement?.outerHTML.slice(0, 80)}`).to.be.true;
  });

  it('exposes only the dialog: every other body child is inert, so nothing of the page can be focused or read', async () => {
    const { el, page } = await settingsPage();
    el.reconnect();
    const [frame] = connectUiFrames();
    const exposed = [...document.body.children].filter((child) => child !== frame && child !== openingLayer() && !(child as HTMLElement).inert).map((child) => child.tagName);
    expect(exposed).to.deep.equal([]);
    for (const id of ['heading', 'help', 'notify', 'after']) {
      const node = page.querySelector<HTMLElement>(`#${id}`)!;
      node.tabIndex = node.tabIndex < 0 ? -1 : node.tabIndex; // the heading is focusable by script only
      node.focus();
      expect(document.activeElement?.id, `#${id} took focus`).not.to.equal(id);
      // An inert node is also skipped by find-in-page and by assistive technology.
      expect(node.closest('[inert]') !== null, `#${id} is inert`).to.be.true;
    }
    expect(frame.closest('[inert]')).to.equal(null);
  });

  it('Escape on the page closes it after ready: reconnectcancel, page and focus given back', async () => {
    const { el, events } = await settingsPage();
    const before = inertSnapshot();
    document.body.style.overflow = 'scroll';
    const ready = connectUiReady();
    actionButton(el)!.focus();
    el.reconnect();
    await ready;
    // Focus on the page itself (not in the iframe, whose own Escape handler is Connect UI's).
    (document.activeElement as HTMLElement | null)?.blur();
    expect(document.activeElement === document.body, `focus is on ${document.activeElement?.tagName}`).to.be.true;
    const cancelled = oneEvent(el, 'reconnectcancel');
    await sendKeys({ press: 'Escape' });
    await cancelled;
    expect(connectUiFrames().length).to.equal(0);
    expect(el.status).to.equal('invalid');
    expect(document.body.style.overflow).to.equal('scroll');
    expect(inertSnapshot()).to.deep.equal(before);
    await waitUntil(() => el.shadowRoot!.activeElement === actionButton(el), 'focus returns to the widget');
    expect(events.of('reconnectcancel').length).to.equal(1);
  });

  it('Escape on the page closes a Connect UI that never loads, long before the load timeout', async () => {
    const { el } = await settingsPage({ connectUi: new URL('no-connect-ui-here/', await connectUiUrl()).href, timeout: 10_000 });
    const before = inertSnapshot();
    el.reconnect();
    expect(connectUiFrames().length).to.equal(1);
    const cancelled = oneEvent(el, 'reconnectcancel');
    await sendKeys({ press: 'Escape' });
    await cancelled;
    expect(connectUiFrames().length).to.equal(0);
    expect(inertSnapshot()).to.deep.equal(before);
    expect(document.body.style.overflow).to.equal('');
  });

  it('names its iframe after the flow (title), in the page language', async () => {
    const { el } = await settingsPage();
    el.reconnect();
    const [frame] = connectUiFrames();
    expect(frame.title).to.match(/github/i);
  });
});

describe('Connect UI open, with axe', () => {
  for (const theme of ['light', 'dark']) {
    it(`has no axe violations, the Connect UI document included (${theme})`, async () => {
      // Same-origin here, so axe can be put into the frame (axe tests frames only where it runs too).
      const { el } = await settingsPage({ connectUi: new URL('/demo/connect-ui/', location.href).href });
      el.setAttribute('theme', theme);
      await el.updateComplete;
      const ready = new Promise<void>((resolve) => {
        const listener = (event: MessageEvent) => {
          if (event.data?.type !== 'ready') return;
          removeEventListener('message', listener);
          resolve();
        };
        addEventListener('message', listener);
      });
      el.reconnect();
      const [frame] = connectUiFrames();
      await ready;
      const doc = frame.contentDocument!;
      expect(doc.documentElement.dataset.theme).to.equal(theme);
      const script = doc.createElement('script');
      script.src = '/node_modules/axe-core/axe.min.js';
      const loaded = oneEvent(script, 'load');
      doc.head.append(script);
      await loaded;
      await expect(document.body).to.be.accessible();
      // And the frame really was part of it: results carry nodes from inside it.
      const axe = (window as unknown as { axe: { run(context: Node): Promise<{ violations: Array<{ id: string }>; passes: Array<{ nodes: Array<{ target: unknown[] }> }> }> } }).axe;
      const results = await axe.run(document.body);
      expect(results.violations.map((rule) => rule.id)).to.deep.equal([]);
      expect(results.passes.some((rule) => rule.nodes.some((node) => node.target.length === 2)), 'nodes inside the Connect UI frame were checked').to.be.true;
    });
  }
});

describe('ConnectSession', () => {
  it('closing an ended session again leaves the next one alone (it stays current, the page stays inert)', async () => {
    const page = await fixture<HTMLElement>(html`<p>Behind</p>`);
    const options = {
      baseURL: await connectUiUrl(),
      loadTimeoutMs: 10_000,
      onConnect() {},
      onError() {},
      onClose() {},
      onLoadFailure() {},
    };
    const first = ConnectSession.open(options)!;
    first.close();
    const second = ConnectSession.open({ ...options, title: 'Second' })!;
    expect(ConnectSession.current === second, 'the second session is open').to.be.true;
    first.close();
    expect(ConnectSession.current === second, 'still the second session').to.be.true;
    expect(page.closest('[inert]') !== null, 'the page behind stays inert').to.be.true;
    expect(second.iframe?.title).to.equal('Second');
    second.close();
    expect(ConnectSession.current).to.equal(undefined);
    expect(page.closest('[inert]')).to.equal(null);
  });
});

// Every way a session ends: the page gets back its scroll setting and exactly its inert attributes.
describe('Connect UI gives the page back on every ending', () => {
  const endings: Array<[string, { connectUi?: string; timeout?: number }, (el: NangoConnectionStatus, frame: HTMLIFrameElement) => Promise<void>]> = [
    [
      'the close message',
      {},
      async (el, frame) => {
        await connectUiStarted;
        const cancelled = oneEvent(el, 'reconnectcancel');
        frame.contentWindow!.postMessage({ type: 'session_token', sessionToken: scriptedToken({ type: 'close' }) }, '*');
        await cancelled;
      },
    ],
    [
      'Escape on the page',
      {},
      async (el) => {
        const cancelled = oneEvent(el, 'reconnectcancel');
        await sendKeys({ press: 'Escape' });
        await cancelled;
      },
    ],
    [
      'the load timeout',
      { timeout: 1000 },
      async (el) => {
        const { detail } = await oneEvent(el, 'reconnecterror');
        expect(detail.stage).to.equal('connect-ui');
      },
    ],
    [
      'its iframe removed by someone else',
      {},
      async (el, frame) => {
        const cancelled = oneEvent(el, 'reconnectcancel');
        frame.remove();
        await cancelled;
      },
    ],
    [
      'the widget removed',
      {},
      async (el) => {
        el.remove();
        await waitUntil(() => connectUiFrames().length === 0, 'Connect UI closes with the widget');
      },
    ],
    [
      'a settings change (status-url)',
      {},
      async (el) => {
        el.setAttribute('status-url', (await scenario({ json: {} })).url);
        await untilStatus(el, 'valid');
      },
    ],
  ];

  let connectUiStarted: Promise<void>;
  for (const [ending, options, end] of endings) {
    it(`after ${ending}`, async () => {
      const connectUi = ending === 'the load timeout' ? new URL('no-connect-ui-here/', await connectUiUrl()).href : undefined;
      // A token for the load timeout (so the token request does not fail first), none for the others.
      const { el } = await settingsPage({ ...options, connectUi, tokenAnswer: connectUi ? token() : { hang: true } });
      const before = inertSnapshot();
      document.body.style.overflow = 'clip';
      connectUiStarted = connectUiReady();
      el.reconnect();
      const [frame] = connectUiFrames();
      expect(document.body.style.overflow).to.equal('hidden');
      expect(inertSnapshot()).not.to.deep.equal(before);
      await end(el, frame);
      expect(connectUiFrames().length).to.equal(0);
      expect(document.body.style.overflow).to.equal('clip');
      expect(inertSnapshot()).to.deep.equal(before);
    });
  }
});
