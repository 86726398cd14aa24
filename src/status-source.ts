/**
 * One source of truth per status URL on a page, kept fresh:
 * - a widget's answer is shared with every other widget watching the same URL;
 * - when the user comes back (the tab visible again, the window focused again after they really
 *   left it rather than after focus visited Connect UI's iframe, the browser online again),
 *   the watchers are told to re-check (each watcher throttles a burst into one check);
 * - after a reconnect, other tabs of the same site are told too (`BroadcastChannel`), so no
 *   tab keeps offering "Reconnect" for a connection that is fixed.
 * Page listeners and the channel exist only while some widget watches.
 */
import type { StatusVerdict } from './status-request.js';

export interface StatusWatcher {
  /** The status URL answered (to this widget's request or another's). */
  onVerdict(verdict: StatusVerdict): void;
  /** The answer may be out of date: check again (`fresh`: skip request sharing, e.g. after a reconnect elsewhere). */
  onStale(fresh: boolean): void;
}

const CHANNEL_NAME = 'nango-connection-status';

const watchers = new Map<string, Set<StatusWatcher>>();
let channel: BroadcastChannel | undefined;

function keyOf(url: string): string {
  try {
    return new URL(url, document.baseURI).href;
  } catch {
    return url;
  }
}

/** The user left the page (another tab or app), as opposed to moving focus into an iframe on it. */
let away = false;

function onBlur() {
  // Focus going into Connect UI's iframe (or any iframe here) blurs the window too: not leaving.
  away = !(document.activeElement instanceof HTMLIFrameElement);
}

function onFocus() {
  if (!away) return;
  away = false;
  onPageReturn();
}

function onPageReturn() {
  if (document.visibilityState === 'hidden') return;
  for (const set of watchers.values()) for (const watcher of set) watcher.onStale(false);
}

function onChannelMessage(event: MessageEvent) {
  const data = event.data as { type?: unknown; statusUrl?: unknown } | null;
  if (data?.type !== 'reconnected' || typeof data.statusUrl !== 'string') return;
  for (const watcher of watchers.get(data.statusUrl) ?? []) watcher.onStale(true);
}

function listen(on: boolean) {
  const method = on ? 'addEventListener' : 'removeEventListener';
  document[method]('visibilitychange', onPageReturn);
  window[method]('blur', onBlur);
  window[method]('focus', onFocus);
  window[method]('online', onPageReturn);
  away = on && !document.hasFocus();
  if (on && typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel(CHANNEL_NAME);
    channel.onmessage = onChannelMessage;
  } else if (!on) {
    channel?.close();
    channel = undefined;
  }
}

/** Starts watching a status URL; returns the function that stops. */
export function watchStatus(url: string, watcher: StatusWatcher): () => void {
  const key = keyOf(url);
  if (watchers.size === 0) listen(true);
  let set = watchers.get(key);
  if (!set) watchers.set(key, (set = new Set()));
  set.add(watcher);
  return () => {
    set.delete(watcher);
    if (set.size === 0) watchers.delete(key);
    if (watchers.size === 0) listen(false);
  };
}

/**
 * Shares an answer of the status URL with every widget watching it on this page: called once
 * per request, however many widgets shared it.
 */
export function shareVerdict(url: string, verdict: StatusVerdict) {
  if (watchers.size === 0) return;
  for (const watcher of watchers.get(keyOf(url)) ?? []) watcher.onVerdict(verdict);
}

/** Tells the other tabs of this site that the connection behind `url` was reconnected. */
export function announceReconnected(url: string) {
  channel?.postMessage({ type: 'reconnected', statusUrl: keyOf(url) });
}
