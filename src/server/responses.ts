/**
 * Internal helpers shared by the handlers: safe JSON answers, resolving the connection,
 * reporting to `onError`, and reading `@nangohq/node`'s axios errors.
 * Nothing here is exported from the package entry.
 */
import { ConnectionStatusError, redactError } from './errors.js';
import { requiredScopesProblem } from './scopes.js';
import type { ConnectionRef, EndUser, ErrorBody, ResolveConnection } from './types.js';

export const DEFAULT_TIMEOUT_MS = 8000;

/**
 * Ids the handlers put into Nango's URLs. `@nangohq/node` pastes them into the path unencoded
 * (`/connections/${id}`), so `victim#x` or `../connections/victim` would make Nango answer
 * about another connection: anything outside this set is refused, and so are `.` and `..`
 * (path segments that URL parsing removes: `/connections/..` is `/`, `/connections/.` is
 * `/connections/`, Nango's list route).
 */
export const SAFE_ID = /^(?!\.{1,2}$)[A-Za-z0-9._:@+=-]{1,255}$/;

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
  // JSON leaves out an undefined provider_config_key.
  const body: ErrorBody = { error: { code, message }, provider_config_key: extra.providerConfigKey };
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

/** Nango answered 2xx with something the handlers cannot use safely; the message says what, for `onError`. */
export class NangoAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NangoAnswerError';
  }
}

/** The browser went away before the answer: nobody reads what we answer, so Nango is not called. */
export class RequestAbortedError extends Error {
  constructor() {
    super('The request was aborted by the client');
    this.name = 'RequestAbortedError';
  }
}

/** The answer to a request whose client is gone (nobody reads it; a log may). */
export function abortedResponse(request: Request): Response {
  return errorResponse(request, 499, 'client_closed_request', 'The request was cancelled.');
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

/** Settles like `promise`, or rejects with {@link RequestAbortedError} as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new RequestAbortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RequestAbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A positive finite number of milliseconds, else `fallback`. */
export function durationFrom(value: number | undefined, fallback: number): number {
  // Number.isFinite does not coerce: false for anything but a finite number.
  return Number.isFinite(value) && (value as number) > 0 ? (value as number) : fallback;
}

export function timeoutFrom(timeoutMs: number | undefined): number {
  return durationFrom(timeoutMs, DEFAULT_TIMEOUT_MS);
}

/** Where a handler reports: the app's `onError`, and the secret to keep out of what it gets. */
export interface Reporter {
  onError: ((error: ConnectionStatusError, request: Request) => void) | undefined;
  secrets: string[];
}

/** Hands `onError` a {@link ConnectionStatusError} whose cause never holds the secret key. */
export function report(
  reporter: Reporter,
  request: Request,
  message: string,
  details: { status: number; code: string; cause?: unknown },
): void {
  // Only an HTTP failure has a status and a code. No cause classifies as `unknown`, and
  // redacts to undefined (no cause).
  const { status: nangoStatus, code: nangoCode } = classifyNangoError(details.cause) as { status?: number; code?: string };
  const error = new ConnectionStatusError(message, {
    status: details.status,
    code: details.code,
    nangoStatus,
    nangoCode,
    cause: redactError(details.cause, reporter.secrets),
  });
  try {
    // Stryker disable next-line OptionalChaining: without onError a plain call throws right here, and is swallowed as a broken logger's throw is
    reporter.onError?.(error, request);
  } catch {
    // A broken logger must not turn a safe answer into a crash.
  }
}

/** A `resolve` answer, checked: safe ids, at least a connection id or an end user. */
export interface CheckedRef {
  integrationId: string;
  connectionId: string | undefined;
  endUser: EndUser | undefined;
  /** The integration's name from `integrationName`, else its alias `displayName`. */
  integrationName: string | undefined;
  /** `resolve`'s `requiredScopes`, checked. */
  requiredScopes?: string[];
}

export type Resolved = { ok: true; ref: CheckedRef } | { ok: false; response: Response };

const UNUSABLE = "The server's connection setup is wrong, so it could not look up your connection.";

/** Runs the app's `resolve`; a throw becomes a 500, `null` a 401 — Nango is not called in either case. */
export async function resolveConnection(request: Request, resolve: ResolveConnection, reporter: Reporter): Promise<Resolved> {
  let ref: ConnectionRef | null;
  try {
    ref = await resolve(request);
  } catch (error) {
    report(reporter, request, 'resolve() threw', { status: 500, code: 'internal_error', cause: error });
    return { ok: false, response: errorResponse(request, 500, 'internal_error', 'The server could not look up your connection.') };
  }
  if (!ref) {
    return { ok: false, response: errorResponse(request, 401, 'unauthorized', 'Sign in to see this connection.') };
  }
  const problem = problemWith(ref);
  if (problem) {
    report(reporter, request, problem, { status: 500, code: 'server_misconfigured' });
    return { ok: false, response: errorResponse(request, 500, 'server_misconfigured', UNUSABLE) };
  }
  const endUser = ref.endUser
    ? {
        id: ref.endUser.id,
        ...(cleanText(ref.endUser.email, 255) ? { email: cleanText(ref.endUser.email, 255) } : {}),
        ...(cleanText(ref.endUser.displayName, 255) ? { displayName: cleanText(ref.endUser.displayName, 255) } : {}),
      }
    : undefined;
  return {
    ok: true,
    ref: {
      integrationId: ref.integrationId,
      connectionId: ref.connectionId,
      endUser,
      integrationName: cleanText(ref.integrationName ?? ref.displayName, 100),
      ...(ref.requiredScopes?.length ? { requiredScopes: [...ref.requiredScopes] } : {}),
    },
  };
}

/** Why `resolve`'s answer cannot be used, in words for the developer; `undefined` when it can. */
function problemWith(ref: ConnectionRef): string | undefined {
  const shape = 'resolve() must answer { integrationId, endUser: { id } } or { integrationId, connectionId } (or both), or null';
  if (typeof ref !== 'object') return shape;
  const { integrationId, connectionId, endUser } = ref as { integrationId?: unknown; connectionId?: unknown; endUser?: unknown };
  if (typeof integrationId !== 'string' || integrationId === '') return `${shape}: integrationId is missing`;
  if (connectionId === undefined && endUser === undefined) return `${shape}: give a connectionId or an endUser`;
  if (connectionId !== undefined && (typeof connectionId !== 'string' || connectionId === '')) return `${shape}: connectionId must be a non-empty string`;
  if (endUser !== undefined && typeof (endUser as { id?: unknown } | null)?.id !== 'string') {
    return `${shape}: endUser.id must be a string`;
  }
  const ids = [
    ['integrationId', integrationId],
    ['connectionId', connectionId],
    ['endUser.id', (endUser as { id?: string } | undefined)?.id],
  ];
  const unsafe = ids.find(
    ([, value]) =>
      !SAFE_ID.test(value as string) &&
      // Stryker disable next-line ConditionalExpression: an absent id reaches SAFE_ID.test as the text "undefined", which is safe; this says what is meant
      value !== undefined,
  );
  if (unsafe) return `resolve() answered an unsafe ${unsafe[0]}: ids may only hold letters, digits and ._:@+=- (at most 255)`;
  return requiredScopesProblem((ref as { requiredScopes?: unknown }).requiredScopes);
}

/** Trimmed text without control or bidi override characters, at most `max` long; else undefined. */
export function cleanText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, max);
  return text === '' ? undefined : text;
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** What went wrong with a Nango call, read off the shapes `@nangohq/node` (axios) throws. */
export type NangoFailure =
  | { kind: 'aborted' }
  | { kind: 'timeout' }
  | { kind: 'unreachable' }
  | { kind: 'http'; status: number; code: string | undefined; retryAfter: string | undefined; data: unknown }
  | { kind: 'unexpected' }
  | { kind: 'unknown' };

// Of unknown values: `has` is false for anything but these strings.
const TIMEOUT_CODES: ReadonlySet<unknown> = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
/** Error codes of a request that never got an HTTP answer (axios passes Node's through). */
const NETWORK_CODES: ReadonlySet<unknown> = new Set([
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
  if (error instanceof RequestAbortedError) return { kind: 'aborted' };
  if (error instanceof NangoTimeoutError) return { kind: 'timeout' };
  if (error instanceof NangoAnswerError) return { kind: 'unexpected' };
  // Any other non-null value can be read: a string or number has none of these fields.
  if (!error) return { kind: 'unknown' };
  const { response, code, isAxiosError, name } = error as {
    response?: { status?: unknown; data?: unknown; headers?: unknown };
    code?: unknown;
    isAxiosError?: unknown;
    name?: unknown;
  };
  if (typeof response?.status === 'number') {
    return { kind: 'http', status: response.status, code: errorCodeOf(response.data), retryAfter: retryAfterOf(response.headers), data: response.data };
  }
  if (name === 'AbortError' || name === 'TimeoutError' || TIMEOUT_CODES.has(code)) {
    return { kind: 'timeout' };
  }
  if (isAxiosError === true || NETWORK_CODES.has(code)) return { kind: 'unreachable' };
  // fetch() (undici) wraps a network failure as TypeError('fetch failed') with the system error as cause.
  const cause = (error as { cause?: { code?: unknown } | null }).cause;
  if (NETWORK_CODES.has(cause?.code)) return { kind: 'unreachable' };
  return { kind: 'unknown' };
}

function errorCodeOf(data: unknown): string | undefined {
  // Any JSON: whatever is not an object has no `error` or `code`.
  const error = (data as { error?: unknown } | null | undefined)?.error;
  const code = (error as { code?: unknown } | null | undefined)?.code;
  // Only a plain identifier: anything else could smuggle Nango internals into our answer.
  return typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code) ? code : undefined;
}

/** The longest wait we pass on; a browser retries sooner anyway. */
const MAX_RETRY_AFTER_S = 3600;

/**
 * Nango's `Retry-After` as delay-seconds between 1 and an hour. `0`, or an HTTP date in the
 * past (clock skew makes those), would make every widget retry at once in a loop that burns
 * the app's shared Nango quota.
 */
export function retryAfterOf(headers: unknown, now = Date.now()): string | undefined {
  // Any other non-null value can be read: a string or number has no `get` and no `retry-after`.
  if (!headers) return undefined;
  const getter = (headers as { get?: unknown }).get;
  const raw =
    typeof getter === 'function'
      ? (getter as (name: string) => unknown).call(headers, 'retry-after')
      : (headers as Record<string, unknown>)['retry-after'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const value = String(raw).trim();
  let seconds: number | undefined;
  if (/^\d{1,9}$/.test(value)) seconds = Number(value);
  // Exactly an IMF-fixdate (29 characters): anchored, so junk before or after is refused.
  else if (/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) {
    const date = Date.parse(value);
    if (!Number.isNaN(date)) seconds = Math.ceil((date - now) / 1000);
  }
  if (seconds === undefined) return undefined;
  return String(Math.min(MAX_RETRY_AFTER_S, Math.max(1, seconds)));
}

/**
 * The answers both handlers give for Nango failures that are not about the connection itself.
 * Nango 401/403 mean our server's secret key is wrong or lacks a scope: passing a 4xx on would
 * tell the browser the *user* must act, so it is a 500.
 */
export function upstreamFailure(failure: NangoFailure, what: string): { status: number; code: string; message: string; headers?: Record<string, string> } {
  switch (failure.kind) {
    case 'aborted':
      return { status: 499, code: 'client_closed_request', message: 'The request was cancelled.' };
    case 'timeout':
      return { status: 504, code: 'nango_timeout', message: `Nango did not answer in time while ${what}. Try again.` };
    case 'unreachable':
      return { status: 503, code: 'nango_unreachable', message: `Nango could not be reached while ${what}. Try again.` };
    case 'unexpected':
      return { status: 502, code: 'nango_error', message: `Nango gave an unexpected answer while ${what}.` };
    case 'unknown':
      return { status: 500, code: 'internal_error', message: `Something went wrong while ${what}.` };
    case 'http': {
      const { status, retryAfter } = failure;
      if (status === 408 || status === 429) {
        return { status: 503, code: 'nango_busy', message: 'Nango is busy. Try again in a moment.', headers: { 'Retry-After': retryAfter ?? '1' } };
      }
      if (status === 401 || status === 403) {
        return { status: 500, code: 'server_misconfigured', message: `The server's Nango setup is wrong, so it failed while ${what}.` };
      }
      if (status >= 500) return { status: 502, code: 'nango_error', message: `Nango had a problem while ${what}. Try again.` };
      return { status: 502, code: 'nango_error', message: `Nango gave an unexpected answer while ${what}.` };
    }
  }
}

/** {@link upstreamFailure} as a response, reported to `onError` first. */
export function upstreamFailureResponse(request: Request, reporter: Reporter, error: unknown, what: string): Response {
  const failure = classifyNangoError(error);
  const answer = upstreamFailure(failure, what);
  if (failure.kind !== 'aborted') {
    const message = failure.kind === 'unexpected' ? (error as Error).message : `Nango call failed while ${what}`;
    report(reporter, request, message, { status: answer.status, code: answer.code, cause: error });
  }
  return errorResponse(request, answer.status, answer.code, answer.message, answer.headers ? { headers: answer.headers } : {});
}
