// Flows started by script (`el.reconnect()`) from the states that show no Connect or Reconnect
// button: `valid`, `error` (also while an automatic retry waits) and a widget whose flow is
// already open. The element must end where it started, or where the status URL says, never
// on a state nobody asked for, and never fire an event twice.
import { expect, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import { connectStep, connectUiFrames, flowWidget, probeRequest, recordEvents, tokenAnswer, untilStatus, type Answer } from './support/fixtures.js';

const valid: Answer = { json: { status: 'valid', provider_config_key: 'github', display_name: 'GitHub' } };

/** The widget of these tests: a 3 s timeout, the stand-in Connect UI (test/support/fixtures.ts). */
const widget = (status: Answer[], token: Answer[]) => flowWidget({ status, token, timeout: 3000 });

afterEach(() => {
  for (const frame of connectUiFrames()) frame.remove();
});

describe('flows started by script from states without a button', () => {
  it('from valid: a Reconnect; closing Connect UI goes back to valid with no other status, and checks again quietly', async () => {
    const { el, statusRoute, tokenRoute } = await widget([valid], [tokenAnswer({ wait: 50 }, { type: 'close' })]);
    await untilStatus(el, 'valid');
    const events = recordEvents(el);
    const cancelled = oneEvent(el, 'reconnectcancel');
    const checksBefore = (await statusRoute.requests()).length;
    el.reconnect();
    expect(connectUiFrames().length, 'Connect UI opens in the call').to.equal(1);
    expect((await cancelled).detail).to.deep.equal({ intent: 'reconnect' });
    const [request] = await tokenRoute.requests();
    expect(JSON.parse(request.body)).to.deep.equal({ intent: 'reconnect' });
    await untilStatus(el, 'valid');
    expect(events.statuses(), 'reconnecting, then back to valid: never checking, invalid or error').to.deep.equal(['reconnecting', 'valid']);
    await probeRequest();
    expect((await statusRoute.requests()).length, 'one quiet check after the cancel').to.equal(checksBefore + 1);
    expect(events.of('reconnected')).to.deep.equal([]);
  });

  it('from valid: a completed Reconnect fires reconnected once and stays valid', async () => {
    const { el } = await widget([valid], [tokenAnswer(connectStep, { wait: 50 }, { type: 'close' })]);
    await untilStatus(el, 'valid');
    const events = recordEvents(el);
    const reconnected = oneEvent(el, 'reconnected');
    el.reconnect();
    expect((await reconnected).detail).to.deep.equal({ connectionId: 'conn-1', providerConfigKey: 'github' });
    await untilStatus(el, 'valid');
    await probeRequest();
    expect(events.of('reconnected').length).to.equal(1);
    expect(events.of('reconnecterror')).to.deep.equal([]);
  });

  it('from error while a retry waits: a failed token ends back on error, and the status is checked again', async () => {
    // 503 with a long Retry-After: the retry would come only in five minutes.
    const { el, statusRoute } = await widget([{ status: 503, headers: { 'Retry-After': '300' }, json: {} }, valid], [{ status: 500, json: {} }]);
    await untilStatus(el, 'error');
    const events = recordEvents(el);
    const failed = oneEvent(el, 'reconnecterror');
    el.reconnect();
    const { detail } = await failed;
    expect(detail.stage).to.equal('token');
    expect(detail.intent).to.equal('reconnect');
    // The flow stopped the waiting retry: the widget checks again at once, and reads valid.
    await untilStatus(el, 'valid');
    expect((await statusRoute.requests()).length).to.equal(2);
    expect(events.statuses()).to.deep.equal(['reconnecting', 'error', 'valid']);
  });

  it('a second reconnect() while the flow is open does nothing: one token request, one Connect UI', async () => {
    const { el, tokenRoute } = await widget([{ status: 400, json: {} }], [tokenAnswer({ wait: 300 }, { type: 'close' })]);
    await untilStatus(el, 'invalid');
    const cancelled = oneEvent(el, 'reconnectcancel');
    el.reconnect();
    el.reconnect();
    expect(connectUiFrames().length).to.equal(1);
    await cancelled;
    expect((await tokenRoute.requests()).length).to.equal(1);
  });
});
