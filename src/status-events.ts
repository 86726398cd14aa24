/**
 * Live updates from the app's `events-url`: one stream per URL on the page, shared by every
 * widget that names it, read with `fetch` (so it carries the widget's `credentials` and
 * `headers`, which `EventSource` cannot). Any `data:` event means "check again". It reconnects
 * with backoff (never sooner than 2 s), stops when no widget listens, and gives up for good,
 * with one console warning, on 401, 404 or an answer that is not an event stream: the widget
 * then works as without it.
 */
import type { RequestSettings } from './http.js';

interface Stream {
  /** The widgets' callbacks, given each event's text (`""` when news may have been missed). */
  l: Set<(data: string) => void>;
  a: AbortController;
}

const streams = new Map<string, Stream>();

/**
 * Calls `onEvent` with each event's text (its `data: {"status":…,"provider_config_key":…}`), and
 * with `""` after a reconnect (news may have come meanwhile); returns the function that stops listening.
 */
export function listenForEvents(url: string, settings: RequestSettings, onEvent: (data: string) => void): () => void {
  let stream = streams.get(url);
  if (!stream) {
    streams.set(url, (stream = { l: new Set(), a: new AbortController() }));
    void run(url, settings, stream);
  }
  // Each widget passes a callback of its own, so the Set holds one entry per widget.
  const own = stream;
  own.l.add(onEvent);
  return () => {
    own.l.delete(onEvent);
    if (!own.l.size && streams.get(url) == own) {
      streams.delete(url);
      own.a.abort();
    }
  };
}

async function run(url: string, { credentials, headers }: RequestSettings, stream: Stream) {
  const signal = stream.a.signal;
  const tell = (data: string) => stream.l.forEach((listener) => listener(data));
  let delay = 2000;
  let opened = false;
  while (!signal.aborted) {
    try {
      const response = await fetch(url, { credentials, headers: { Accept: 'text/event-stream', ...headers }, signal, cache: 'no-store' });
      const { status, body } = response;
      if (status == 401 || status == 404 || (response.ok && !/event-stream/.test(response.headers.get('content-type') ?? ''))) {
        console.warn(`<nango-connection-status>: events-url answered ${status}, not an event stream: no live updates`);
        return body?.cancel();
      }
      if (response.ok && body) {
        // News may have come while we were away: check once now.
        if (opened) tell('');
        opened = true;
        delay = 2000;
        const reader = body.pipeThrough(new TextDecoderStream()).getReader();
        let text = '';
        for (let step; !(step = await reader.read()).done; ) {
          const blocks = (text += step.value).split('\n\n');
          text = blocks.pop()!;
          for (const block of blocks) if (/^data:/m.test(block)) tell(block);
        }
      } else body?.cancel();
    } catch {
      // Network error, or aborted: the loop decides.
    }
    // Equal jitter, so the pages a server restart cut off do not all come back at once.
    await new Promise((resolve) => setTimeout(resolve, delay * (1 + Math.random())));
    delay = Math.min(delay * 2, 60_000);
  }
}
