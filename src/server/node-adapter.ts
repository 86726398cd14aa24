import type { IncomingMessage, ServerResponse } from 'node:http';
import { placeholderOrigins } from './request-guards.js';
import type { FetchHandler } from './types.js';

/** What Express and Connect add to Node's request; both optional so plain `http` works too. */
export type NodeRequest = IncomingMessage & {
  /** Express: the URL before a mount path was stripped from `url`. */
  originalUrl?: string;
  /** A body parser that ran before us already read the stream into this. */
  body?: unknown;
};

/** `next` of Express and Connect. */
export type NodeNext = (error?: unknown) => void;

/** A request handler for Node `http`, Express and Connect. */
export type NodeHandler = (req: NodeRequest, res: ServerResponse, next?: NodeNext) => void;

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /**
   * The origin of the `Request` URLs the handler sees (`https://app.example.com`). Default
   * `http://localhost`, a placeholder: the token route's same-origin check then compares the
   * `Origin` header with the `Host` header only. Never taken from the `Host` header, which the
   * client chooses.
   */
  origin?: string;
  /** Largest request body read, in bytes; a bigger one is answered 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long reading the body may take; a slower one is answered 408. Default 10000 ms. */
  bodyTimeoutMs?: number;
  /** Called with an error the handler threw (the client got a bare 500). */
  onError?: (error: unknown) => void;
}

class BodyTooLargeError extends Error {}
class BodyTimeoutError extends Error {}

/** A Host header: a name or an IP literal and an optional port. No userinfo, path, query or spaces. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
/** An HTTP method token (RFC 9110). */
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;
/** Methods the Fetch API refuses to build a `Request` for. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * Adapts a Fetch API handler (such as {@link createConnectionStatusHandler}'s) to Node's
 * `(req, res, next?)`, for `http.createServer`, Express and Connect. The `Request` gets the
 * method, headers, body (streamed, except for GET/HEAD, read only if the handler reads it) and
 * a URL made of `options.origin` and the raw request path — never of the `Host` header, so the
 * path a `resolve` reads is the path the router matched. Its `signal` aborts when the client
 * goes away.
 *
 * Answered here, without calling the handler: 400 `invalid_host` for a `Host` with userinfo,
 * a path or other characters no host has; 405 for `TRACE`, `CONNECT` and malformed methods;
 * 413 / 408 for a body over `maxBodyBytes` or slower than `bodyTimeoutMs`. An error the
 * handler throws becomes a bare 500 (and goes to `options.onError`): nothing escapes to the
 * framework, which could render a stack trace.
 *
 * @example
 * import http from 'node:http';
 * import { createConnectionStatusHandler, toNodeHandler } from 'nango-connection-status/server';
 *
 * const status = toNodeHandler(createConnectionStatusHandler({ nango, resolve }), { origin: 'https://app.example.com' });
 * http.createServer((req, res) => {
 *   if (req.url === '/api/nango/status') return status(req, res);
 *   res.statusCode = 404;
 *   res.end();
 * }).listen(3000);
 *
 * // Express: app.get('/api/nango/status', status);
 */
export function toNodeHandler(fetchHandler: FetchHandler, options: NodeHandlerOptions = {}): NodeHandler {
  const origin = new URL(options.origin ?? 'http://localhost').origin;
  const placeholder = options.origin === undefined;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;

  return function nodeHandler(req, res) {
    const body: BodyState = {};
    run(fetchHandler, req, res, { origin, placeholder, maxBodyBytes, bodyTimeoutMs }, body).catch((error: unknown) => {
      const failure = body.failure ?? error;
      if (failure instanceof BodyTooLargeError) return sendBareError(res, 413, 'payload_too_large', 'The request body is too large.');
      if (failure instanceof BodyTimeoutError) return sendBareError(res, 408, 'request_timeout', 'The request took too long to arrive.');
      try {
        // Stryker disable next-line OptionalChaining: without onError, calling undefined throws into the catch below: the same 500.
        options.onError?.(error);
      } catch {
        // A broken logger must not keep the client waiting.
      }
      sendBareError(res, 500, 'internal_error', 'Something went wrong.');
    });
  };
}

interface BodyState {
  /** The first way reading the request body failed (too large, too slow, the client went away). */
  failure?: Error;
}

async function run(
  fetchHandler: FetchHandler,
  req: NodeRequest,
  res: ServerResponse,
  limits: { origin: string; placeholder: boolean; maxBodyBytes: number; bodyTimeoutMs: number },
  body: BodyState,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (!METHOD.test(method) || FORBIDDEN_METHODS.has(method)) {
    res.setHeader('Allow', 'GET, HEAD, POST');
    return sendBareError(res, 405, 'method_not_allowed', 'This method is not allowed here.');
  }
  // No Host at all (HTTP/1.0) is fine: the URL never comes from it.
  if (!HOST.test(req.headers.host ?? 'localhost')) return sendBareError(res, 400, 'invalid_host', 'The Host header is not a host.');
  const url = requestUrl(req, limits.origin);
  if (!url) return sendBareError(res, 400, 'invalid_path', 'The request path is not a path.');

  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });

  const init: RequestInit & { duplex?: 'half' } = { method, headers: toHeaders(req), signal: controller.signal };
  // No Content-Length is NaN here, and not finite: only a declared length is compared.
  const declaredLength = Number(req.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > limits.maxBodyBytes) {
    return sendBareError(res, 413, 'payload_too_large', 'The request body is too large.');
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const parsed = alreadyParsedBody(req);
    if (parsed !== undefined) init.body = parsed;
    else if (!req.readableEnded) {
      init.body = bodyStream(req, limits, body);
      init.duplex = 'half';
    }
  }
  const request = new Request(url, init);
  if (limits.placeholder) placeholderOrigins.add(request);
  const response = await fetchHandler(request);
  await writeResponse(response, method, res);
}

/** The configured origin + the raw path the router saw (`originalUrl` under an Express mount). */
function requestUrl(req: NodeRequest, origin: string): string | undefined {
  let target = req.originalUrl ?? req.url ?? '/';
  if (!target.startsWith('/')) {
    // Absolute-form (`GET http://host/path`), as sent to proxies: keep its path only.
    try {
      const absolute = new URL(target);
      target = `${absolute.pathname}${absolute.search}`;
    } catch {
      return undefined;
    }
  }
  // Concatenated, not resolved: `//other.example/x` stays a path on our origin. (Only an
  // origin option that is no web origin, such as file:'s "null", makes this no URL.)
  const url = `${origin}${target.split('#')[0]}`;
  return URL.canParse(url) ? new URL(url).href : undefined;
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, item);
      } catch {
        // A name or value Node accepted but the Fetch API does not (HTTP/2 pseudo-headers such
        // as ":path"): dropped rather than a 500.
      }
    }
  }
  return headers;
}

/** A body parser (express.json(), ...) already drained the stream: rebuild what it read. */
function alreadyParsedBody(req: NodeRequest): string | Uint8Array<ArrayBuffer> | undefined {
  // (`complete` is no test: it turns true once the body has arrived, read or not.)
  if (!req.readableEnded) return undefined;
  const parsed = req.body;
  if (typeof parsed === 'string') return parsed;
  // A copy on a plain ArrayBuffer: what BodyInit accepts whatever backs the Buffer.
  if (parsed instanceof Uint8Array) return new Uint8Array(parsed);
  // Nothing parsed (undefined, null): no body. JSON.stringify(undefined) is undefined too.
  return parsed === null ? undefined : (JSON.stringify(parsed) as string | undefined);
}

/**
 * The request body as a stream the handler pulls from: nothing is read until the handler
 * asks (so a request refused on its headers costs no buffering), at most `maxBodyBytes`, and
 * no longer than `bodyTimeoutMs` from the first read.
 */
function bodyStream(req: NodeRequest, limits: { maxBodyBytes: number; bodyTimeoutMs: number }, state: BodyState): ReadableStream<Uint8Array> {
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cleanup = () => {
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
  };
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const fail = (error: Error) => {
    state.failure ??= error;
    cleanup();
    req.pause();
    try {
      controller.error(error);
    } catch {
      // Already closed.
    }
  };
  const onData = (chunk: Buffer | string) => {
    // A string when something called req.setEncoding() before us.
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk);
    size += bytes.length;
    if (size > limits.maxBodyBytes) return fail(new BodyTooLargeError());
    controller.enqueue(bytes);
    // A high-water mark of 0: the queue is full with this chunk. The next pull() resumes.
    req.pause();
  };
  const onEnd = () => {
    cleanup();
    try {
      controller.close();
    } catch {
      // Already errored.
    }
  };
  const onError = (error: Error) => fail(error);
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (timer === undefined) {
          timer = setTimeout(() => fail(new BodyTimeoutError()), limits.bodyTimeoutMs);
          req.on('data', onData);
          req.on('end', onEnd);
          req.on('error', onError);
        }
        req.resume();
      },
      cancel() {
        cleanup();
        req.pause();
      },
    },
    { highWaterMark: 0 },
  );
}

async function writeResponse(response: Response, method: string, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  // An empty one ('') lets Node write the standard reason phrase.
  res.statusMessage = response.statusText;
  // Each Set-Cookie its own header line, never joined with commas.
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => res.setHeader(name, name === 'set-cookie' ? cookies : value));

  if (method === 'HEAD' || !response.body) {
    res.end();
    return;
  }
  await streamBody(response.body, res);
}

/**
 * Writes the body chunk by chunk as the handler produces it, never buffering a whole streamed
 * answer (an event stream never ends): headers go out at once, a slow client pauses the reading
 * (`drain`), and a client that goes away cancels the body, so the handler's clean-up runs even
 * when it does not watch `request.signal`.
 */
async function streamBody(body: ReadableStream<Uint8Array>, res: ServerResponse): Promise<void> {
  const reader = body.getReader();
  const onClose = () => void reader.cancel().catch(() => {});
  res.once('close', onClose);
  // An event stream's first bytes may come much later: the client must see the status now.
  if (/^text\/event-stream\b/i.test(String(res.getHeader('content-type')))) res.flushHeaders();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await drained(res);
    }
  } catch (error) {
    // The client left (the read was cancelled): nothing to answer.
    if (res.destroyed) return;
    throw error;
  } finally {
    res.off('close', onClose);
  }
  res.end();
}

/** Until the client read what was written, or left. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function sendBareError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify({ error: { code, message } }));
}
