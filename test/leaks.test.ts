/**
 * Nothing is left behind: thousands of widgets mounted and removed, and the reconnect flow
 * opened and closed hundreds of times, leave the page's listeners, timers, channels, iframes,
 * body style and heap where they found them.
 *
 * The page's own APIs are wrapped to count what the widget registers: window and document
 * listeners, timers created from the widget's code (src/, Lit, @nangohq/frontend), and
 * BroadcastChannels. Memory: removed widgets and closed Connect UI iframes must be garbage
 * collected (WeakRefs after `gc()`, which web-test-runner.config.js exposes with
 * `--js-flags=--expose-gc`), and the heap must come back near its baseline.
 */
import { expect } from '@open-wc/testing';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { connectUiFrames, connectUiUrl, scenario, scriptedToken } from './support/fixtures.js';

const WIDGETS = 5_000;
const BATCH = 250;
const FLOWS = 200;

/** Net listener registrations on window and document, as the DOM keeps them (no duplicates). */
const listeners = new Map<EventTarget, Map<string, Set<unknown>>>();
/** Pending timers created from the widget's code, with where they came from. */
const timers = new Map<number, string>();
const openChannels = new Set<BroadcastChannel>();
const originals = {
  add: EventTarget.prototype.addEventListener,
  remove: EventTarget.prototype.removeEventListener,
  setTimeout: window.setTimeout,
  clearTimeout: window.clearTimeout,
  setInterval: window.setInterval,
  clearInterval: window.clearInterval,
  BroadcastChannel: window.BroadcastChannel,
};

/** Code of the widget and its dependencies, as served by the test server. */
const WIDGET_CODE = /:\d+\/(src|node_modules\/(lit|lit-html|lit-element|@lit|@nangohq))\//;

function listenerKey(type: string, options?: boolean | AddEventListenerOptions | EventListenerOptions) {
  const capture = typeof options === 'boolean' ? options : Boolean(options?.capture);
  return `${type}|${capture}`;
}

function instrument() {
  EventTarget.prototype.addEventListener = function (this: EventTarget, type, listener, options) {
    if (listener && (this === window || this === document) && !(typeof options === 'object' && (options.once || options.signal))) {
      let byKey = listeners.get(this);
      if (!byKey) listeners.set(this, (byKey = new Map()));
      const key = listenerKey(type, options);
      if (!byKey.has(key)) byKey.set(key, new Set());
      byKey.get(key)!.add(listener);
    }
    return originals.add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type, listener, options) {
    if (listener) listeners.get(this)?.get(listenerKey(type, options))?.delete(listener);
    return originals.remove.call(this, type, listener, options);
  };
  type Create = (handler: TimerHandler, ms?: number, ...args: unknown[]) => number;
  const track = (create: Create, once: boolean): Create =>
    function (handler, ms, ...args) {
      const stack = new Error().stack ?? '';
      const fromWidget = WIDGET_CODE.test(stack.split('\n').slice(2).join('\n'));
      const id = create.call(
        window,
        typeof handler === 'function'
          ? (...a: unknown[]) => {
              if (once) timers.delete(id);
              (handler as (...a: unknown[]) => void)(...a);
            }
          : handler,
        ms,
        ...args,
      );
      if (fromWidget) timers.set(id, stack);
      return id;
    };
  const forget = (clear: (id?: number) => void) => (id?: number) => {
    if (id !== undefined) timers.delete(id);
    clear.call(window, id);
  };
  Object.assign(window, {
    setTimeout: track(originals.setTimeout as Create, true),
    setInterval: track(originals.setInterval as Create, false),
    clearTimeout: forget(originals.clearTimeout),
    clearInterval: forget(originals.clearInterval),
  });
  window.BroadcastChannel = class CountedBroadcastChannel extends originals.BroadcastChannel {
    constructor(name: string) {
      super(name);
      openChannels.add(this);
    }
    override close() {
      openChannels.delete(this);
      super.close();
    }
  };
}

function restore() {
  EventTarget.prototype.addEventListener = originals.add;
  EventTarget.prototype.removeEventListener = originals.remove;
  Object.assign(window, {
    setTimeout: originals.setTimeout,
    clearTimeout: originals.clearTimeout,
    setInterval: originals.setInterval,
    clearInterval: originals.clearInterval,
    BroadcastChannel: originals.BroadcastChannel,
  });
}

/** What the widget may leave behind, in one comparable object. */
function footprint() {
  const count = (target: EventTarget) => {
    const counts: Record<string, number> = {};
    for (const [key, set] of listeners.get(target) ?? []) if (set.size) counts[key] = set.size;
    return counts;
  };
  return {
    windowListeners: count(window),
    documentListeners: count(document),
    widgetTimers: timers.size,
    broadcastChannels: openChannels.size,
    connectUiFrames: connectUiFrames().length,
    bodyOverflow: document.body.style.overflow,
  };
}

const sleep = (ms: number) => new Promise((resolve) => originals.setTimeout.call(window, resolve, ms));

/**
 * Polls until `predicate` holds. Not open-wc's `waitUntil` (nor `untilStatus`): its give-up
 * timer outlives it and keeps the predicate, and the widgets it reads, alive for its whole timeout.
 */
async function until(predicate: () => boolean, message: string, timeoutMs = 20_000) {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`Timeout: ${message}`);
    await sleep(20);
  }
}

type Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => Promise<void> | undefined;
const exposedGc = (globalThis as { gc?: Gc }).gc;

/**
 * Full garbage collections. Asynchronous ones run from their own task with no JavaScript on the
 * stack, so Blink scans no stack conservatively and a stale pointer there keeps nothing alive.
 */
async function collectGarbage() {
  expect(exposedGc, 'gc() is exposed: launch Chromium with --js-flags=--expose-gc').to.be.a('function');
  // An aborted fetch settles once the network side confirms: give it a moment.
  await sleep(100);
  for (let round = 0; round < 3; round++) await exposedGc!({ type: 'major', execution: 'async' });
  // performance.memory refreshes at most every 50 ms.
  await sleep(60);
}

/** `performance.memory` is Chromium's. */
function usedHeap(): number {
  return (performance as Performance & { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Most of what a leak would hold is garbage once collected: allow a little for caches and the JIT. */
function expectHeapNearBaseline(after: number, baseline: number) {
  expect(after, `heap ${mib(after)} after, ${mib(baseline)} before`).to.be.below(baseline * 1.25 + 2 * 2 ** 20);
}

describe('no leaks', () => {
  before(instrument);
  after(restore);

  it(`mounting and removing ${WIDGETS.toLocaleString('en')} widgets leaves nothing behind`, async function () {
    this.timeout(90_000);
    // A few shared URLs that answer fast, one per kind of pending work a widget can hold:
    // an answer, a retry timer (503 + Retry-After), a poll timer, a request that never answers.
    const [valid, invalid, failing, hanging] = await Promise.all([
      scenario({ json: { provider: 'github' } }),
      scenario({ status: 400, json: { error: 'expired' } }),
      scenario({ status: 503, headers: { 'Retry-After': '300' } }),
      scenario({ hang: true }),
    ]);
    const kinds = [
      { url: valid.url, settles: true },
      { url: valid.url, settles: true, poll: '60' },
      { url: invalid.url, settles: true },
      { url: failing.url, settles: true },
      { url: hanging.url, settles: false },
    ];
    const host = document.createElement('div');
    document.body.append(host);
    const removed: Array<WeakRef<NangoConnectionStatus>> = [];

    async function batch() {
      const widgets = Array.from({ length: BATCH }, (_, i) => {
        const kind = kinds[i % kinds.length];
        const el = document.createElement('nango-connection-status');
        el.setAttribute('status-url', kind.url);
        if (kind.poll) el.setAttribute('poll-interval', kind.poll);
        return { el, kind };
      });
      host.append(...widgets.map(({ el }) => el));
      // A few are gone before their first update: the quickest way in and out.
      for (const { el } of widgets.slice(0, 5)) el.remove();
      const settling = widgets.slice(5).filter(({ kind }) => kind.settles);
      await until(() => settling.every(({ el }) => el.status !== 'checking'), 'the batch settles');
      await Promise.all(widgets.map(({ el }) => el.updateComplete));
      expect(settling.map(({ el }) => el.status)).to.include.members(['valid', 'invalid', 'error']);
      expect(timers.size, 'retry, poll and timeout timers are pending while mounted').to.be.greaterThan(0);
      host.replaceChildren();
      for (const { el } of widgets) removed.push(new WeakRef(el));
      // Removal is noticed a microtask later (a move keeps the widget going): let it pass.
      await sleep(0);
    }

    await batch(); // warm-up: code compiled, templates prepared, first requests made
    await collectGarbage();
    const baselineHeap = usedHeap();
    const baseline = footprint();
    for (let mounted = BATCH; mounted < WIDGETS; mounted += BATCH) await batch();
    host.remove();
    expect(removed.length).to.equal(WIDGETS);

    expect(footprint()).to.deep.equal(baseline);
    expect(footprint()).to.deep.include({ widgetTimers: 0, broadcastChannels: 0, connectUiFrames: 0, bodyOverflow: '' });
    expect(footprint().windowListeners).to.deep.equal({});
    expect(footprint().documentListeners).to.deep.equal({});
    await collectGarbage();
    const alive = removed.flatMap((ref, index) => {
      const el = ref.deref();
      return el ? [`#${index} ${el.getAttribute('status-url')} ${el.status}${el.isConnected ? ' connected' : ''}`] : [];
    });
    expect(alive, 'removed widgets still alive after gc').to.deep.equal([]);
    expectHeapNearBaseline(usedHeap(), baselineHeap);
  });

  it(`opening and closing the reconnect flow ${FLOWS} times leaves nothing behind`, async function () {
    this.timeout(90_000);
    const status = await scenario({ status: 400, json: { error: 'expired' } });
    // Connect UI closes as soon as it has the token, as a user closing it at once.
    const tokenRoute = await scenario({ json: { sessionToken: scriptedToken({ type: 'close' }) } });
    // Another origin on the same site: the iframe stays in this process (so its heap is
    // counted too). Cross-site, each flow would start a renderer process, about 3x slower here.
    const sameSite = new URL(await connectUiUrl());
    sameSite.hostname = location.hostname;
    await collectGarbage();
    const baselineHeap = usedHeap();
    const baseline = footprint();

    let el: NangoConnectionStatus | undefined = document.createElement('nango-connection-status');
    el.setAttribute('status-url', status.url);
    el.setAttribute('token-url', tokenRoute.url);
    el.setAttribute('connect-ui-url', sameSite.href);
    el.setAttribute('api-url', 'http://127.0.0.1:9/api');
    document.body.append(el);
    await until(() => el!.status === 'invalid', 'the widget shows invalid');
    expect(footprint().windowListeners, 'watching the page while mounted').to.have.any.keys('focus|false');
    const frames: Array<WeakRef<HTMLIFrameElement>> = [];
    let cancels = 0;
    el.addEventListener('reconnectcancel', () => cancels++);

    for (let flow = 0; flow < FLOWS; flow++) {
      // Not open-wc's oneEvent: its promise resolves with the event, and a settled promise left in
      // this async function's frame would keep the event's target, the widget, alive.
      const cancelled = new Promise<void>((resolve) => el!.addEventListener('reconnectcancel', () => resolve(), { once: true }));
      el.reconnect();
      expect(el.status).to.equal('reconnecting');
      expect(connectUiFrames().length).to.equal(1);
      expect(document.body.style.overflow).to.equal('hidden');
      frames.push(new WeakRef(connectUiFrames()[0]));
      await cancelled;
      expect(connectUiFrames().length).to.equal(0);
      expect(document.body.style.overflow).to.equal(baseline.bodyOverflow);
    }
    expect(cancels).to.equal(FLOWS);
    expect((await tokenRoute.requests()).length).to.equal(FLOWS);
    // Each cancel asks the status URL again, quietly: let the last one finish.
    await until(() => timers.size === 0, 'the last quiet re-check finishes');
    expect(el.status).to.equal('invalid');
    const widget = new WeakRef(el);
    el.remove();
    el = undefined;
    await sleep(0);

    expect(footprint()).to.deep.equal(baseline);
    expect(footprint()).to.deep.include({ widgetTimers: 0, broadcastChannels: 0, connectUiFrames: 0 });
    await collectGarbage();
    expect(frames.filter((ref) => ref.deref()).length, 'closed Connect UI iframes still alive after gc').to.equal(0);
    // Booleans and counts only: a failing assertion holding a live element would be serialized whole.
    expect(widget.deref() === undefined, 'the removed widget is collected').to.equal(true);
    expectHeapNearBaseline(usedHeap(), baselineHeap);
  });
});
