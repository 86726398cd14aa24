/**
 * The reconnect flow's guards, each proven with a positive signal rather than a pause: a
 * second `connect` from Connect UI is handled once, a `connect` forged by the page starts
 * nothing, and focus is back inside the widget however the flow ends (token error, Connect UI
 * that never loads, success then close). The real ConnectUI and the stand-in Connect UI's
 * iframe on another origin send every message the widget acts on.
 */
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import type { ReconnectedDetail, ReconnectErrorDetail } from '../src/types.js';
import {
  connectStep,
  connectUiFrames,
  connectUiUrl,
  tokenReceived,
  invalidWidget as sharedInvalidWidget,
  type Answer,
  tokenAnswer,
} from './support/fixtures.js';

const token = tokenAnswer;
// A 200 that says invalid: the same answer whatever the status code rules become.
const invalidAnswer: Answer = { json: { status: 'invalid', provider: 'github', message: 'Credentials expired' } };

/** An invalid widget wired to real status/token routes and the stand-in Connect UI. */
const invalidWidget = (options: { status?: Answer[]; token: Answer[]; timeout?: number }) => sharedInvalidWidget({ invalid: invalidAnswer, timeout: 3000, ...options });

/** Resolves when the page receives a message of this type posted by the page itself. */
function pageProbe(type: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.source !== window || event.data?.type !== type) return;
      window.removeEventListener('message', listener);
      resolve();
    };
    window.addEventListener('message', listener);
  });
}

/** Where focus is, as a string (never a live node in an assertion). */
function focusIn(el: NangoConnectionStatus): string {
  const active = el.shadowRoot!.activeElement;
  return active ? `${active.tagName.toLowerCase()}${active.className ? `.${active.className}` : ''}` : `outside (${document.activeElement?.tagName.toLowerCase() ?? 'none'})`;
}

afterEach(() => {
  for (const frame of connectUiFrames()) frame.remove();
  document.body.style.overflow = '';
});

describe('reconnect guards', () => {
  it('handles a second connect message from Connect UI once: one verification, one reconnected', async () => {
    // Verification answers take 300 ms, so a second verification would still be in flight
    // when the first one ends.
    const { el, statusRoute, events } = await invalidWidget({
      status: [{ delayMs: 300, json: { provider: 'github' } }],
      token: [token(connectStep, connectStep)],
    });
    const reconnected = oneEvent(el, 'reconnected');
    el.reconnect();
    await reconnected;
    // The probe: a check sent now is answered after any verification sent for the second
    // connect (both wait 300 ms on the server, and that one left first).
    const checkedAt = el.lastChecked;
    el.refresh();
    await waitUntil(() => el.lastChecked !== checkedAt && el.status === 'valid', 'the probe check answered');
    expect(events.of('reconnected').length, 'reconnected events').to.equal(1);
    // The first check, one verification, the probe.
    expect((await statusRoute.requests()).length, 'status requests').to.equal(3);
  });

  it('ignores a connect forged by the page (no close after it): only Connect UI’s own connect, after it, verifies', async () => {
    // The stand-in says connect only after a pause, long after the forged message was handled.
    const { el, statusRoute, events } = await invalidWidget({ status: [{ json: { provider: 'github' } }], token: [token({ wait: 600 }, connectStep)] });
    const order: string[] = [];
    const record = (event: MessageEvent) => {
      if (event.data?.type === 'connect') order.push(event.source === window ? 'forged' : 'connect-ui');
      if (event.data?.type === 'test:probe') order.push('probe');
    };
    window.addEventListener('message', record);
    try {
      const received = tokenReceived();
      const reconnected = oneEvent(el, 'reconnected') as Promise<CustomEvent<ReconnectedDetail>>;
      el.reconnect();
      await received;
      const probe = pageProbe('test:probe');
      window.postMessage({ type: 'connect', payload: { connectionId: 'evil', providerConfigKey: 'github' } }, '*');
      // Messages from one window arrive in order: once the probe lands, the forged one was handled.
      window.postMessage({ type: 'test:probe' }, '*');
      await probe;
      expect(el.status).to.equal('reconnecting');
      const { detail } = await reconnected;
      expect(order, 'the forged message came first, then the probe, then Connect UI’s').to.deep.equal(['forged', 'probe', 'connect-ui']);
      expect(detail.connectionId).to.equal('conn-1');
      expect(events.of('reconnected').length).to.equal(1);
      // The first check and the one verification that Connect UI's connect started.
      expect((await statusRoute.requests()).length).to.equal(2);
    } finally {
      window.removeEventListener('message', record);
    }
  });
});

describe('focus after the flow ends', () => {
  it('is back on Reconnect after the token URL failed', async () => {
    const { el } = await invalidWidget({ token: [{ status: 500, json: { error: 'boom' } }] });
    const failed = oneEvent(el, 'reconnecterror') as Promise<CustomEvent<ReconnectErrorDetail>>;
    el.reconnect();
    expect((await failed).detail.stage).to.equal('token');
    await waitUntil(() => el.matches(':focus-within'), `focus returns to the widget, is ${focusIn(el)}`);
    expect(focusIn(el)).to.equal('button');
    expect(el.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Reconnect');
  });

  it('is back in the widget after giving up on a Connect UI that never loads', async () => {
    const { el } = await invalidWidget({ token: [token(connectStep)], timeout: 800 });
    el.setAttribute('connect-ui-url', new URL('no-connect-ui-here/', await connectUiUrl()).href);
    await el.updateComplete;
    const failed = oneEvent(el, 'reconnecterror') as Promise<CustomEvent<ReconnectErrorDetail>>;
    el.reconnect();
    expect((await failed).detail.stage).to.equal('connect-ui');
    expect(connectUiFrames().length).to.equal(0);
    await waitUntil(() => el.matches(':focus-within'), 'focus returns to the widget');
    expect(focusIn(el)).to.equal('button');
  });

  it('is back in the widget after a successful reconnect, once Connect UI closes', async () => {
    const { el } = await invalidWidget({ status: [{ json: { provider: 'github' } }], token: [token(connectStep, { wait: 300 }, { type: 'close' })] });
    const reconnected = oneEvent(el, 'reconnected');
    el.reconnect();
    await reconnected;
    await waitUntil(() => connectUiFrames().length === 0, 'Connect UI closes');
    await waitUntil(() => el.matches(':focus-within'), 'focus returns to the widget');
    // No button when valid: the widget's container holds focus (tabindex -1).
    expect(el.status).to.equal('valid');
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('base');
  });
});
