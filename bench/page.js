// Measurements that run inside the benchmark page (scripts/bench.js loads it after the
// script-tag build). Each returns plain numbers; the runner prints them. Timings only, no asserts.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Resolves with the time a message of this `type` arrives from any frame. */
function nextMessage(type) {
  return new Promise((resolve) => {
    const listener = (event) => {
      if (event.data?.type !== type) return;
      window.removeEventListener('message', listener);
      resolve(performance.now());
    };
    window.addEventListener('message', listener);
  });
}

/** Resolves once the widget reports `status`. */
function untilStatus(el, status) {
  return new Promise((resolve) => {
    if (el.getAttribute('status') === status && el.status === status) return resolve(undefined);
    const listener = (event) => {
      if (event.detail.status !== status) return;
      el.removeEventListener('statuschange', listener);
      resolve(undefined);
    };
    el.addEventListener('statuschange', listener);
  });
}

/** The widget, from connecting to its status on screen (the DOM updated). */
async function widgetOnce(url) {
  const el = document.createElement('nango-connection-status');
  el.setAttribute('status-url', url);
  const valid = untilStatus(el, 'valid');
  const start = performance.now();
  document.body.append(el);
  await valid;
  await el.updateComplete;
  const elapsed = performance.now() - start;
  el.remove();
  return elapsed;
}

/** The least any page could do: one fetch of the same route, body parsed. */
async function fetchOnce(url) {
  const start = performance.now();
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  await response.json();
  return performance.now() - start;
}

let unique = 0;

/**
 * Widget vs bare fetch, interleaved, each on its own URL (no request sharing, no cache).
 */
async function overhead({ runs, delayMs }) {
  const widget = [];
  const bare = [];
  for (let run = -3; run < runs; run++) {
    const url = () => `/status/overhead-${unique++}?delay=${delayMs}`;
    let widgetMs;
    let bareMs;
    // Alternate which goes first, so neither always runs on a warmer page.
    if (run % 2) {
      widgetMs = await widgetOnce(url());
      bareMs = await fetchOnce(url());
    } else {
      bareMs = await fetchOnce(url());
      widgetMs = await widgetOnce(url());
    }
    if (run < 0) continue; // warm-up
    widget.push(widgetMs);
    bare.push(bareMs);
  }
  return { widget: median(widget), bare: median(bare) };
}

/** `performance.memory` after a full collection (the runner exposes gc()). */
async function heapAfterGc() {
  for (let round = 0; round < 3; round++) {
    await sleep(0);
    globalThis.gc?.();
  }
  await sleep(60);
  return performance.memory?.usedJSHeapSize ?? NaN;
}

/**
 * Many widgets sharing a few status URLs: time until every one shows its status, and heap.
 */
async function scale({ widgets, urls, delayMs }) {
  const host = document.createElement('div');
  document.body.append(host);
  const before = await heapAfterGc();
  const els = Array.from({ length: widgets }, (_, i) => {
    const el = document.createElement('nango-connection-status');
    el.setAttribute('status-url', `/status/scale-${i % urls}?delay=${delayMs}`);
    return el;
  });
  const settled = els.map((el) => untilStatus(el, 'valid'));
  const start = performance.now();
  host.append(...els);
  await Promise.all(settled);
  await Promise.all(els.map((el) => el.updateComplete));
  const elapsed = performance.now() - start;
  const after = await heapAfterGc();
  host.remove();
  return { elapsed, heapPerWidget: (after - before) / widgets };
}

/** Resolves once the script-tag flow file has been fetched and has run (its loader removes its script). */
async function untilFlowLoaded() {
  const fetched = () => performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('/nango-connection-status.flow.js'));
  while (!fetched() || document.querySelector('script[src$="nango-connection-status.flow.js"]')) await sleep(10);
}

/**
 * Click on Reconnect → Connect UI. Is its iframe in the DOM when `click()` returns (same task)?
 * When does it post `ready` (loaded) and `standin:token-received` (token delivered)?
 */
async function clickToConnectUi({ runs }) {
  const el = document.querySelector('nango-connection-status#reconnect');
  await untilStatus(el, 'invalid');
  const sync = [];
  const ready = [];
  const token = [];
  // The flow file is fetched as soon as the widget shows Reconnect; a user reads before clicking.
  await untilFlowLoaded();
  for (let run = 0; run < runs; run++) {
    await untilStatus(el, 'invalid');
    await el.updateComplete;
    const readyAt = nextMessage('ready');
    const tokenAt = nextMessage('standin:token-received');
    const cancelled = new Promise((resolve) => el.addEventListener('reconnectcancel', resolve, { once: true }));
    const start = performance.now();
    el.shadowRoot.querySelector('button').click();
    sync.push(document.querySelector('iframe#connect-ui') !== null);
    ready.push((await readyAt) - start);
    token.push((await tokenAt) - start);
    await cancelled; // the scripted Connect UI closes once it has the token
  }
  return { inDomAfterClick: sync.every(Boolean), ready: median(ready), token: median(token) };
}

/** For a real (Playwright) mouse click: is the iframe there once the click event has been handled? */
function watchRealClick() {
  window.__realClick = undefined;
  document.addEventListener(
    'click',
    () => {
      window.__realClick = document.querySelector('iframe#connect-ui') !== null;
    },
    { once: true },
  );
}

window.bench = { overhead, scale, clickToConnectUi, watchRealClick };
