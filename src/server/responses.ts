/**
 * Internal helpers shared by the handlers: safe JSON answers, resolving the connection,
 * bounding Nango calls in time, and reading `@nangohq/node`'s axios errors.
 * Nothing here is exported from the package entry.
 */
import type { ConnectionRef, ErrorBody, ResolveConnection } from './types.js';

export const DEFAULT_TIMEOUT_MS = 8000;

/**
 * A JSON answer that no cache may keep: a status or a session token is only true for this
 * user at this moment. For HEAD the body is left out, the headers stay.
 */
export function json(request: Request, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(request.method === 'HEAD' ? null : JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    },
  });
}

/** An error answer. `message` must be one of our own sentences, never text from Nango or an exception. */
export function errorResponse(
  request: Request,
  status: number,
  code: string,
  message: string,
  extra: { headers?: Record<string, string>; providerConfigKey?: string } = {},
): Response {
  const body: ErrorBody = { error: { code, message } };
  if (extra.providerConfigKey !== undefined) body.provider_config_key = extra.providerConfigKey;
  return json(request, status, body, extra.headers);
}

export function methodNotAllowed(request: Request, allow: string): Response {
  return errorResponse(request, 405, 'method_not_allowed', `Use ${allow.split(', ').join(' or ')}.`, { headers: { Allow: allow } });
}

/** Thrown by {@link withTimeout}; never leaves this package. */
export class NangoTimeoutError extends Error {
  constructor(ms: number) {
    super(`Nango did not answer within ${ms} ms`);
    this.name = 'NangoTimeoutError';
  }
}

/**
 * Races `promise` against a timer. `@nangohq/node` takes no AbortSignal, so the request itself
 * goes on in the background; its late result or error is swallowed here so it cannot become an
 * unhandled rejection.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NangoTimeoutError(ms)), ms);
  });
  promise.catch(() => {});
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function timeoutFrom(timeoutMs: number | undefined): number {
  return typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : DEFAULT_TIMEOUT_MS;
}

export type Resolved = { ok: true; ref: ConnectionRef } | { ok: false; response: Response };

/** Runs the app's `resolve`; a throw becomes a 500, `null` a 401 — Nango is not called in either case. */
export async function resolveConnection(
  request: Request,
  resolve: ResolveConnection,
  onError: ((error: unknown, request: Request) => void) | undefined,
): Promise<Resolved> {
  let ref: ConnectionRef | null;
  try {
    ref = await resolve(request);
  } catch (error) {
    report(onError, error, request);
    return { ok: false, response: errorResponse(request, 500, 'internal_error', 'The server could not look up your connection.') };
  }
  if (!ref) {
    return { ok: false, response: errorResponse(request, 401, 'unauthorized', 'Sign in to see this connection.') };
  }
  if (!isNonEmptyString(ref.connectionId) || !isNonEmptyString(ref.integrationId)) {
    report(onError, new TypeError('resolve() must answer { connectionId, integrationId } as non-empty strings, or null'), request);
    return { ok: false, response: errorResponse(request, 500, 'internal_error', 'The server could not look up your connection.') };
  }
  return { ok: true, ref };
}

export function report(onError: ((error: unknown, request: Request) => void) | undefined, error: unknown, request: Request): void {
  if (!onError) return;
  try {
    onError(error, request);
  } catch {
    // A broken logger must not turn a safe answer into a crash.
  }
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** What went wrong with a Nango call, read off the shapes `@nangohq/node` (axios) throws. */
export type NangoFailure =
  | { kind: 'timeout' }
  | { kind: 'unreachable' }
  | { kind: 'http'; status: number; code: string | undefined; retryAfter: string | undefined }
  | { kind: 'unknown' };

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
/** Error codes of a request that never got an HTTP answer (axios passes Node's through). */
const NETWORK_CODES = new Set([
  'ERR_NETWORK',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function classifyNangoError(error: unknown): NangoFailure {
  if (error instanceof NangoTimeoutError) return { kind: 'timeout' };
  if (!error || typeof error !== 'object') return { kind: 'unknown' };
  const { response, code, isAxiosError, name } = error as {
    response?: { status?: unknown; data?: unknown; headers?: unknown };
    code?: unknown;
    isAxiosError?: unknown;
    name?: unknown;
  };
  if (response && typeof response === 'object' && typeof response.status === 'number') {
    return { kind: 'http', status: response.status, code: errorCodeOf(response.data), retryAfter: retryAfterOf(response.headers) };
  }
  if (name === 'AbortError' || name === 'TimeoutError' || (typeof code === 'string' && TIMEOUT_CODES.has(code))) {
    return { kind: 'timeout' };
  }
  if (isAxiosError === true || (typeof code === 'string' && NETWORK_CODES.has(code))) return { kind: 'unreachable' };
  // fetch() (undici) wraps a network failure as TypeError('fetch failed') with the system error as cause.
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === 'string' && NETWORK_CODES.has(cause.code)) return { kind: 'unreachable' };
  return { kind: 'unknown' };
}

function errorCodeOf(data: unknown): string | undefined {
  const error = data && typeof data === 'object' ? (data as { error?: unknown }).error : undefined;
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  // Only a plain identifier: anything else could smuggle Nango internals into our answer.
  return typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code) ? code : undefined;
}

function retryAfterOf(headers: unknown): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const getter = (headers as { get?: unknown }).get;
  const raw =
    typeof getter === 'function'
      ? (getter as (name: string) => unknown).call(headers, 'retry-after')
      : (headers as Record<string, unknown>)['retry-after'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const value = String(raw).trim();
  // Delay-seconds or an HTTP date, nothing else.
  if (/^\d{1,6}$/.test(value)) return value;
  if (value.length <= 40 && /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) return value;
  return undefined;
}

/**
 * The answers both handlers give for Nango failures that are not about the connection itself.
 * Nango 401/403 mean our server's secret key is wrong or lacks a scope: passing a 4xx on would
 * tell the browser the *user* must act (the widget shows Reconnect on a 4xx), so it is a 500.
 */
export function upstreamFailureResponse(request: Request, failure: NangoFailure, what: string): Response {
  switch (failure.kind) {
    case 'timeout':
      return errorResponse(request, 504, 'nango_timeout', `Nango did not answer in time while ${what}. Try again.`);
    case 'unreachable':
      return errorResponse(request, 503, 'nango_unreachable', `Nango could not be reached while ${what}. Try again.`);
    case 'unknown':
      return errorResponse(request, 500, 'internal_error', `Something went wrong while ${what}.`);
    case 'http': {
      const { status, retryAfter } = failure;
      if (status === 408 || status === 429) {
        return errorResponse(request, 503, 'nango_busy', 'Nango is busy. Try again in a moment.', {
          headers: retryAfter ? { 'Retry-After': retryAfter } : {},
        });
      }
      if (status === 401 || status === 403) {
        return errorResponse(request, 500, 'server_misconfigured', `The server's Nango setup is wrong, so it failed while ${what}.`);
      }
      if (status >= 500) return errorResponse(request, 502, 'nango_error', `Nango had a problem while ${what}. Try again.`);
      return errorResponse(request, 502, 'nango_error', `Nango gave an unexpected answer while ${what}.`);
    }
  }
}
