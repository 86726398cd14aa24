/**
 * What the widget lets Connect UI be and hear: only allowed URLs for `connect-ui-url` and
 * `api-url` (nothing is opened otherwise), `apiURL` passed without a trailing slash, and only
 * messages from Connect UI's own iframe believed: not another frame of its origin, not the
 * page itself when Connect UI is same-origin. Real `ConnectUI`, the stand-in Connect UI.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import type { ReconnectErrorDetail } from '../src/types.js';
import { connectUiFrames, connectUiUrl, recordEvents, scenario, scriptedToken, untilStatus, type Answer, type ConnectUiStep } from './support/fixtures.js';

const invalidAnswer: Answer = { status: 400, json: { error: { message: 'Credentials expired' }, provider: 'github' } };
/** The stand-in Connect UI served by the test server itself: same origin as this page. */
const sameOriginConnectUi = new URL('/demo/connect-ui/', location.href).href;
const added: Element[] = [];

/** An invalid widget; its token route hangs unless told otherwise (tests hand Connect UI its token themselves). */
async function invalidWidget({ connectUi, apiUrl = 'http://127.0.0.1:9/api', status = [] }: { connectUi?: string; apiUrl?: string; status?: Answer[] } = {}) {
  const statusRoute = await scenario(invalidAnswer, ...status);
  const tokenRoute = await scenario({ hang: true });
  const el = await fixture<NangoConnectionStatus>(
    html`<nango-connection-status
      lang="en"
      status-url=${statusRoute.url}
      token-url=${tokenRoute.url}
      connect-ui-url=${connectUi ?? (await connectUiUrl())}
      api-url=${apiUrl}
    ></nango-connection-status>`,
  );
  await untilStatus(el, 'invalid');
  return { el, events: recordEvents(el) };
}

/** Resolves on the next message of this type that reaches the page, whoever sent it. */
function nextMessage(type: string, origin?: string): Promise<MessageEvent> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.data?.type !== type || (origin && event.origin !== origin)) return;
      removeEventListener('message', listener);
      resolve(event);
    };
    addEventListener('message', listener);
  });
}

/** Makes a stand-in Connect UI document (Connect UI's iframe or another) play these steps: it is this page's child. */
function play(frame: HTMLIFrameElement, ...steps: ConnectUiStep[]) {
  frame.contentWindow!.postMessage({ type: 'session_token', sessionToken: scriptedToken(...steps) }, '*');
}

const forged: ConnectUiStep[] = [
  { type: 'connect', payload: { connectionId: 'forged', providerConfigKey: 'github' } },
  { type: 'error', payload: { errorType: 'forged', errorMessage: 'forged' } },
  { type: 'close' },
];
const realConnect: ConnectUiStep = { type: 'connect', payload: { connectionId: 'conn-real', providerConfigKey: 'github' } };

/**
 * The positive probe: Connect UI's own iframe says `connect` after the forged messages were
 * delivered. Had the forged `connect` been believed, `reconnected` would carry its id (the
 * widget takes the first one); had the forged `close`, the flow would have been cancelled.
 */
async function expectOnlyTheRealConnect(el: NangoConnectionStatus, events: ReturnType<typeof recordEvents>, frame: HTMLIFrameElement) {
  const outcome = Promise.race([
    oneEvent(el, 'reconnected').then((event) => `reconnected ${event.detail.connectionId}`),
    oneEvent(el, 'reconnectcancel').then(() => 'cancelled'),
  ]);
  expect(connectUiFrames(), 'Connect UI still open after the forged close').to.deep.equal([frame]);
  play(frame, realConnect);
  expect(await outcome).to.equal('reconnected conn-real');
  expect(events.of('reconnecterror').map((event) => (event.detail as ReconnectErrorDetail).errorType)).to.deep.equal([]);
  expect(events.of('reconnectcancel')).to.deep.equal([]);
}

afterEach(() => {
  for (const frame of connectUiFrames()) frame.remove();
  for (const node of added.splice(0)) node.remove();
  document.body.style.overflow = '';
});

describe('Connect UI URLs', () => {
  for (const attribute of ['connect-ui-url', 'api-url']) {
    // (Payloads that do not block: an alert() would stall the test runner instead of failing a test.)
    for (const value of ['javascript:parent.document.body.dataset.pwned=1//', 'data:text/html,<script>parent.postMessage({type:"connect"},"*")</script>', 'http://example.com/']) {
      it(`refuses ${attribute}="${value.slice(0, 16)}…": no iframe, reconnecterror connect-ui, a console error naming the attribute`, async () => {
        const { el, events } = await invalidWidget();
        el.setAttribute(attribute, value);
        await el.updateComplete;
        const errors: string[] = [];
        const original = console.error;
        console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
        let iframes = 0;
        const watcher = new MutationObserver((records) => {
          for (const record of records) for (const node of record.addedNodes) if (node.nodeName === 'IFRAME') iframes++;
        });
        watcher.observe(document.body, { childList: true, subtree: true });
        try {
          const failed = oneEvent(el, 'reconnecterror');
          el.reconnect();
          const { detail } = await failed;
          expect(detail.stage).to.equal('connect-ui');
          expect(errors.length, 'one console error').to.equal(1);
          expect(errors[0]).to.contain(attribute);
          await el.updateComplete;
          expect(iframes, 'iframes created').to.equal(0);
          expect(connectUiFrames().length).to.equal(0);
          expect(el.status).to.equal('invalid');
          expect(document.body.style.overflow).to.equal('');
          expect(events.of('reconnectcancel')).to.deep.equal([]);
          expect(document.body.dataset.pwned).to.equal(undefined);
        } finally {
          console.error = original;
          watcher.disconnect();
          delete document.body.dataset.pwned;
        }
      });
    }
  }

  for (const [written, passed] of [
    ['https://api.example.com', 'https://api.example.com'],
    ['https://api.example.com/', 'https://api.example.com'],
    ['https://api.example.com/nango/', 'https://api.example.com/nango'],
    ['/api/nango/', new URL('/api/nango', location.href).href],
  ]) {
    it(`passes api-url="${written}" to Connect UI as ${passed} (no trailing slash: Connect UI appends its paths)`, async () => {
      const { el } = await invalidWidget({ apiUrl: written });
      el.reconnect();
      const [frame] = connectUiFrames();
      expect(new URL(frame.src).searchParams.get('apiURL')).to.equal(passed);
    });
  }

  it('accepts a relative connect-ui-url (resolved against the page) and an http: one on loopback', async () => {
    const { el } = await invalidWidget({ connectUi: '/demo/connect-ui/' });
    el.reconnect();
    expect(connectUiFrames()[0].src.startsWith(sameOriginConnectUi)).to.be.true;
  });
});

describe('Connect UI messages', () => {
  it('ignores close, error and connect from another frame of the Connect UI origin', async () => {
    const { el, events } = await invalidWidget({ status: [{ json: { status: 'valid', provider: 'github' } }] });
    const origin = new URL(await connectUiUrl()).origin;
    const ready = nextMessage('ready', origin);
    el.reconnect();
    const [frame] = connectUiFrames();
    await ready;
    // Another document of the same origin (an ad, a second Connect UI tab's frame, …), framed by this page.
    const forger = document.createElement('iframe');
    forger.src = await connectUiUrl();
    const forgerReady = nextMessage('ready', origin);
    document.body.append(forger);
    added.push(forger);
    expect((await forgerReady).source).to.equal(forger.contentWindow);
    const forgedClose = nextMessage('close', origin);
    play(forger, ...forged);
    expect((await forgedClose).source, 'the forged close reached the page').to.equal(forger.contentWindow);
    await expectOnlyTheRealConnect(el, events, frame);
  });

  it('ignores close, error and connect posted by the page itself when Connect UI is same-origin', async () => {
    const { el, events } = await invalidWidget({ connectUi: sameOriginConnectUi, status: [{ json: { status: 'valid', provider: 'github' } }] });
    const ready = nextMessage('ready', location.origin);
    el.reconnect();
    const [frame] = connectUiFrames();
    expect(new URL(frame.src).origin).to.equal(location.origin);
    await ready;
    for (const step of forged) window.postMessage(step, '*');
    // Messages from one window arrive in order: once this one is here, the forged ones were delivered.
    const delivered = nextMessage('test:delivered');
    window.postMessage({ type: 'test:delivered' }, '*');
    await delivered;
    await expectOnlyTheRealConnect(el, events, frame);
  });
});
