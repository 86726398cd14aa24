// The whole lifecycle in one element (issue 8): Connect from `disconnected`, the status URL
// contract's additions, the token URL's intent and permanent failures, and the events' intent.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
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
  type Answer,
  tokenAnswer,
} from './support/fixtures.js';

const token = tokenAnswer;
const disconnectedAnswer: Answer = { json: { status: 'disconnected', provider_config_key: 'github', display_name: 'GitHub' } };
const validAnswer: Answer = { json: { status: 'valid', provider_config_key: 'github', display_name: 'GitHub' } };

async function widget(status: Answer[], tokenAnswers: Answer[] = [token()], attrs = html``) {
  const statusRoute = await scenario(...status);
  const tokenRoute = await scenario(...tokenAnswers);
  const el = await fixture<NangoConnectionStatus>(
    html`<nango-connection-status
      status-url=${statusRoute.url}
      token-url=${tokenRoute.url}
      connect-ui-url=${await connectUiUrl()}
      timeout="2000"
      >${attrs}</nango-connection-status
    >`,
  );
  return { el, statusRoute, tokenRoute };
}

afterEach(() => {
  for (const frame of connectUiFrames()) frame.remove();
});

describe('the token answer names the flow', () => {
  it('fires connected, not reconnected, when the backend answers a connect session for a Reconnect (the connection was deleted since the last check)', async () => {
    const invalidAnswer: Answer = { json: { status: 'invalid', provider_config_key: 'github', display_name: 'GitHub' } };
    const connectToken: Answer = { json: { sessionToken: scriptedToken(connectStep), intent: 'connect' } };
    const { el, tokenRoute } = await widget([invalidAnswer, validAnswer], [connectToken]);
    await untilStatus(el, 'invalid');
    const events = recordEvents(el);
    const connected = oneEvent(el, 'connected');
    actionButton(el)!.click();
    const { detail } = await connected;
    expect(detail).to.deep.equal({ connectionId: 'conn-1', providerConfigKey: 'github' });
    expect(events.of('reconnected')).to.deep.equal([]);
    const [request] = await tokenRoute.requests();
    expect(JSON.parse(request.body)).to.deep.equal({ intent: 'reconnect' });
  });
});

describe('disconnected and Connect', () => {
  it('shows "not connected" with a Connect button, reflected as status and custom state', async () => {
    const { el } = await widget([disconnectedAnswer]);
    await untilStatus(el, 'disconnected');
    expect(el.getAttribute('status')).to.equal('disconnected');
    expect(el.matches(':state(disconnected)')).to.be.true;
    expect(messageText(el)).to.equal('GitHub is not connected');
    const button = actionButton(el)!;
    expect(button.textContent).to.equal('Connect');
    expect(button.getAttribute('part')).to.equal('button connect-button');
    expect(button.getAttribute('aria-label')).to.equal('Connect GitHub');
    await expect(el).to.be.accessible();
  });

  it('connects: token body says connect, one connected event after the status URL says valid, no reconnected', async () => {
    const { el, statusRoute, tokenRoute } = await widget([disconnectedAnswer, disconnectedAnswer, validAnswer], [token(connectStep)]);
    await untilStatus(el, 'disconnected');
    const events = recordEvents(el);
    const connected = oneEvent(el, 'connected');
    actionButton(el)!.click();
    // Same task as the click: Connect UI is open, named for what it does.
    expect(el.status).to.equal('reconnecting');
    expect(connectUiFrames().length).to.equal(1);
    expect(connectUiFrames()[0].title).to.equal('Connect GitHub');
    const { detail, bubbles, composed } = await connected;
    expect({ detail, bubbles, composed }).to.deep.equal({ detail: { connectionId: 'conn-1', providerConfigKey: 'github' }, bubbles: true, composed: true });
    expect(el.status).to.equal('valid');
    // Verification asked again after the first "disconnected": the event waited for "valid".
    expect((await statusRoute.requests()).length).to.equal(3);
    expect(events.of('connected').length).to.equal(1);
    expect(events.of('reconnected')).to.deep.equal([]);
    expect(events.statuses()).to.deep.equal(['reconnecting', 'valid']);
    const [request] = await tokenRoute.requests();
    expect(JSON.parse(request.body)).to.deep.equal({ intent: 'connect' });
    expect(request.headers['content-type']).to.equal('application/json');
    expect(request.headers['x-requested-with']).to.equal('nango-connection-status');
  });

  it('reconnects: token body says reconnect, the iframe is titled Reconnect, the event is reconnected', async () => {
    const { el, tokenRoute } = await widget([{ status: 400, json: { provider_config_key: 'github', display_name: 'GitHub' } }, validAnswer], [token(connectStep)]);
    await untilStatus(el, 'invalid');
    const events = recordEvents(el);
    const reconnected = oneEvent(el, 'reconnected');
    el.reconnect();
    expect(connectUiFrames()[0].title).to.equal('Reconnect GitHub');
    await reconnected;
    expect(events.of('connected')).to.deep.equal([]);
    expect(JSON.parse((await tokenRoute.requests())[0].body)).to.deep.equal({ intent: 'reconnect' });
  });

  it('cancel goes back to disconnected with reconnectcancel { intent: connect }', async () => {
    const { el } = await widget([disconnectedAnswer], [token({ type: 'close' })]);
    await untilStatus(el, 'disconnected');
    const cancelled = oneEvent(el, 'reconnectcancel');
    el.reconnect();
    expect((await cancelled).detail).to.deep.equal({ intent: 'connect' });
    expect(el.status).to.equal('disconnected');
    await el.updateComplete;
    expect(actionButton(el)!.textContent).to.equal('Connect');
  });

  it('reconnectcancel and reconnecterror carry intent reconnect from invalid', async () => {
    const { el } = await widget([{ status: 400 }], [token({ type: 'error', payload: { errorType: 'x', errorMessage: 'm' } }, { type: 'close' })]);
    await untilStatus(el, 'invalid');
    const failed = oneEvent(el, 'reconnecterror');
    const cancelled = oneEvent(el, 'reconnectcancel');
    el.reconnect();
    expect((await failed).detail).to.deep.equal({ stage: 'connect-ui', intent: 'reconnect', errorType: 'x', message: 'm' });
    expect((await cancelled).detail).to.deep.equal({ intent: 'reconnect' });
  });
});

describe('after a failed start', () => {
  it('a flow started by script while checking does not leave the widget checking', async () => {
    const { el } = await widget([{ delayMs: 300, status: 400 }], [{ status: 500 }]);
    expect(el.status).to.equal('checking');
    const failed = oneEvent(el, 'reconnecterror');
    el.reconnect();
    await failed;
    await untilStatus(el, 'invalid');
  });

  it('polls again after a failed start', async () => {
    const { el, statusRoute } = await widget([{ status: 400 }], [{ status: 500 }]);
    el.pollInterval = 1;
    await untilStatus(el, 'invalid');
    const failed = oneEvent(el, 'reconnecterror');
    el.reconnect();
    await failed;
    const before = (await statusRoute.requests()).length;
    await waitUntil(async () => (await statusRoute.requests()).length > before, 'a poll after the failure', { timeout: 3000 });
  });
});

describe('after a successful reconnect', () => {
  it('polls again', async () => {
    const { el, statusRoute } = await widget([{ status: 400, json: { provider_config_key: 'github', display_name: 'GitHub' } }, validAnswer], [token(connectStep, { wait: 50 }, { type: 'close' })]);
    el.pollInterval = 1;
    await untilStatus(el, 'invalid');
    const reconnected = oneEvent(el, 'reconnected');
    el.reconnect();
    await reconnected;
    await waitUntil(() => connectUiFrames().length === 0, 'Connect UI closes');
    const after = (await statusRoute.requests()).length;
    await waitUntil(async () => (await statusRoute.requests()).length > after, `a poll within 3 s of the reconnect (status requests before: ${after}, status ${el.status})`, { timeout: 3000 });
  });
});

describe('the status URL contract, additions and the one change', () => {
  it('404 JSON is disconnected', async () => {
    const { el } = await widget([{ status: 404, json: { error: { code: 'not_found', message: 'No connection' }, display_name: 'Notion' } }]);
    await untilStatus(el, 'disconnected');
    expect(messageText(el)).to.equal('Notion is not connected');
  });

  it('404 HTML page is error, not invalid (a missing route says nothing about the connection)', async () => {
    const { el } = await widget([{ status: 404, body: '<!doctype html><h1>Not found</h1>', headers: { 'Content-Type': 'text/html' } }]);
    await untilStatus(el, 'error');
    expect(actionButton(el)!.textContent).to.equal('Try again');
  });

  for (const status of [401, 403]) {
    it(`${status} is error with the server's reason and Try again, never Reconnect`, async () => {
      const { el, statusRoute } = await widget([{ status, json: { error: { code: 'session_gone', message: 'Sign in to see this connection' } } }]);
      const { detail } = await oneEvent(el, 'statuschange');
      expect(detail).to.deep.equal({ status: 'error', previousStatus: 'checking', reason: 'Sign in to see this connection', code: 'session_gone', missingScopes: undefined });
      await el.updateComplete;
      expect(messageText(el)).to.equal("Couldn't check the connection. Sign in to see this connection");
      expect(actionButton(el)!.textContent).to.equal('Try again');
      await expect(el).to.be.accessible();
      // A signed-out user is not retried automatically: Try again (or coming back) checks.
      actionButton(el)!.click();
      await untilStatus(el, 'error');
      expect((await statusRoute.requests()).length).to.equal(2);
    });
  }
});

describe('the token URL: permanent and transient failures', () => {
  for (const [label, answer, text] of [
    ['409 not_connectable', { status: 409, json: { error: { code: 'not_connectable', message: "This integration can't be connected from here." } } }, "Can't connect from here. Contact your administrator."],
    ['400 with an unknown code', { status: 400, json: { error: { code: 'integration_disabled', message: 'The integration is disabled' } } }, 'The integration is disabled'],
  ] as Array<[string, Answer, string]>) {
    it(`${label}: shows why, without "try again"`, async () => {
      const { el } = await widget([disconnectedAnswer], [answer]);
      await untilStatus(el, 'disconnected');
      const failed = oneEvent(el, 'reconnecterror');
      el.reconnect();
      const { detail } = await failed;
      expect(detail.stage).to.equal('token');
      expect(detail.intent).to.equal('connect');
      await el.updateComplete;
      expect(el.status).to.equal('disconnected');
      expect(messageText(el)).to.equal(`GitHub is not connected. ${text}`);
      expect(messageText(el)).not.to.match(/try again/i);
      expect(connectUiFrames().length).to.equal(0);
      await expect(el).to.be.accessible();
    });
  }

  for (const [label, answer] of [
    ['503', { status: 503, json: { error: { code: 'nango_unreachable', message: 'Nango is unreachable' } } }],
    ['401', { status: 401, json: { error: { code: 'unauthorized', message: 'Signed out' } } }],
    ['a network failure', { destroy: true }],
  ] as Array<[string, Answer]>) {
    it(`${label}: transient, says try again`, async () => {
      const { el } = await widget([disconnectedAnswer], [answer]);
      await untilStatus(el, 'disconnected');
      const failed = oneEvent(el, 'reconnecterror');
      el.reconnect();
      await failed;
      await el.updateComplete;
      expect(messageText(el)).to.equal("GitHub is not connected. Couldn't start. Try again.");
    });
  }
});
