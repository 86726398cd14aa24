/**
 * The Connect UI session's own guarantees (issue 19 items 6 and 11, issue 18's failed load):
 * the page made inert through the attribute, node by node, whatever the page did to `inert`;
 * only what the session changed is given back; a failure while opening leaves nothing behind;
 * the frame hidden until Connect UI says `ready`, a failed load never shown and explained in
 * the console; the session token posted to the Connect UI origin only. The real `ConnectUI`
 * and the stand-in Connect UI on another origin.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ConnectSession, type ConnectSessionOptions } from '../src/connect-session.js';
import { connectUiFrames, connectUiUrl } from './support/fixtures.js';

/** Body children a test added, removed after it. */
const added: Element[] = [];

function bodyChild(id: string): HTMLElement {
  const node = document.createElement('div');
  node.id = id;
  node.innerHTML = `<button>${id}</button>`;
  document.body.append(node);
  added.push(node);
  return node;
}

/** A session with the stand-in Connect UI (or `baseURL`), recording how it ended. */
async function openSession(options: Partial<ConnectSessionOptions> = {}) {
  const ended: string[] = [];
  const session = ConnectSession.open({
    baseURL: await connectUiUrl(),
    opening: 'Opening GitHub…',
    title: 'Reconnect GitHub',
    loadTimeoutMs: 8000,
    onConnect: () => ended.push('connect'),
    onError: () => ended.push('error'),
    onClose: () => ended.push('close'),
    onLoadFailure: () => ended.push('load-failure'),
    ...options,
  });
  if (!session) throw new Error('another session is open');
  return { session, ended };
}

/** Resolves with the next `ready` from the Connect UI origin. */
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

const layer = () => document.querySelector<HTMLElement>('body > [role="dialog"]');

afterEach(() => {
  ConnectSession.current?.close();
  for (const frame of connectUiFrames()) frame.remove();
  for (const node of added.splice(0)) node.remove();
  document.body.style.overflow = '';
});

describe('the inert page (issue 19.6)', () => {
  it('a body child whose inert property is a getter without a setter: made inert through the attribute, Escape and close still work', async () => {
    const odd = bodyChild('odd');
    Object.defineProperty(odd, 'inert', { get: () => false, configurable: true });
    const { ended } = await openSession();
    expect(odd.hasAttribute('inert'), 'made inert through the attribute').to.be.true;
    expect(ConnectSession.current).to.exist;
    await sendKeys({ press: 'Escape' });
    expect(ended).to.deep.equal(['close']);
    expect(odd.hasAttribute('inert')).to.be.false;
    expect(document.body.style.overflow).to.equal('');
    // And the page can open Connect UI again.
    const again = await openSession();
    again.session.close();
  });

  it('gives back only what it changed: an element the page made inert meanwhile stays inert', async () => {
    const byProperty = bodyChild('by-property');
    const byAttribute = bodyChild('by-attribute');
    const untouched = bodyChild('untouched');
    const released = bodyChild('released-by-page');
    const { session } = await openSession();
    expect([byProperty, byAttribute, untouched, released].map((node) => node.inert)).to.deep.equal([true, true, true, true]);
    // The page's own modal logic, while Connect UI is open.
    byProperty.inert = true;
    byAttribute.setAttribute('inert', '');
    released.inert = false;
    await Promise.resolve();
    session.close();
    expect({
      byProperty: byProperty.inert,
      byAttribute: byAttribute.inert,
      untouched: untouched.inert,
      released: released.inert,
    }).to.deep.equal({ byProperty: true, byAttribute: true, untouched: false, released: false });
  });

  it('a failure while opening ends the session: no frame, no layer, nothing inert, Escape gone, the next session opens', async () => {
    const page = bodyChild('page');
    const style = document.body.style;
    // A page script that refuses the first change of body overflow (ConnectUI.open sets it after appending its frame).
    Object.defineProperty(style, 'overflow', {
      configurable: true,
      set() {
        delete (style as unknown as Record<string, unknown>).overflow;
        throw new Error('page refuses');
      },
      get: () => '',
    });
    let closed = 0;
    let thrown: unknown;
    try {
      await openSession({ onClose: () => closed++ });
    } catch (error) {
      thrown = error;
    }
    delete (style as unknown as Record<string, unknown>).overflow;
    expect((thrown as Error)?.message).to.equal('page refuses');
    expect({ session: ConnectSession.current, frames: connectUiFrames().length, layer: layer(), pageInert: page.inert }).to.deep.equal({
      session: undefined,
      frames: 0,
      layer: null,
      pageInert: false,
    });
    await sendKeys({ press: 'Escape' });
    expect(closed, 'no Escape handler left behind').to.equal(0);
    const again = await openSession();
    expect(connectUiFrames().length).to.equal(1);
    again.session.close();
  });
});

describe('loading (issue 18)', () => {
  it('the frame stays hidden and unfocusable until ready, behind a named, focused layer outside the inert page; then it shows and takes focus', async () => {
    const page = bodyChild('page');
    const ready = connectUiReady();
    const { session } = await openSession();
    const frame = session.iframe!;
    expect(getComputedStyle(frame).visibility).to.equal('hidden');
    frame.focus();
    expect(document.activeElement === frame, 'a hidden frame cannot take focus').to.be.false;
    expect(document.activeElement).to.equal(layer());
    expect([layer()!.getAttribute('role'), layer()!.ariaLabel, layer()!.textContent, layer()!.closest('[inert]')]).to.deep.equal(['dialog', 'Opening GitHub…', 'Opening GitHub…', null]);
    expect(page.inert).to.be.true;
    await ready;
    await waitUntil(() => layer() === null, 'the layer goes once Connect UI is ready');
    expect(getComputedStyle(frame).visibility).to.equal('visible');
    expect(document.activeElement).to.equal(frame);
  });

  it('a load that fails is never shown, and the console says what to check (connect-ui-url, CSP frame-src)', async () => {
    const errors: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    const shown: string[] = [];
    try {
      const { session, ended } = await openSession({ baseURL: new URL('no-connect-ui-here/', await connectUiUrl()).href, loadTimeoutMs: 1500 });
      const frame = session.iframe!;
      // Every style the frame had until it was removed.
      const watch = new MutationObserver(() => shown.push(getComputedStyle(frame).visibility));
      watch.observe(frame, { attributes: true, attributeFilter: ['style'] });
      shown.push(getComputedStyle(frame).visibility);
      await waitUntil(() => ended.length > 0, 'the load timeout', { timeout: 6000 });
      watch.disconnect();
      expect(ended).to.deep.equal(['load-failure']);
    } finally {
      console.error = consoleError;
    }
    expect(shown.every((visibility) => visibility === 'hidden'), `the frame's visibility over time: ${shown}`).to.be.true;
    expect(errors.length).to.equal(1);
    expect(errors[0]).to.contain('connect-ui-url').and.to.contain('frame-src').and.to.contain('/no-connect-ui-here/');
    expect([connectUiFrames().length, layer()]).to.deep.equal([0, null]);
  });
});

describe('the session token goes to the Connect UI origin only (issue 19.11)', () => {
  it('is not delivered to a document of another origin that the frame navigated to after ready', async () => {
    const ready = connectUiReady();
    const { session } = await openSession();
    await ready;
    const frame = session.iframe!;
    // The frame now shows another origin's document (opaque: a data: URL) that echoes every message it gets.
    const echoes: unknown[] = [];
    const onEcho = (event: MessageEvent) => {
      if (event.source === frame.contentWindow && event.data?.echo !== undefined) echoes.push(event.data.echo);
    };
    addEventListener('message', onEcho);
    try {
      const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      frame.src = `data:text/html,<script>addEventListener('message', (e) => parent.postMessage({ echo: e.data }, '*'))</script>`;
      await loaded;
      session.setSessionToken('nango_connect_session_secret');
      // Messages from one window arrive in order: once the probe is echoed, the token would have been too.
      frame.contentWindow!.postMessage({ type: 'probe' }, '*');
      await waitUntil(() => echoes.length > 0, 'the probe is echoed');
      expect(echoes).to.deep.equal([{ type: 'probe' }]);
    } finally {
      removeEventListener('message', onEcho);
    }
  });

  it('is delivered to Connect UI itself', async () => {
    const origin = new URL(await connectUiUrl()).origin;
    const received = new Promise<void>((resolve) => {
      const listener = (event: MessageEvent) => {
        if (event.origin === origin && event.data?.type === 'standin:token-received') {
          removeEventListener('message', listener);
          resolve();
        }
      };
      addEventListener('message', listener);
    });
    const { session } = await openSession();
    session.setSessionToken('script:%5B%5D');
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('no token-received from Connect UI within 6 s'), 6000));
    expect(await Promise.race([received.then(() => 'received'), late])).to.equal('received');
  });
});
