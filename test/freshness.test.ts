import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { connectStep, connectUiFrames, connectUiUrl, probeRequest, recordEvents, scenario, scriptedToken, untilStatus, type Answer } from './support/fixtures.js';

async function widget(statusUrl: string, attributes: { poll?: number } = {}) {
  return fixture<NangoConnectionStatus>(
    html`<nango-connection-status status-url=${statusUrl} poll-interval=${attributes.poll ?? 0}></nango-connection-status>`,
  );
}

const requestCount = async (route: { requests(): Promise<unknown[]> }) => (await route.requests()).length;

/** The user switches to another app, then back. */
function leaveAndComeBack() {
  (document.activeElement as HTMLElement | null)?.blur?.();
  window.dispatchEvent(new Event('blur'));
  window.dispatchEvent(new Event('focus'));
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  // Back to the real getter.
  delete (document as { visibilityState?: unknown }).visibilityState;
  for (const frame of connectUiFrames()) frame.remove();
});

describe('fresh status', () => {
  it('re-checks when the window regains focus, quietly (no flash of checking)', async () => {
    const route = await scenario({ json: {} }, { status: 400 });
    const el = await widget(route.url);
    await untilStatus(el, 'valid');
    const events = recordEvents(el);
    leaveAndComeBack();
    await untilStatus(el, 'invalid');
    expect(events.statuses()).to.deep.equal(['invalid']);
  });

  it('makes one request for a burst of focus, visibilitychange and online events', async () => {
    const route = await scenario({ json: {} }, { delayMs: 50, json: {} });
    const el = await widget(route.url);
    await untilStatus(el, 'valid');
    leaveAndComeBack();
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('online'));
    await waitUntil(async () => (await requestCount(route)) === 2, 'one re-check');
    leaveAndComeBack();
    await probeRequest(); // sent after any re-check those events started
    expect(await requestCount(route)).to.equal(2);
  });

  it('does not re-check when focus only visited an iframe on the page (Connect UI)', async () => {
    const route = await scenario({ json: {} });
    const el = await widget(route.url);
    await untilStatus(el, 'valid');
    const frame = document.createElement('iframe');
    document.body.append(frame);
    try {
      frame.focus();
      expect(document.activeElement === frame, 'the iframe has focus').to.be.true;
      window.dispatchEvent(new Event('blur'));
      frame.blur();
      window.dispatchEvent(new Event('focus'));
      await probeRequest(); // sent after any re-check the focus event started
      expect(await requestCount(route)).to.equal(1);
    } finally {
      frame.remove();
    }
  });

  it('re-checks when the tab becomes visible again', async () => {
    const route = await scenario({ json: {} }, { status: 400 });
    const el = await widget(route.url);
    await untilStatus(el, 'valid');
    setVisibility('hidden');
    setVisibility('visible');
    await untilStatus(el, 'invalid');
  });

  it('does not re-check while the tab is hidden', async () => {
    const route = await scenario({ json: {} });
    const el = await widget(route.url);
    await untilStatus(el, 'valid');
    setVisibility('hidden');
    window.dispatchEvent(new Event('online'));
    await probeRequest(); // sent after any re-check the online event started
    expect(await requestCount(route)).to.equal(1);
  });

  it('polls every poll-interval seconds while visible, and not while hidden', async () => {
    const route = await scenario({ json: {} }, { json: {} }, { status: 400 });
    const el = await widget(route.url, { poll: 1 });
    await untilStatus(el, 'valid');
    const before = el.lastChecked!;
    await waitUntil(async () => (await requestCount(route)) === 2, 'a poll after 1 s', { timeout: 3000 });
    await waitUntil(() => el.lastChecked! > before, 'lastChecked moves on');
    setVisibility('hidden');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // past the next poll: proving a negative
    expect(await requestCount(route)).to.equal(2);
    expect(el.status).to.equal('valid');
    setVisibility('visible');
    await untilStatus(el, 'invalid');
  });

  it('shares answers between widgets with the same status URL', async () => {
    const route = await scenario({ json: {} }, { status: 400, json: { message: 'Revoked' } });
    const parent = await fixture<HTMLElement>(html`<div>
      <nango-connection-status status-url=${route.url}></nango-connection-status>
      <nango-connection-status status-url=${route.url}></nango-connection-status>
    </div>`);
    const [first, second] = parent.querySelectorAll('nango-connection-status');
    await untilStatus(second, 'valid');
    first.refresh();
    await untilStatus(second, 'invalid');
    expect(await requestCount(route)).to.equal(2);
  });

  it('re-checks at once when another tab reports a reconnect for the same status URL', async () => {
    const route = await scenario({ status: 400 }, { json: {} });
    const el = await widget(route.url);
    await untilStatus(el, 'invalid');
    const otherTab = new BroadcastChannel('nango-connection-status');
    otherTab.postMessage({ type: 'reconnected', statusUrl: new URL(route.url, location.href).href });
    await untilStatus(el, 'valid');
    otherTab.close();
  });

  it('tells other tabs after a successful reconnect', async () => {
    const route = await scenario({ status: 400 }, { json: {} });
    const tokenRoute = await scenario({ json: { sessionToken: scriptedToken(connectStep) } } as Answer);
    const el = await fixture<NangoConnectionStatus>(
      html`<nango-connection-status status-url=${route.url} token-url=${tokenRoute.url} connect-ui-url=${await connectUiUrl()}></nango-connection-status>`,
    );
    await untilStatus(el, 'invalid');
    const otherTab = new BroadcastChannel('nango-connection-status');
    const message = oneEvent(otherTab as unknown as EventTarget, 'message') as Promise<MessageEvent>;
    el.reconnect();
    const { data } = await message;
    expect(data).to.deep.equal({ type: 'reconnected', statusUrl: new URL(route.url, location.href).href });
    otherTab.close();
  });
});
