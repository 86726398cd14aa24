import { secretsOf } from './errors.js';
import { DEFAULT_LOOKUP_CACHE_MS, MissingMethodError, NangoCaller } from './nango-calls.js';
import { crossOriginRefusal, isSameOriginRequest, originSet, readSmallBody } from './request-guards.js';
import {
  abortedResponse,
  classifyNangoError,
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

/**
 * Creates the handler behind the element's `token-url`: it asks Nango for a Connect UI session
 * for the signed-in user and answers `200 { sessionToken, expiresAt, intent }`. When the
 * user's connection exists, a **reconnect** session for it (`POST /connect/sessions/reconnect`);
 * when it does not (never made, or deleted), a **connect** session for the end user and this
 * one integration (`POST /connect/sessions`). The connection comes from `resolve`, never from
 * the request; the body's `{"intent": "connect" | "reconnect"}` is read but only a hint —
 * Nango's state decides.
 *
 * Answers (all `application/json`, `Cache-Control: no-store`), checked in this order:
 * - 405 with `Allow: POST` for other methods.
 * - 415 `unsupported_media_type` unless the request has `Content-Type: application/json` or
 *   `X-Requested-With: nango-connection-status` (a cross-site HTML form can send neither).
 * - 403 `cross_origin_request` (`onError` names the `Origin` and `Host` seen, and the fix) for `Sec-Fetch-Site: cross-site` or an `Origin` that is not the
 *   request's own, unless listed in `allowedOrigins`.
 * - 413 `payload_too_large` (over 4 KiB), 408 `request_timeout` (body slower than 5 s),
 *   400 `invalid_body` (not a JSON object, or an unknown `intent`).
 * - 401 `unauthorized` when `resolve` answers `null` (Nango is not called); 500 if it throws.
 * - 409 `not_connectable` when there is no connection and `resolve` gave no `endUser`, so no
 *   connect session can be made (`onError` says what to add).
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
    const body = await readSmallBody(request);
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
    const creator = nango as NangoReconnectSessionCreator;
    let session: NangoSessionAnswer;
    let intent: ReconnectTokenBody['intent'];
    try {
      const found = await caller.withConnection(ref, async (connectionId) => {
        try {
          return await caller.call(undefined, () => creator.createReconnectSession({ connection_id: connectionId, integration_id: ref.integrationId }));
        } catch (error) {
          // Nango's answer for an id it does not know (or of another integration).
          const failure = classifyNangoError(error);
          if (failure.kind === 'http' && failure.status === 400 && failure.code === 'invalid_body') return undefined;
          throw error;
        }
      });
      if (found.found) {
        session = found.value;
        intent = 'reconnect';
      } else {
        const connect = await connectSession(caller, ref, request, reporter);
        if (connect instanceof Response) return connect;
        session = connect;
        intent = 'connect';
      }
    } catch (error) {
      if (error instanceof RequestAbortedError) return abortedResponse(request);
      if (error instanceof MissingMethodError) {
        report(reporter, request, error.message, { status: 500, code: 'server_misconfigured' });
        return errorResponse(request, 500, 'server_misconfigured', "The server's Nango setup is wrong, so it could not start the connection.");
      }
      const failure = classifyNangoError(error);
      if (failure.kind === 'http' && failure.status >= 400 && failure.status < 500 && ![401, 403, 408, 429].includes(failure.status)) {
        // Nango refused what we asked for (its schemas are strict): our request was wrong.
        report(reporter, request, `Nango refused the session request (${failure.status} ${failure.code ?? ''})`, { status: 500, code: 'server_misconfigured', cause: error });
        return errorResponse(request, 500, 'server_misconfigured', "The server's Nango setup is wrong, so it could not start the connection.");
      }
      return upstreamFailureResponse(request, reporter, error, 'starting the connection');
    }

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

/** A connect session for the end user and this one integration, or the 409/500 answer. */
async function connectSession(caller: NangoCaller, ref: CheckedRef, request: Request, reporter: Reporter): Promise<NangoSessionAnswer | Response> {
  const { endUser } = ref;
  if (!endUser) {
    report(
      reporter,
      request,
      `Nango has no connection "${ref.connectionId}" for integration "${ref.integrationId}" and resolve() gave no endUser, so no connect session can be made: ` +
        'add endUser: { id, email?, displayName? } to what resolve() answers.',
      { status: 409, code: 'not_connectable' },
    );
    return errorResponse(request, 409, 'not_connectable', NOT_CONNECTABLE, { providerConfigKey: ref.integrationId });
  }
  const creator = caller.nango as NangoReconnectSessionCreator;
  if (typeof creator.createConnectSession !== 'function') throw new MissingMethodError('createConnectSession');
  const end_user = {
    id: endUser.id,
    ...(endUser.email ? { email: endUser.email } : {}),
    ...(endUser.displayName ? { display_name: endUser.displayName } : {}),
  };
  return caller.call(undefined, () => creator.createConnectSession!({ end_user, allowed_integrations: [ref.integrationId] }));
}

/** The body's intent: `undefined` when absent, `null` when the body is not what the element sends. */
function intentOf(text: string): 'connect' | 'reconnect' | undefined | null {
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const intent = (body as { intent?: unknown }).intent;
  if (intent === undefined || intent === 'connect' || intent === 'reconnect') return intent;
  return null;
}

function isScriptRequest(request: Request): boolean {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json') return true;
  return (request.headers.get('x-requested-with') ?? '').trim().toLowerCase() === REQUESTED_WITH;
}

function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
