import { secretsOf } from './errors.js';
import { DEFAULT_LOOKUP_CACHE_MS, MissingMethodError, NangoCaller, nangoAnswerOf } from './nango-calls.js';
import { crossOriginRefusal, isSameOriginRequest, MAX_TOKEN_BODY_BYTES, originSet, readSmallBody, TOKEN_BODY_TIMEOUT_MS } from './request-guards.js';
import {
  durationFrom,
  errorResponse,
  isNonEmptyString,
  json,
  methodNotAllowed,
  report,
  RequestAbortedError,
  resolveConnection,
  timeoutFrom,
  upstreamFailureResponse,
  type CheckedRef,
  type Reporter,
} from './responses.js';
import type { FetchHandler, NangoReconnectSessionCreator, NangoSessionAnswer, ReconnectTokenBody, ReconnectTokenHandlerOptions } from './types.js';

/** The header the element sends besides `Content-Type: application/json`. */
export const REQUESTED_WITH = 'nango-connection-status';

const NOT_CONNECTABLE = "This integration can't be connected from here. Contact your administrator.";
const NOT_RECONNECTABLE = "This connection can't be repaired from here. Contact your administrator.";
/** Token requests of one user for one connection within this time share one Nango session. */
export const SESSION_SHARE_MS = 5_000;

/**
 * Creates the handler behind the element's `token-url`: it asks Nango for a Connect UI session
 * for the signed-in user and answers `200 { sessionToken, expiresAt, intent }`. When the
 * user's connection exists, a **reconnect** session for it (`POST /connect/sessions/reconnect`);
 * when it does not (never made, or deleted), a **connect** session for the end user and this
 * one integration (`POST /connect/sessions`). The connection comes from `resolve`, never from
 * the request; the body's `{"intent": "connect" | "reconnect"}` is read but only a hint —
 * Nango's state decides. With an `endUser`, it goes in the reconnect request too. Token
 * requests for the same user and connection within 5 s share one session.
 *
 * Answers (all `application/json`, `Cache-Control: no-store`), checked in this order:
 * - 405 with `Allow: POST` for other methods.
 * - 415 `unsupported_media_type` unless the request has `Content-Type: application/json` or
 *   `X-Requested-With: nango-connection-status` (a cross-site HTML form can send neither).
 * - 403 `cross_origin_request` (`onError` names the `Origin` and `Host` seen, and the fix) for `Sec-Fetch-Site: cross-site` or an `Origin` that is not the
 *   request's own, unless listed in `allowedOrigins`.
 * - 413 `payload_too_large` (over 4 KiB), 408 `request_timeout` (body slower than
 *   `bodyTimeoutMs`, default 5 s),
 *   400 `invalid_body` (not a JSON object, or an unknown `intent`).
 * - 401 `unauthorized` when `resolve` answers `null` (Nango is not called); 500 if it throws.
 * - 409 `not_connectable` when there is no connection and `resolve` gave no `endUser`, so no
 *   connect session can be made (`onError` says what to add); 409 `not_reconnectable` when the
 *   connection exists but Nango refuses to reconnect it (`400 invalid_body` for a connection
 *   made without an end user, on some Nango versions, when `resolve` gave none): never a
 *   connect session, which would make a duplicate.
 * - 500 `server_misconfigured` (an unusable `resolve` answer, or Nango refused our secret key
 *   or the session request), 502 `nango_error` (Nango 5xx or an answer without a token), 503
 *   `nango_busy` (408/429, with `Retry-After` ≥ 1 s) or `nango_unreachable`, 504
 *   `nango_timeout` (after `timeoutMs`, default 8000, per Nango call).
 *
 * @example
 * // Express
 * import { Nango } from '@nangohq/node';
 * import { createReconnectTokenHandler, toNodeHandler } from 'nango-connection-status/server';
 *
 * const nango = new Nango({ secretKey: process.env.NANGO_SECRET_KEY! });
 * app.post('/api/nango/reconnect-token', toNodeHandler(createReconnectTokenHandler({
 *   nango,
 *   resolve: (request) => {
 *     const user = userOf(request);
 *     return user ? { integrationId: 'github', endUser: { id: user.id, email: user.email } } : null;
 *   },
 * })));
 */
export function createReconnectTokenHandler(options: ReconnectTokenHandlerOptions): FetchHandler {
  const { nango, resolve } = options;
  const timeoutMs = timeoutFrom(options.timeoutMs);
  const lookupCacheMs = durationFrom(options.lookupCacheMs, DEFAULT_LOOKUP_CACHE_MS);
  const allowedOrigins = originSet(options.allowedOrigins);
  const bodyTimeoutMs = durationFrom(options.bodyTimeoutMs, TOKEN_BODY_TIMEOUT_MS);
  const shareMs = options.sessionShareMs === 0 ? 0 : durationFrom(options.sessionShareMs, SESSION_SHARE_MS);
  const reporter: Reporter = { onError: options.onError, secrets: secretsOf(nango) };

  return async function reconnectTokenHandler(request: Request): Promise<Response> {
    // Headers first: nothing of the body is read for a request refused anyway.
    if (request.method !== 'POST') return methodNotAllowed(request, 'POST');
    if (!isScriptRequest(request)) {
      return errorResponse(
        request,
        415,
        'unsupported_media_type',
        `Send this request with Content-Type: application/json or X-Requested-With: ${REQUESTED_WITH}.`,
      );
    }
    if (!isSameOriginRequest(request, allowedOrigins)) {
      report(reporter, request, crossOriginRefusal(request), { status: 403, code: 'cross_origin_request' });
      return errorResponse(request, 403, 'cross_origin_request', 'This page may not start a connection here.');
    }
    const body = await readSmallBody(request, MAX_TOKEN_BODY_BYTES, bodyTimeoutMs);
    if (!body.ok) {
      if (body.status === 413) return errorResponse(request, 413, 'payload_too_large', 'The request body is too large.');
      if (body.status === 408) return errorResponse(request, 408, 'request_timeout', 'The request took too long to arrive. Try again.');
      return errorResponse(request, 400, 'invalid_body', 'The request body could not be read.');
    }
    if (intentOf(body.text) === null) {
      return errorResponse(request, 400, 'invalid_body', 'Send {"intent": "connect"} or {"intent": "reconnect"}.');
    }

    const resolved = await resolveConnection(request, resolve, reporter);
    if (!resolved.ok) return resolved.response;
    const { ref } = resolved;

    const caller = new NangoCaller(nango, request, timeoutMs, lookupCacheMs);
    let outcome: SessionOutcome;
    try {
      outcome = await sharedSession(caller, ref, reporter, shareMs);
    } catch (error) {
      // (A client gone away is classified as `aborted`: 499, not reported.)
      if (error instanceof MissingMethodError) {
        report(reporter, request, error.message, { status: 500, code: 'server_misconfigured' });
        return errorResponse(request, 500, 'server_misconfigured', "The server's Nango setup is wrong, so it could not start the connection.");
      }
      const { status, code } = nangoAnswerOf(error);
      if (status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status)) {
        // Nango refused what we asked for (its schemas are strict): our request was wrong.
        report(reporter, request, `Nango refused the session request (${status} ${code ?? ''})`, { status: 500, code: 'server_misconfigured', cause: error });
        return errorResponse(request, 500, 'server_misconfigured', "The server's Nango setup is wrong, so it could not start the connection.");
      }
      return upstreamFailureResponse(request, reporter, error, 'starting the connection');
    }
    if ('refused' in outcome) return errorResponse(request, 409, outcome.refused, outcome.message, { providerConfigKey: ref.integrationId });

    const { session, intent } = outcome;
    const token = session?.data?.token;
    const expiresAt = toIsoDate(session?.data?.expires_at);
    if (!isNonEmptyString(token) || !expiresAt) {
      report(reporter, request, 'Nango answered a session request without data.token / data.expires_at', { status: 502, code: 'nango_error' });
      return errorResponse(request, 502, 'nango_error', 'Nango gave an unexpected answer while starting the connection.');
    }
    const answer: ReconnectTokenBody = { sessionToken: token, expiresAt, intent };
    return json(request, 200, answer);
  };
}

/** What a token request ends with, before it becomes a response (shared by concurrent requests). */
type SessionOutcome =
  | { session: NangoSessionAnswer; intent: ReconnectTokenBody['intent'] }
  | { refused: 'not_connectable' | 'not_reconnectable'; message: string };

/**
 * The session for this user and connection, shared by the token requests that ask for the same
 * while it is being made, or within `shareMs` after (default {@link SESSION_SHARE_MS}): a double
 * click, or 20 widgets of one user, make one Nango session, never 20 (nor 20 new connections).
 * Only the same `resolve` answer shares, so a
 * session never goes to another user.
 */
async function sharedSession(caller: NangoCaller, ref: CheckedRef, reporter: Reporter, shareMs: number): Promise<SessionOutcome> {
  const key = JSON.stringify([ref.integrationId, ref.connectionId ?? null, ref.endUser ?? null]);
  for (;;) {
    try {
      return await caller.shared(key, shareMs, () => startSession(caller, ref, reporter));
    } catch (error) {
      // The request that started the shared work went away: this one is still here, it starts its own.
      if (error instanceof RequestAbortedError && !caller.request.signal.aborted) continue;
      throw error;
    }
  }
}

/**
 * A reconnect session when the user's connection exists (`POST /connect/sessions/reconnect`),
 * else a connect session for the end user and this one integration. Nango's `400
 * invalid_body` never alone proves the connection is gone: some Nango versions answer it for
 * a connection that exists but was made without an end user. `getConnection` decides: 404 →
 * the next candidate, then a connect session; the connection exists → a permanent refusal,
 * never a duplicate connection.
 */
async function startSession(caller: NangoCaller, ref: CheckedRef, reporter: Reporter): Promise<SessionOutcome> {
  const creator = caller.nango as NangoReconnectSessionCreator;
  const end_user = endUserBody(ref);
  let refused: { id: string; error: unknown } | undefined;
  const found = await caller.withConnection(ref, async (connectionId) => {
    try {
      // With the end user (when resolve gives one), Nango links it to a connection made without one and accepts.
      // (Wrapped: an empty answer is Nango's failure, never "unknown connection".)
      const session = await caller.call(undefined, () =>
        creator.createReconnectSession({ connection_id: connectionId, integration_id: ref.integrationId, ...(end_user ? { end_user } : {}) }),
      );
      return { session };
    } catch (error) {
      const { status, code } = nangoAnswerOf(error);
      if (status !== 400 || code !== 'invalid_body') throw error;
      if (!(await connectionExists(caller, ref, connectionId))) return undefined;
      refused = { id: connectionId, error };
      return null;
    }
  });
  if (refused) {
    report(
      reporter,
      caller.request,
      `Nango refused a reconnect session (400 invalid_body) for connection "${refused.id}" of "${ref.integrationId}", which exists: ` +
        (end_user
          ? 'check the endUser resolve() gives.'
          : 'a connection made without an end user needs one in the reconnect request on some Nango versions: add endUser: { id, email?, displayName? } to what resolve() answers.'),
      { status: 409, code: 'not_reconnectable', cause: refused.error },
    );
    return { refused: 'not_reconnectable', message: NOT_RECONNECTABLE };
  }
  if (found?.value) return { session: found.value.session, intent: 'reconnect' };

  if (!end_user) {
    report(
      reporter,
      caller.request,
      `Nango has no connection "${ref.connectionId}" for integration "${ref.integrationId}" and resolve() gave no endUser, so no connect session can be made: ` +
        'add endUser: { id, email?, displayName? } to what resolve() answers.',
      { status: 409, code: 'not_connectable' },
    );
    return { refused: 'not_connectable', message: NOT_CONNECTABLE };
  }
  if (typeof creator.createConnectSession !== 'function') throw new MissingMethodError('createConnectSession');
  const session = await caller.call(undefined, () => creator.createConnectSession!({ end_user, allowed_integrations: [ref.integrationId] }));
  caller.connectStarted(ref);
  return { session, intent: 'connect' };
}

/** Whether Nango knows the connection: a 404 says no; 200, or a failed refresh (400/424 `invalid_credentials`), say yes. */
async function connectionExists(caller: NangoCaller, ref: CheckedRef, connectionId: string): Promise<boolean> {
  const reader = caller.nango as NangoReconnectSessionCreator;
  if (typeof reader.getConnection !== 'function') throw new MissingMethodError('getConnection');
  const read = reader.getConnection.bind(reader);
  try {
    await caller.call(`get\u0000${ref.integrationId}\u0000${connectionId}`, () => read(ref.integrationId, connectionId));
    return true;
  } catch (error) {
    const { status, code } = nangoAnswerOf(error);
    if (status === 404) return false;
    if ((status === 400 || status === 424) && code === 'invalid_credentials') return true;
    throw error;
  }
}

/** `resolve`'s end user as Nango's session bodies take it: only the fields it has. */
function endUserBody(ref: CheckedRef): { id: string; email?: string; display_name?: string } | undefined {
  const { endUser } = ref;
  if (!endUser) return undefined;
  return {
    id: endUser.id,
    ...(endUser.email ? { email: endUser.email } : {}),
    ...(endUser.displayName ? { display_name: endUser.displayName } : {}),
  };
}

/** The body's intent: `undefined` when absent, `null` when the body is not what the element sends. */
function intentOf(text: string): 'connect' | 'reconnect' | undefined | null {
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: `body` stays undefined, refused below.
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const intent = (body as { intent?: unknown }).intent;
  if (intent === undefined || intent === 'connect' || intent === 'reconnect') return intent;
  return null;
}

function isScriptRequest(request: Request): boolean {
  if (request.headers.get('content-type')?.split(';')[0]!.trim().toLowerCase() === 'application/json') return true;
  return request.headers.get('x-requested-with')?.trim().toLowerCase() === REQUESTED_WITH;
}

function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
