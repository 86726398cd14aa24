/**
 * Faults the other suites do not reach: a status URL that refuses CORS, Retry-After as an
 * HTTP date, a token URL that never answers within a short `timeout`, Connect UI closed
 * before the token arrived, and the widget changed or removed in the middle of a flow.
 * Real HTTP routes (test/support/scenario-backend.js) and the stand-in Connect UI throughout.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import type { StatusChangeDetail } from '../src/types.js';
import {
  actionButton,
  connectStep,
  connectUiFrames,
  connectUiUrl,
  messageText,
  recordEvents,
  scenario,
  scriptedToken,
  untilStatus,
  invalidWidget as sharedInvalidWidget,
  type Answer,
  tokenAnswer,
} from './support/fixtures.js';

const token = tokenAnswer;
const invalidAnswer: Answer = { status: 400, json: { error: { message: 'Credentials expired' }, provider: 'github' } };

/** Proves a negative: gives what must not happen the time to happen. */
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records every `fetch` the page makes, with the signal it was given, to see what was aborted. */
function spyOnFetch() {
  const original = window.fetch;
  const calls: Array<{ path: string; method: string; signal: AbortSignal | null | undefined }> = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    calls.push({ path: new URL(url, location.href).pathname, method: init?.method ?? 'GET', signal: init?.signal });
    return original.call(window, input, init);
  };
  return {
    to: (url: string) => calls.filter((call) => call.path === new URL(url, location.href).pathname),
    restore: () => (window.fetch = original),
  };
}

let fetchSpy: ReturnType<typeof spyOnFetch> | undefined;

/** Resolves when the stand-in Connect UI has mounted and taken focus (it posts `ready`). */
async function connectUiReady(): Promise<void> {
  const origin = new URL(await connectUiUrl()).origin;
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.origin === origin && event.data?.type === 'ready') {
        window.removeEventListener('message', listener);
        resolve();
      }
    };
    window.addEventListener('message', listener);
  });
}

/** An invalid widget wired to real status/token routes and the stand-in Connect UI. */
const invalidWidget = (options: { status?: Answer[]; token: Answer[]; timeout?: number }) => sharedInvalidWidget({ invalid: invalidAnswer, timeout: 4000, ...options });

afterEach(() => {
  fetchSpy?.restore();
  fetchSpy = undefined;
  // A failed test must not leave its Connect UI over the next one.
  for (const frame of connectUiFrames()) frame.remove();
  document.body.style.overflow = '';
});

describe('faults: status URL', () => {
  it('shows error, never Reconnect, when a cross-origin status URL refuses CORS', async () => {
    // The stand-in's server sends no CORS headers; its 404 would mean "invalid" if the page could read it.
    const refusing = new URL('no-such-status-route', await connectUiUrl()).href;
    const opaque = await fetch(refusing, { mode: 'no-cors' });
    expect(opaque.type, 'the server is up: only CORS refuses').to.equal('opaque');
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status lang="en" status-url=${refusing}></nango-connection-status>`);
    const { detail } = (await oneEvent(el, 'statuschange')) as CustomEvent<StatusChangeDetail>;
    expect(detail.status).to.equal('error');
    // Whatever the wording, it is the network failure, not the 404 the page may not read.
    expect(detail.reason).to.be.a('string').and.not.match(/404/);
    await el.updateComplete;
    expect(actionButton(el)!.textContent).to.equal('Try again');
    expect(el.shadowRoot!.querySelector('[part~="reconnect-button"]')?.outerHTML ?? 'none').to.equal('none');
    await expect(el).to.be.accessible();
  });

  it('waits for a 503 Retry-After given as an HTTP date before retrying, quietly', async () => {
    // Four seconds ahead, cut to whole seconds by the date format: 3–4 s. Without the date
    // the backoff would retry within 2 s, so the lower bound below tells the two apart.
    const retryAt = new Date(Date.now() + 4000);
    const route = await scenario({ status: 503, headers: { 'Retry-After': retryAt.toUTCString() } }, { json: { provider: 'github' } });
    const el = document.createElement('nango-connection-status');
    const times: Record<string, number> = {};
    el.addEventListener('statuschange', (event) => (times[event.detail.status] = performance.now()));
    const events = recordEvents(el);
    el.setAttribute('status-url', route.url);
    document.body.append(el);
    try {
      await untilStatus(el, 'error');
      await waitUntil(() => el.status === 'valid', 'retries once the date has passed', { timeout: 12_000, interval: 100 });
      expect(times.valid - times.error).to.be.at.least(2500);
      expect(events.statuses()).to.deep.equal(['error', 'valid']);
      expect((await route.requests()).length).to.equal(2);
    } finally {
      el.remove();
    }
  });
});

describe('faults: reconnect flow', () => {
  it('gives up on a token URL that never answers after the timeout attribute, then starts over on the next click', async () => {
    const { el, tokenRoute, events } = await invalidWidget({
      status: [{ json: { provider: 'github' } }],
      token: [{ hang: true }, token(connectStep, { type: 'close' })],
      timeout: 1000,
    });
    fetchSpy = spyOnFetch();
    const failed = oneEvent(el, 'reconnecterror');
    const clickedAt = performance.now();
    actionButton(el)!.click();
    expect(connectUiFrames().length).to.equal(1);
    const { detail } = await failed;
    // Timers never fire early: not before the widget's own timeout (not the 10 s default either: the test would time out).
    expect(performance.now() - clickedAt).to.be.at.least(995);
    expect(detail.stage).to.equal('token');
    expect(detail.message).to.match(/time/i);
    expect(connectUiFrames().length).to.equal(0);
    expect(document.body.style.overflow).to.equal('');
    const [tokenFetch] = fetchSpy.to(tokenRoute.url);
    expect(tokenFetch.signal!.aborted, 'the hanging request is cancelled').to.be.true;
    expect(el.status).to.equal('invalid');
    await el.updateComplete;
    expect(messageText(el)).to.contain("Couldn't start. Try again.");

    const reconnected = oneEvent(el, 'reconnected');
    actionButton(el)!.click();
    await reconnected;
    expect((await tokenRoute.requests()).length).to.equal(2);
    expect(events.statuses()).to.deep.equal(['reconnecting', 'invalid', 'reconnecting', 'valid']);
  });

  it('Connect UI closed at once, before the token arrives: reconnectcancel, token request aborted, a late token reopens nothing', async () => {
    // The widget's token comes late, so Connect UI is closed long before it, even on a slow machine.
    const tokenDelayMs = 4000;
    const { el, tokenRoute, events } = await invalidWidget({ token: [{ delayMs: tokenDelayMs, ...token(connectStep) }] });
    fetchSpy = spyOnFetch();
    const messages: string[] = [];
    const onMessage = (event: MessageEvent) => messages.push(String(event.data?.type));
    window.addEventListener('message', onMessage);
    // The probe: a request sent just after the token request, answered after the same delay.
    const lateProbe = await scenario({ delayMs: tokenDelayMs, json: {} });
    try {
      const ready = connectUiReady();
      actionButton(el)!.click();
      const lateProbeAnswered = fetch(lateProbe.url).then((response) => response.text());
      await ready;
      const cancelled = oneEvent(el, 'reconnectcancel');
      // The user closes Connect UI at once. The stand-in closes when a scripted token tells it to;
      // this page is its parent, so it can hand it one directly while the widget's own token
      // request is still pending. (A key press would depend on which frame the browser focused.)
      connectUiFrames()[0].contentWindow!.postMessage({ type: 'session_token', sessionToken: scriptedToken({ type: 'close' }) }, '*');
      await cancelled;
      expect(el.status).to.equal('invalid');
      expect(connectUiFrames().length).to.equal(0);
      const tokenFetches = fetchSpy.to(tokenRoute.url);
      expect(tokenFetches.length).to.equal(1);
      expect(tokenFetches[0].signal!.aborted, 'no token request left in flight').to.be.true;

      // Once the probe is answered, the widget's token would have been answered too.
      await lateProbeAnswered;
      expect(messages, 'the late token played nothing').not.to.include('connect');
      expect(messages.filter((type) => type === 'standin:token-received').length).to.equal(1);
      expect(connectUiFrames().length).to.equal(0);
      expect(document.body.style.overflow).to.equal('');
      expect(el.status).to.equal('invalid');
      expect(events.events.map((event) => event.type)).to.deep.equal(['statuschange', 'statuschange', 'reconnectcancel']);
      expect(events.statuses()).to.deep.equal(['reconnecting', 'invalid']);
      expect((await tokenRoute.requests()).length).to.equal(1);
    } finally {
      window.removeEventListener('message', onMessage);
    }
  });

  // When Connect UI never loads (a 404 at connect-ui-url, a CSP without frame-src for its
  // origin, a captive portal), no `ready` ever comes: a blank full-page iframe must not stay.
  it('gives up when Connect UI never loads (no ready within the timeout): closes it, reconnecterror connect-ui', async () => {
    const { el, tokenRoute } = await invalidWidget({ token: [token(connectStep)], timeout: 1000 });
    el.setAttribute('connect-ui-url', new URL('no-connect-ui-here/', await connectUiUrl()).href);
    await el.updateComplete;
    const failed = oneEvent(el, 'reconnecterror');
    el.reconnect();
    expect(connectUiFrames().length).to.equal(1);
    await waitUntil(async () => (await tokenRoute.requests()).length === 1, 'the token was fetched');
    const { detail } = await failed;
    expect(detail.stage).to.equal('connect-ui');
    expect(connectUiFrames().length).to.equal(0);
    expect(document.body.style.overflow).to.equal('');
    expect(el.status).to.equal('invalid');
    await el.updateComplete;
    expect(actionButton(el)!.textContent).to.equal('Reconnect');
  });

  it('a Connect UI that has loaded stays open past the timeout: its load timer ends at ready', async () => {
    // Connect UI waits 3 s after the token before it connects: past the 2.5 s load timeout, counted from the click.
    const { el, events } = await invalidWidget({ status: [{ json: { provider: 'github' } }], token: [token({ wait: 3000 }, connectStep, { wait: 50 }, { type: 'close' })], timeout: 2500 });
    const outcome = Promise.race([
      oneEvent(el, 'reconnected').then(() => 'reconnected'),
      oneEvent(el, 'reconnecterror').then(({ detail }) => `reconnecterror ${detail.stage}: ${detail.message}`),
    ]);
    el.reconnect();
    expect(await outcome).to.equal('reconnected');
    await untilStatus(el, 'valid');
    expect(events.of('reconnecterror')).to.deep.equal([]);
  });

  it('removed while verifying: closes Connect UI, aborts the check, fires and sends nothing more', async () => {
    // Verification keeps hearing "invalid" (after 300 ms each): it would go on asking if not stopped.
    const { el, statusRoute, events } = await invalidWidget({ status: [{ delayMs: 300, ...invalidAnswer }], token: [token(connectStep)] });
    fetchSpy = spyOnFetch();
    el.reconnect();
    await waitUntil(async () => (await statusRoute.requests()).length === 2, 'the first verification request arrives', { timeout: 8000 });
    expect(el.status).to.equal('reconnecting');
    const before = events.events.length;
    el.remove();
    await waitUntil(() => connectUiFrames().length === 0, 'Connect UI closes with the widget');
    expect(document.body.style.overflow).to.equal('');
    const verification = fetchSpy.to(statusRoute.url).at(-1)!;
    expect(verification.signal!.aborted, 'the verification request is cancelled').to.be.true;

    await settle(1500); // proving a negative: longer than an answer plus the next verification delay
    expect(events.events.slice(before)).to.deep.equal([]);
    expect((await statusRoute.requests()).length).to.equal(2);
    expect(fetchSpy.to(statusRoute.url).length).to.equal(1);
  });

  it('token-url changed mid-flow: the flow goes on with the request already sent; the next flow uses the new URL', async () => {
    const { el, tokenRoute, events } = await invalidWidget({
      status: [{ json: { provider: 'github' } }],
      token: [{ delayMs: 300, ...token(connectStep, { type: 'close' }) }],
    });
    const newTokenRoute = await scenario(token({ type: 'close' }));
    const reconnected = oneEvent(el, 'reconnected');
    el.reconnect();
    const [frame] = connectUiFrames();
    el.setAttribute('token-url', newTokenRoute.url);
    await el.updateComplete;
    expect(el.status).to.equal('reconnecting');
    expect(connectUiFrames().length === 1 && connectUiFrames()[0] === frame, 'the same Connect UI iframe').to.be.true;
    await reconnected;
    expect((await tokenRoute.requests()).length).to.equal(1);
    expect((await newTokenRoute.requests()).length).to.equal(0);
    await waitUntil(() => connectUiFrames().length === 0, 'the scripted close');

    const cancelled = oneEvent(el, 'reconnectcancel');
    el.reconnect();
    await cancelled;
    expect((await newTokenRoute.requests()).length).to.equal(1);
    expect((await tokenRoute.requests()).length).to.equal(1);
    expect(events.of('reconnected').length).to.equal(1);
  });

  it('lang changed mid-flow: the widget speaks the new language at once, Connect UI keeps its session', async () => {
    const { el, statusRoute, tokenRoute, events } = await invalidWidget({
      status: [{ json: { provider: 'github' } }],
      token: [{ delayMs: 300, ...token({ wait: 200 }, connectStep) }],
    });
    const reconnected = oneEvent(el, 'reconnected');
    el.reconnect();
    const [frame] = connectUiFrames();
    const src = frame.src;
    expect(new URL(src).searchParams.get('lang')).to.equal('en');
    el.lang = 'fr';
    await el.updateComplete;
    expect(el.status).to.equal('reconnecting');
    // The page is inert behind Connect UI: the live region keeps what it said, now in French.
    expect(messageText(el)).to.equal('Github doit être reconnecté. Credentials expired');
    await expect(el).to.be.accessible();
    await reconnected;
    expect(connectUiFrames().length === 1 && connectUiFrames()[0] === frame, 'the same Connect UI iframe').to.be.true;
    expect(frame.src).to.equal(src);
    // Said once Connect UI (open on its success screen) closes and the page is no longer inert.
    frame.remove();
    await waitUntil(() => messageText(el) === 'Github est connecté', `the outcome in French after close, not "${messageText(el)}"`);
    expect(events.statuses()).to.deep.equal(['reconnecting', 'valid']);
    expect((await tokenRoute.requests()).length).to.equal(1);
    // The initial check and one verification: a language change asks the status URL nothing.
    expect((await statusRoute.requests()).length).to.equal(2);
  });
});
