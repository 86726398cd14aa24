import type { IncomingMessage, ServerResponse } from 'node:http';
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
  /** Largest request body read, in bytes; a bigger one is answered 413. Default 1 MiB. */
  maxBodyBytes?: number;
}

class BodyTooLargeError extends Error {}

/**
 * Adapts a Fetch API handler (such as {@link createConnectionStatusHandler}'s) to Node's
 * `(req, res, next?)`, for `http.createServer`, Express and Connect. The `Request` gets the
 * method, headers, body (except for GET/HEAD) and an absolute URL built from the `Host` header;
 * its `signal` aborts when the client goes away. An error thrown by the handler goes to `next`
 * when there is one, else becomes a bare 500.
 *
 * @example
 * import http from 'node:http';
 * import { createConnectionStatusHandler, toNodeHandler } from 'nango-connection-status/server';
 *
 * const status = toNodeHandler(createConnectionStatusHandler({ nango, resolve }));
 * http.createServer((req, res) => {
 *   if (req.url === '/api/nango/status') return status(req, res);
 *   res.statusCode = 404;
 *   res.end();
 * }).listen(3000);
 *
 * // Express: app.get('/api/nango/status', status);
 */
export function toNodeHandler(fetchHandler: FetchHandler, options: NodeHandlerOptions = {}): NodeHandler {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  return function nodeHandler(req, res, next) {
    run(fetchHandler, req, res, maxBodyBytes).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        sendBareError(res, 413, 'payload_too_large', 'The request body is too large.');
      } else if (next) {
        next(error);
      } else {
        sendBareError(res, 500, 'internal_error', 'Something went wrong.');
      }
    });
  };
}

async function run(fetchHandler: FetchHandler, req: NodeRequest, res: ServerResponse, maxBodyBytes: number): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });

  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit = { method, headers: toHeaders(req), signal: controller.signal };
  if (method !== 'GET' && method !== 'HEAD') {
    const body = await readBody(req, maxBodyBytes);
    // A copy on a plain ArrayBuffer: what BodyInit accepts whatever backs the Buffer.
    if (body !== undefined) init.body = typeof body === 'string' ? body : new Uint8Array(body);
  }
  const response = await fetchHandler(new Request(absoluteUrl(req), init));
  await writeResponse(response, method, res);
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (":path"...) are not valid header names for a Request.
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

function absoluteUrl(req: NodeRequest): string {
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const host = req.headers.host ?? 'localhost';
  let path = req.originalUrl ?? req.url ?? '/';
  if (!path.startsWith('/')) path = `/${path}`;
  try {
    return new URL(`${encrypted ? 'https' : 'http'}://${host}${path}`).href;
  } catch {
    // A Host header that is not a host: the path still routes, the origin is a placeholder.
    return new URL(path, 'http://localhost').href;
  }
}

async function readBody(req: NodeRequest, maxBodyBytes: number): Promise<Uint8Array | string | undefined> {
  // A body parser (express.json(), ...) already drained the stream: rebuild what it read.
  // (`complete` is no test: it turns true once the body has arrived, read or not.)
  if (req.readableEnded) {
    const parsed = req.body;
    if (parsed === undefined || parsed === null) return undefined;
    if (typeof parsed === 'string' || parsed instanceof Uint8Array) return parsed;
    return JSON.stringify(parsed);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > maxBodyBytes) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks);
}

async function writeResponse(response: Response, method: string, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);

  if (method === 'HEAD' || !response.body) {
    res.end();
    return;
  }
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (res.destroyed) return;
    res.write(chunk);
  }
  res.end();
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
