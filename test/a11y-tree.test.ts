/**
 * What assistive technology gets, read from Chromium's accessibility tree (CDP
 * `Accessibility.getFullAXTree`, through the `a11y-tree` server command in
 * web-test-runner.config.js): the tree while Connect UI loads and while it is open, where focus
 * is and what it is called at each step, and every change of the live region together with
 * whether the page was inert at that moment. In English and German; real keys, the real
 * `ConnectUI`, the stand-in Connect UI on another origin.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { actionButton, connectStep, connectUiFrames, connectUiUrl, messageText, recordEvents, scenario, tokenAnswer, untilStatus, type Answer } from './support/fixtures.js';

/** The accessibility tree, one line per node a screen reader can reach (see test/support/a11y-tree-plugin.js). */
const axTree = async () => (await executeServerCommand<string[], undefined>('a11y-tree'))!;

/** The node that has focus, as the tree names it (the document itself left out). */
async function axFocus(): Promise<string> {
  const focused = (await axTree()).filter((line) => line.endsWith(' focused') && !line.trim().startsWith('RootWebArea'));
  return focused.at(-1)?.trim().replace(/ focused$/, '') ?? 'nothing (the document)';
}

/** Every change of the live region's text from now on, with whether the page around it was inert then. */
function recordLiveRegion(el: NangoConnectionStatus) {
  const region = el.shadowRoot!.querySelector('[role="status"]')!;
  const changes: Array<{ text: string; inert: boolean }> = [];
  let last = messageText(el);
  const observer = new MutationObserver(() => {
    const text = messageText(el);
    if (text === last) return;
    last = text;
    changes.push({ text, inert: el.closest('[inert]') !== null });
  });
  observer.observe(region, { subtree: true, childList: true, characterData: true });
  return { changes, stop: () => observer.disconnect() };
}

const words = {
  en: {
    invalid: 'Slack needs to be reconnected. Token revoked',
    reconnect: 'Reconnect Slack',
    opening: 'Opening Slack…',
    valid: 'Slack is connected',
    failed: "Slack needs to be reconnected. Couldn't start. Try again.",
  },
  de: {
    invalid: 'Slack muss neu verbunden werden. Token revoked',
    reconnect: 'Slack neu verbinden',
    opening: 'Slack wird geöffnet…',
    valid: 'Slack ist verbunden',
    failed: 'Slack muss neu verbunden werden. Start fehlgeschlagen. Bitte erneut versuchen.',
  },
};

/** A settings page: a heading and a link around an invalid Slack widget. */
async function settingsPage(lang: 'en' | 'de', { token, connectUi, timeout = 8000, status = [] }: { token: Answer; connectUi?: string; timeout?: number; status?: Answer[] }) {
  // Focus back in this window before the widget exists: focus coming back from the last test's
  // Connect UI frame would otherwise read as the user returning to the page, and check again.
  window.focus();
  await new Promise(requestAnimationFrame);
  const statusRoute = await scenario({ status: 400, json: { display_name: 'Slack', error: { message: 'Token revoked' } } }, ...status);
  const tokenRoute = await scenario(token);
  const page = await fixture<HTMLElement>(html`<main>
    <h1>Settings</h1>
    <a href="#help">Help</a>
    <nango-connection-status
      lang=${lang}
      status-url=${statusRoute.url}
      token-url=${tokenRoute.url}
      connect-ui-url=${connectUi ?? (await connectUiUrl())}
      api-url="http://127.0.0.1:9/api"
      timeout=${timeout}
    ></nango-connection-status>
  </main>`);
  const el = page.querySelector<NangoConnectionStatus>('nango-connection-status')!;
  await untilStatus(el, 'invalid');
  return el;
}

/** Waits for one of the widget's events; on failure names the events that came instead. */
async function until(el: NangoConnectionStatus, type: string, timeout = 8000) {
  const recorded = recordEvents(el);
  return async () => {
    try {
      await waitUntil(() => recorded.of(type).length > 0, undefined, { timeout });
    } catch {
      throw new Error(`no ${type}; came instead: ${JSON.stringify(recorded.events)}; status ${el.status}, frames ${connectUiFrames().length}`);
    }
  };
}

/** Resolves when Connect UI posts `ready` (any frame of its origin). */
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

afterEach(() => {
  for (const frame of connectUiFrames()) frame.remove();
});

for (const lang of ['en', 'de'] as const) {
  const t = words[lang];
  describe(`the accessibility tree through a reconnect (${lang})`, () => {
    it('before: a group named by the state, a polite live region, the button named in the language’s order', async () => {
      const el = await settingsPage(lang, { token: tokenAnswer() });
      actionButton(el)!.focus();
      const tree = await axTree();
      expect(tree.map((line) => line.trim())).to.include.members([`group ${JSON.stringify(t.invalid)}`, 'status live=polite', `button ${JSON.stringify(t.reconnect)} focused`]);
      expect(await axFocus()).to.equal(`button ${JSON.stringify(t.reconnect)}`);
    });

    it('loading: only the named "Opening Slack…" layer is exposed, and it has focus; Escape gives back the page and the button, the live region says nothing', async function () {
      this.timeout(30_000);
      // Connect UI that never says ready: its frame stays hidden, the layer stays.
      const el = await settingsPage(lang, { token: { hang: true }, connectUi: new URL('no-connect-ui-here/', await connectUiUrl()).href, timeout: 20_000 });
      const live = recordLiveRegion(el);
      actionButton(el)!.focus();
      await sendKeys({ press: 'Enter' });
      expect(await axFocus()).to.equal(`dialog ${JSON.stringify(t.opening)}`);
      const tree = (await axTree()).map((line) => line.trim());
      // Nothing of the page (heading, link, widget) and no empty frame: the layer alone.
      expect(tree).to.deep.equal(['RootWebArea focused', `dialog ${JSON.stringify(t.opening)} focused`, `StaticText ${JSON.stringify(t.opening)}`]);
      const cancelled = await until(el, 'reconnectcancel');
      await sendKeys({ press: 'Escape' });
      await cancelled();
      await waitUntil(() => el.shadowRoot!.activeElement === actionButton(el), 'focus returns to the button');
      expect(await axFocus()).to.equal(`button ${JSON.stringify(t.reconnect)}`);
      live.stop();
      expect(live.changes, 'live region changes').to.deep.equal([]);
    });

    it('open: the page is pruned to the named Connect UI frame', async () => {
      const el = await settingsPage(lang, { token: tokenAnswer() });
      const ready = connectUiReady();
      actionButton(el)!.focus();
      await sendKeys({ press: 'Enter' });
      await ready;
      const tree = (await axTree()).map((line) => line.trim()).filter((line) => !line.startsWith('RootWebArea'));
      expect(tree[0]).to.equal(`Iframe ${JSON.stringify(t.reconnect)} focused`);
      expect(tree.some((line) => /^(heading|link|button|group|status)\b/.test(line)), `page nodes exposed: ${tree.join(' | ')}`).to.be.false;
      expect(document.activeElement, 'focus is in Connect UI').to.equal(connectUiFrames()[0]);
    });

    it('success: announced once, after the dialog closed and the page is no longer inert; focus on the group that says so', async () => {
      const el = await settingsPage(lang, { token: tokenAnswer(connectStep, { wait: 400 }, { type: 'close' }), status: [{ json: { display_name: 'Slack' } }] });
      const live = recordLiveRegion(el);
      actionButton(el)!.focus();
      const reconnected = await until(el, 'reconnected');
      await sendKeys({ press: 'Enter' });
      await reconnected();
      await waitUntil(() => connectUiFrames().length === 0 && el.matches(':focus-within'), 'Connect UI closes and focus returns');
      await el.updateComplete;
      live.stop();
      expect(live.changes).to.deep.equal([{ text: t.valid, inert: false }]);
      expect(await axFocus()).to.equal(`group ${JSON.stringify(t.valid)}`);
    });

    it('cancel: back to exactly what was there, nothing new said; focus on the button', async () => {
      const el = await settingsPage(lang, { token: tokenAnswer({ wait: 100 }, { type: 'close' }) });
      const live = recordLiveRegion(el);
      actionButton(el)!.focus();
      const cancelled = await until(el, 'reconnectcancel');
      await sendKeys({ press: 'Enter' });
      await cancelled();
      await waitUntil(() => el.shadowRoot!.activeElement === actionButton(el), 'focus returns to the button');
      expect(await axFocus()).to.equal(`button ${JSON.stringify(t.reconnect)}`);
      live.stop();
      expect(live.changes).to.deep.equal([]);
    });

    it('a failure that returns to Reconnect: said once the page is no longer inert; focus on the button', async () => {
      const el = await settingsPage(lang, { token: { status: 503, json: { error: 'busy' } } });
      const live = recordLiveRegion(el);
      actionButton(el)!.focus();
      const failed = await until(el, 'reconnecterror');
      await sendKeys({ press: 'Enter' });
      await failed();
      await waitUntil(() => el.shadowRoot!.activeElement === actionButton(el), 'focus returns to the button');
      live.stop();
      expect(live.changes).to.deep.equal([{ text: t.failed, inert: false }]);
      expect(await axFocus()).to.equal(`button ${JSON.stringify(t.reconnect)}`);
    });
  });
}
