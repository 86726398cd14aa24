/**
 * Reading a `text/event-stream` answer in the tests, as the element does (fetch, not
 * EventSource): each block as it arrives, with a wait that fails naming what came instead.
 */
import type { ConnectionStatusHub, StatusChange } from '../../src/server/index.js';

export interface OpenStream {
  response: Response;
  /** Every block received so far (`event: status\ndata: {...}` or `: heartbeat`). */
  blocks: string[];
  /** The `data` of each `status` event so far. */
  events: Array<{ status: string }>;
  /** Resolves with the next status event (or one already received after `from`); fails after `ms` naming the blocks seen. */
  nextEvent(ms?: number): Promise<{ status: string }>;
  close(): void;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
}

export async function openStream(url: string, init: RequestInit = {}): Promise<OpenStream> {
  const controller = new AbortController();
  // Headers must come at once: an adapter that holds them until the first event would hang here.
  const timer = setTimeout(() => controller.abort(new Error(`no response headers within 5000 ms from ${url}`)), 5000);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: controller.signal });
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
  const blocks: string[] = [];
  const events: Array<{ status: string }> = [];
  let consumed = 0;
  const waiters = new Set<() => void>();
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          blocks.push(block);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) events.push(JSON.parse(data));
          for (const wake of [...waiters]) wake();
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    response,
    blocks,
    events,
    ended,
    nextEvent(ms = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.length > consumed) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(events[consumed++]!);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no status event within ${ms} ms; the stream sent: ${JSON.stringify(blocks)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

/** A real hub that counts its live subscriptions, to find leaked listeners. */
export function countingHub(hub: ConnectionStatusHub): ConnectionStatusHub & { listeners(): number } {
  let live = 0;
  return {
    ...hub,
    ready: hub.ready,
    ttlMs: hub.ttlMs,
    get: hub.get.bind(hub),
    put: hub.put.bind(hub),
    close: hub.close.bind(hub),
    subscribe(listener: (change: StatusChange) => void) {
      live++;
      const stop = hub.subscribe(listener);
      let stopped = false;
      return () => {
        if (!stopped) live--;
        stopped = true;
        stop();
      };
    },
    listeners: () => live,
  };
}

/** Polls `condition` until it holds; fails after `ms` with `describe()`'s words. */
export async function eventually(condition: () => boolean | Promise<boolean>, describe: () => string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
