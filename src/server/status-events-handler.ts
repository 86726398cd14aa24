/**
 * The handler behind the element's `events-url`: a `text/event-stream` that tells the signed-in
 * user's page when the hub hears news about *their* connection, so the widget re-checks at once
 * instead of polling.
 */
import { defaultHub } from './hub/memory.js';
import type { ConnectionStatusHub, StatusChange } from './hub/types.js';
import { durationFrom, errorResponse, methodNotAllowed, resolveConnection, type CheckedRef, type Reporter } from './responses.js';
import type { ConnectionStatusError } from './errors.js';
import type { ConnectionRef, FetchHandler, ResolveConnection } from './types.js';

/** Options of {@link createStatusEventsHandler}. */
export interface StatusEventsHandlerOptions {
  /**
   * Which connection the signed-in user may hear about: the same `resolve` as the status
   * handler's, or one answering all of the user's connections (an array), so a page with several
   * widgets needs one stream (browsers allow 6 connections per host over HTTP/1.1). `null` → 401.
   */
  resolve: ResolveConnection | ResolveConnections;
  /** Where the news comes from. Default: the process-wide in-memory hub the webhook handler also uses by default. */
  hub?: ConnectionStatusHub;
  /** A comment line this often keeps proxies from closing an idle stream. Default 25000 ms. */
  heartbeatMs?: number;
  /** Streams open at once through this handler; one more is answered 503. Default 1000. */
  maxStreams?: number;
  /**
   * A stream is ended after this long (the element opens a new one, and `resolve` runs again, so
   * a signed-out user stops hearing). Default 900000 ms (15 minutes).
   */
  maxAgeMs?: number;
  /** Told about `resolve` failures, never in a response. */
  onError?: (error: ConnectionStatusError, request: Request) => void;
}

/** A `resolve` for a page of widgets: every connection of the signed-in user, or `null` when nobody is signed in. */
export type ResolveConnections = (request: Request) => ConnectionRef[] | null | Promise<ConnectionRef[] | null>;

const encoder = new TextEncoder();

/**
 * Creates the `GET` handler for the element's `events-url`.
 *
 * - `resolve` answers `null` → 401 (JSON, no stream); throws → 500; 405 for other methods;
 *   503 `too_many_streams` (with `Retry-After`) when `maxStreams` are open.
 * - Else `200 text/event-stream`: `: connected`, then `event: status` /
 *   `data: {"status":"invalid","provider_config_key":"github"}` each time the hub hears news about
 *   this user's connection (same integration, and the same connection id or end user id) — never
 *   about anyone else's — and `: heartbeat` comments.
 * - It ends when the client goes away (nothing is left subscribed), or after `maxAgeMs`.
 *
 * The event only says "check again": the widget asks its `status-url`, which answers as always.
 *
 * @example
 * const hub = createInMemoryHub();
 * export const GET = createStatusEventsHandler({ resolve, hub }); // the element's events-url
 */
export function createStatusEventsHandler(options: StatusEventsHandlerOptions): FetchHandler {
  const hub = options.hub ?? defaultHub();
  const heartbeatMs = durationFrom(options.heartbeatMs, 25_000);
  const maxAgeMs = durationFrom(options.maxAgeMs, 15 * 60_000);
  const maxStreams = typeof options.maxStreams === 'number' && options.maxStreams >= 0 ? options.maxStreams : 1000;
  // Stryker disable next-line ArrayDeclaration: only text containing a secret is redacted; this handler holds none, so any list of strings no message contains is the same.
  const reporter: Reporter = { onError: options.onError, secrets: [] };
  let open = 0;

  return async function statusEventsHandler(request: Request): Promise<Response> {
    if (request.method !== 'GET') return methodNotAllowed(request, 'GET');
    const resolved = await resolveAll(request, options.resolve, reporter);
    if (!resolved.ok) return resolved.response;
    const { refs } = resolved;
    if (request.signal.aborted) return errorResponse(request, 499, 'client_closed_request', 'The request was cancelled.');
    if (open >= maxStreams) {
      return errorResponse(request, 503, 'too_many_streams', 'Too many live connections right now. Try again later.', { headers: { 'Retry-After': '30' } });
    }
    open++;
    let stop: () => void = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let ended = false;
        const send = (text: string) => {
          if (ended) return;
          try {
            controller.enqueue(encoder.encode(text));
          }
          // Stryker disable next-line BlockStatement: unreachable today (every path that closes the stream ends it first, and send() checks `ended`); kept so a stream closed some new way ends instead of throwing in a timer.
          catch {
            stop();
          }
        };
        const unsubscribe = hub.subscribe((change) => {
          if (refs.some((ref) => concerns(ref, change))) {
            send(`event: status\ndata: ${JSON.stringify({ status: change.status, provider_config_key: change.providerConfigKey })}\n\n`);
          }
        });
        const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
        const maxAge = setTimeout(() => {
          stop();
          try {
            controller.close();
          } catch {
            // Already closed.
          }
        }, maxAgeMs);
        stop = () => {
          if (ended) return;
          ended = true;
          open--;
          unsubscribe();
          clearInterval(heartbeat);
          clearTimeout(maxAge);
          request.signal.removeEventListener('abort', stop);
        };
        // stop() removes it: no `once` needed.
        request.signal.addEventListener('abort', stop);
        send(': connected\n\n');
      },
      cancel() {
        stop();
      },
    });
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // nginx buffers proxied answers unless told not to.
        'X-Accel-Buffering': 'no',
      },
    });
  };
}

/** Runs `resolve` once; each connection it answers is checked as the status handler checks one. */
async function resolveAll(
  request: Request,
  resolve: ResolveConnection | ResolveConnections,
  reporter: Reporter,
): Promise<{ ok: true; refs: CheckedRef[] } | { ok: false; response: Response }> {
  let answer: ConnectionRef | ConnectionRef[] | null;
  try {
    answer = await resolve(request);
  } catch (error) {
    // resolveConnection answers a throw as the status handler does (500, reported).
    return resolveConnection(request, () => Promise.reject(error), reporter) as Promise<{ ok: false; response: Response }>;
  }
  // Stryker disable next-line ArrayDeclaration: a non-ref in the list (a string) has no integrationId, so concerns() never matches it: the same stream.
  const refs: CheckedRef[] = [];
  for (const ref of Array.isArray(answer) ? answer : [answer]) {
    const checked = await resolveConnection(request, () => ref, reporter);
    if (!checked.ok) return checked;
    refs.push(checked.ref);
  }
  return { ok: true, refs };
}

/** Whether news is about the user's own connection: same integration, and their id or their end user. */
function concerns(ref: CheckedRef, change: StatusChange): boolean {
  if (change.providerConfigKey !== ref.integrationId) return false;
  // A change always names its connection id, so a ref without one never matches by id; and the
  // ref's endUser.id is always a string (resolveConnection checked it), so a change naming no end
  // user never matches by end user.
  if (change.connectionId === ref.connectionId) return true;
  return ref.endUser !== undefined && change.endUserId === ref.endUser.id;
}

