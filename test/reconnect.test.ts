import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import {
  actionButton,
  connectStep,
  connectUiFrames,
  connectUiUrl,
  messageText,
  probeRequest,
  recordEvents,
  scenario,
  scriptedToken,
  tokenReceived,
  untilStatus,
  type Answer,
  tokenAnswer,
} from './support/fixtures.js';

interface Setup {
  status: Answer[];
  token: Answer[];
}

/** An invalid widget wired to real status/token routes and the stand-in Connect UI. */
async function invalidWidget({ status, token }: Setup) {
  const statusRoute = await scenario({ status: 400, json: { error: { message: 'Credentials expired' }, provider: 'github' } }, ...status);
  const tokenRoute = await scenario(...token);
  const el = await fixture<NangoConnectionStatus>(
    html`<nango-connection-status
      status-url=${statusRoute.url}
      token-url=${tokenRoute.url}
      connect-ui-url=${await connectUiUrl()}
      api-url="http://127.0.0.1:9/api"
      timeout="2000"
    ></nango-connection-status>`,
  );
  await untilStatus(el, 'invalid');
  return { el, statusRoute, tokenRoute, events: recordEvents(el) };
}

const token = tokenAnswer;

afterEach(() => {
  // A failed test must not leave its Connect UI over the next one.
  for (const frame of connectUiFrames()) frame.remove();
});

describe('reconnect flow', () => {
  it('goes invalid → reconnecting → valid and fires one reconnected', async () => {
    const { el, tokenRoute, events } = await invalidWidget({
      status: [{ json: { status: 'valid', provider: 'github' } }],
      token: [token(connectStep, { wait: 50 }, { type: 'close' })],
    });
    await expect(el).to.be.accessible();
    const reconnected = oneEvent(el, 'reconnected');
    actionButton(el)!.click();
    // Same task as the click: status and the Connect UI iframe are there already.
    expect(el.status).to.equal('reconnecting');
    expect(connectUiFrames().length).to.equal(1);
    await el.updateComplete;
    // The page is inert behind Connect UI: the live region keeps what it said (test/a11y-tree.test.ts).
    expect(messageText(el)).to.equal('Github needs to be reconnected. Credentials expired');
    await expect(el).to.be.accessible();
    const { detail } = await reconnected;
    expect(detail).to.deep.equal({ connectionId: 'conn-1', providerConfigKey: 'github' });
    expect(el.status).to.equal('valid');
    await waitUntil(() => connectUiFrames().length === 0, 'Connect UI closes');
    expect(events.of('reconnected').length).to.equal(1);
    expect(events.statuses()).to.deep.equal(['reconnecting', 'valid']);
    const [request] = await tokenRoute.requests();
    expect(request.method).to.equal('POST');
    expect(request.headers['content-type']).to.equal('application/json');
    expect(request.headers['x-requested-with']).to.equal('nango-connection-status');
  });

  it('passes connect-ui-url, api-url, lang and theme to Connect UI, and the token only by postMessage', async () => {
    const { el } = await invalidWidget({ status: [], token: [token()] });
    el.setAttribute('lang', 'fr');
    el.setAttribute('theme', 'dark');
    const received = tokenReceived();
    el.reconnect();
    const [frame] = connectUiFrames();
    const src = new URL(frame.src);
    expect(src.origin).to.equal(new URL(await connectUiUrl()).origin);
    expect(src.searchParams.get('apiURL')).to.equal('http://127.0.0.1:9/api');
    expect(src.searchParams.get('lang')).to.equal('fr');
    expect(src.searchParams.get('theme')).to.equal('dark');
    expect(frame.src).not.to.contain('script');
    await received;
    expect(el.outerHTML).not.to.contain('script:');
    expect(JSON.stringify({ ...sessionStorage, ...localStorage })).not.to.contain('script:');
  });

  for (const [shape, body] of [
    ['{ sessionToken }', (t: string) => ({ sessionToken: t })],
    ['{ token }', (t: string) => ({ token: t })],
    ["Nango's raw { data: { token } }", (t: string) => ({ data: { token: t, connect_link: 'x', expires_at: 'y' } })],
  ] as const) {
    it(`accepts the token URL answer ${shape}`, async () => {
      const { el } = await invalidWidget({
        status: [{ json: {} }],
        token: [{ json: body(scriptedToken(connectStep, { type: 'close' })) }],
      });
      const reconnected = oneEvent(el, 'reconnected');
      el.reconnect();
      await reconnected;
      expect(el.status).to.equal('valid');
    });
  }

  for (const [label, answer] of [
    ['a 500', { status: 500, json: { error: 'boom' } }],
    ['a 403', { status: 403, json: { error: { message: 'Forbidden' } } }],
    ['JSON without a token', { json: { ok: true } }],
    ['an empty token', { json: { sessionToken: '' } }],
    ['non-JSON', { body: '<html>oops</html>', headers: { 'Content-Type': 'text/html' } }],
    ['a closed connection', { destroy: true }],
    ['no answer in time', { hang: true }],
  ] as Array<[string, Answer]>) {
    it(`closes Connect UI and says so when the token URL gives ${label}`, async () => {
      const { el, events } = await invalidWidget({ status: [], token: [answer] });
      const failed = oneEvent(el, 'reconnecterror');
      el.reconnect();
      expect(connectUiFrames().length).to.equal(1);
      const { detail } = await failed;
      expect(detail.stage).to.equal('token');
      expect(detail.message).to.be.a('string').and.not.be.empty;
      expect(connectUiFrames().length).to.equal(0);
      expect(el.status).to.equal('invalid');
      await el.updateComplete;
      expect(messageText(el)).to.contain("Couldn't start. Try again.");
      expect(actionButton(el)!.textContent).to.equal('Reconnect');
      expect(events.statuses()).to.deep.equal(['reconnecting', 'invalid']);
      expect(document.body.style.overflow).to.equal('');
    });
  }

  it('reports a missing token-url as a token error without opening Connect UI', async () => {
    const statusRoute = await scenario({ status: 400 });
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${statusRoute.url}></nango-connection-status>`);
    await untilStatus(el, 'invalid');
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const failed = oneEvent(el, 'reconnecterror');
      actionButton(el)!.click();
      expect((await failed).detail.stage).to.equal('token');
      expect(connectUiFrames().length).to.equal(0);
      expect(errors.length).to.equal(1);
    } finally {
      console.error = original;
    }
  });

  it('verifies after connect, retrying while the status URL still says invalid', async () => {
    const { el, statusRoute, events } = await invalidWidget({
      status: [{ status: 400 }, { status: 400 }, { json: { provider: 'github' } }],
      token: [token(connectStep)],
    });
    const reconnected = oneEvent(el, 'reconnected');
    el.reconnect();
    await reconnected;
    // initial check + 3 verification checks
    expect((await statusRoute.requests()).length).to.equal(4);
    expect(events.statuses()).to.deep.equal(['reconnecting', 'valid']);
    // The real Connect UI stays on its success screen until the user closes it.
    expect(connectUiFrames().length).to.equal(1);
  });

  it('gives up verifying when the status URL never turns valid: invalid and reconnecterror verify', async () => {
    const { el, events } = await invalidWidget({ status: [{ status: 400 }], token: [token(connectStep)] });
    const failed = oneEvent(el, 'reconnecterror');
    el.reconnect();
    const { detail } = await failed;
    expect(detail.stage).to.equal('verify');
    expect(el.status).to.equal('invalid');
    // Said once Connect UI (still open on its own screen) is closed and the page is no longer inert.
    connectUiFrames()[0].remove();
    await waitUntil(() => messageText(el).includes('Still not connected'), `the verify failure is said after close, not "${messageText(el)}"`);
    expect(messageText(el)).to.contain('Still not connected');
    expect(events.of('reconnected')).to.deep.equal([]);
  });

  it('cancel: Connect UI closed before connecting → invalid, reconnectcancel, focus back on Reconnect', async () => {
    const { el, events } = await invalidWidget({ status: [], token: [token({ type: 'close' })] });
    actionButton(el)!.focus();
    const cancelled = oneEvent(el, 'reconnectcancel');
    await sendKeys({ press: 'Enter' });
    expect(el.status).to.equal('reconnecting');
    await cancelled;
    expect(el.status).to.equal('invalid');
    expect(connectUiFrames().length).to.equal(0);
    await waitUntil(() => el.shadowRoot!.activeElement === actionButton(el), 'focus returns to the Reconnect button');
    expect(events.of('reconnecterror')).to.deep.equal([]);
  });

  it('reports Connect UI errors and keeps it open for another try', async () => {
    const { el, events } = await invalidWidget({
      status: [{ json: {} }],
      token: [
        token(
          { type: 'error', payload: { errorType: 'connection_test_failed', errorMessage: 'Invalid API key' } },
          { wait: 100 },
          connectStep,
        ),
      ],
    });
    const failed = oneEvent(el, 'reconnecterror');
    el.reconnect();
    const { detail } = await failed;
    expect(detail).to.deep.equal({ stage: 'connect-ui', intent: 'reconnect', errorType: 'connection_test_failed', message: 'Invalid API key' });
    expect(el.status).to.equal('reconnecting');
    expect(connectUiFrames().length).to.equal(1);
    await oneEvent(el, 'reconnected');
    expect(events.statuses()).to.deep.equal(['reconnecting', 'valid']);
  });

  it('makes one token request and one Connect UI for a double click', async () => {
    const { el, tokenRoute } = await invalidWidget({ status: [{ json: {} }], token: [{ delayMs: 100, ...token(connectStep) }] });
    const button = actionButton(el)!;
    button.click();
    button.click();
    el.reconnect();
    expect(connectUiFrames().length).to.equal(1);
    await oneEvent(el, 'reconnected');
    expect((await tokenRoute.requests()).length).to.equal(1);
  });

  it('allows one Connect UI per page: a second widget cannot open another', async () => {
    const first = await invalidWidget({ status: [], token: [token()] });
    const second = await invalidWidget({ status: [], token: [token()] });
    first.el.reconnect();
    second.el.reconnect();
    expect(connectUiFrames().length).to.equal(1);
    expect(second.el.status).to.equal('invalid');
    expect((await second.tokenRoute.requests()).length).to.equal(0);
  });

  it('removed mid-flow: closes Connect UI, aborts requests and fires nothing', async () => {
    const { el, events } = await invalidWidget({ status: [], token: [{ hang: true }] });
    el.reconnect();
    expect(connectUiFrames().length).to.equal(1);
    el.remove();
    await waitUntil(() => connectUiFrames().length === 0, 'Connect UI closed with the widget');
    expect(events.events.filter((event) => event.type !== 'statuschange')).to.deep.equal([]);
    expect(document.body.style.overflow).to.equal('');
  });

  it('moved in the DOM mid-flow: the flow goes on', async () => {
    const { el, events } = await invalidWidget({ status: [{ json: {} }], token: [{ delayMs: 100, ...token({ wait: 100 }, connectStep) }] });
    const elsewhere = await fixture<HTMLElement>(html`<aside></aside>`);
    const reconnected = oneEvent(el, 'reconnected');
    el.reconnect();
    elsewhere.append(el);
    expect(connectUiFrames().length).to.equal(1);
    await reconnected;
    expect(el.status).to.equal('valid');
    expect(events.statuses()).to.deep.equal(['reconnecting', 'valid']);
  });

  it('status-url changed mid-flow: closes Connect UI and checks the new URL', async () => {
    const { el } = await invalidWidget({ status: [], token: [token()] });
    el.reconnect();
    const other = await scenario({ json: {} });
    el.setAttribute('status-url', other.url);
    await untilStatus(el, 'valid');
    expect(connectUiFrames().length).to.equal(0);
  });

  it('ignores a forged connect message posted from the page origin', async () => {
    const { el, events, statusRoute } = await invalidWidget({ status: [{ json: {} }], token: [token()] });
    const received = tokenReceived();
    el.reconnect();
    await received;
    window.postMessage({ type: 'connect', payload: { connectionId: 'evil', providerConfigKey: 'github' } }, '*');
    window.postMessage({ type: 'close' }, '*');
    // Messages from one window arrive in order: once this probe lands, the forged ones were handled.
    const probe = new Promise<void>((resolve) => {
      const listener = (event: MessageEvent) => {
        if (event.data?.type !== 'test:probe') return;
        window.removeEventListener('message', listener);
        resolve();
      };
      window.addEventListener('message', listener);
    });
    window.postMessage({ type: 'test:probe' }, '*');
    await probe;
    // A verification (or the re-check after a close) would have sent its request while the
    // forged message was handled: before this probe request.
    await probeRequest();
    expect((await statusRoute.requests()).length, 'status requests: the first check only').to.equal(1);
    expect(el.status).to.equal('reconnecting');
    expect(events.of('reconnected')).to.deep.equal([]);
    expect(connectUiFrames().length).to.equal(1);
  });

  it('treats the Connect UI iframe removed by someone else as a close', async () => {
    const { el } = await invalidWidget({ status: [], token: [token()] });
    el.reconnect();
    const cancelled = oneEvent(el, 'reconnectcancel');
    connectUiFrames()[0].remove();
    await cancelled;
    expect(el.status).to.equal('invalid');
  });

  it('restores the page scroll setting after Connect UI closes', async () => {
    document.body.style.overflow = 'scroll';
    try {
      const { el } = await invalidWidget({ status: [], token: [token({ type: 'close' })] });
      el.reconnect();
      expect(document.body.style.overflow).to.equal('hidden');
      await oneEvent(el, 'reconnectcancel');
      expect(document.body.style.overflow).to.equal('scroll');
    } finally {
      document.body.style.overflow = '';
    }
  });

  it('reports an invalid connect-ui-url as a connect-ui error', async () => {
    const { el } = await invalidWidget({ status: [], token: [token()] });
    el.setAttribute('connect-ui-url', 'http://[bad');
    await el.updateComplete;
    const failed = oneEvent(el, 'reconnecterror');
    el.reconnect();
    expect((await failed).detail.stage).to.equal('connect-ui');
    expect(el.status).to.equal('invalid');
  });
});
