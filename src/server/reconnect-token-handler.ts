import {
  classifyNangoError,
  errorResponse,
  isNonEmptyString,
  json,
  methodNotAllowed,
  report,
  resolveConnection,
  timeoutFrom,
  upstreamFailureResponse,
  withTimeout,
} from './responses.js';
import type { FetchHandler, ReconnectTokenBody, ReconnectTokenHandlerOptions } from './types.js';

/** The header the element sends besides `Content-Type: application/json`. */
export const REQUESTED_WITH = 'nango-connection-status';

/**
 * Creates the handler behind the element's `token-url`: it asks Nango for a Connect UI
 * reconnect session for the signed-in user's connection (`POST /connect/sessions/reconnect`)
 * and answers `200 { sessionToken, expiresAt }`. The connection comes from `resolve`, never
 * from the request body.
 *
 * Answers (all `application/json`, `Cache-Control: no-store`):
 * - 405 with `Allow: POST` for other methods.
 * - 415 `unsupported_media_type` unless the request has `Content-Type: application/json` or
 *   `X-Requested-With: nango-connection-status`: a cross-site HTML form can send neither, and a
 *   cross-site `fetch` with them needs a CORS preflight the app does not grant — so a forged
 *   request cannot mint a session that would let an attacker's page take over the connection.
 * - 401 `unauthorized` when `resolve` answers `null` (Nango is not called); 500 if it throws.
 * - 409 `reconnect_unavailable` when Nango answers 400/404 (unknown connection, or it belongs to
 *   another integration). Not kept as 400/404: the browser's request was fine and the token URL
 *   exists; what conflicts is the state of the connection on Nango's side.
 * - 500 `server_misconfigured` (Nango 401/403: wrong secret key), 502 `nango_error` (Nango 5xx
 *   or an answer without a token), 503 `nango_busy` (408/429, with `Retry-After`) or
 *   `nango_unreachable`, 504 `nango_timeout` (after `timeoutMs`, default 8000).
 *
 * @example
 * // Express
 * import { Nango } from '@nangohq/node';
 * import { createReconnectTokenHandler, toNodeHandler } from 'nango-connection-status/server';
 *
 * const nango = new Nango({ secretKey: process.env.NANGO_SECRET_KEY! });
 * app.post('/api/nango/reconnect-token', toNodeHandler(createReconnectTokenHandler({
 *   nango,
 *   resolve: (request) => connectionOfSignedInUser(request), // { connectionId, integrationId } | null
 * })));
 */
export function createReconnectTokenHandler(options: ReconnectTokenHandlerOptions): FetchHandler {
  const { nango, resolve, onError } = options;
  const timeoutMs = timeoutFrom(options.timeoutMs);

  return async function reconnectTokenHandler(request: Request): Promise<Response> {
    if (request.method !== 'POST') return methodNotAllowed(request, 'POST');
    if (!isScriptRequest(request)) {
      return errorResponse(
        request,
        415,
        'unsupported_media_type',
        `Send this request with Content-Type: application/json or X-Requested-With: ${REQUESTED_WITH}.`,
      );
    }

    const resolved = await resolveConnection(request, resolve, onError);
    if (!resolved.ok) return resolved.response;
    const { ref } = resolved;

    let session: Awaited<ReturnType<typeof nango.createReconnectSession>>;
    try {
      session = await withTimeout(
        Promise.resolve().then(() => nango.createReconnectSession({ connection_id: ref.connectionId, integration_id: ref.integrationId })),
        timeoutMs,
      );
    } catch (error) {
      report(onError, error, request);
      return failureResponse(request, error);
    }

    const token = session?.data?.token;
    const expiresAt = toIsoDate(session?.data?.expires_at);
    if (!isNonEmptyString(token) || !expiresAt) {
      report(onError, new TypeError('nango.createReconnectSession() answered without data.token / data.expires_at'), request);
      return errorResponse(request, 502, 'nango_error', 'Nango gave an unexpected answer while starting the reconnection.');
    }
    const body: ReconnectTokenBody = { sessionToken: token, expiresAt };
    return json(request, 200, body);
  };
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

function failureResponse(request: Request, error: unknown): Response {
  const failure = classifyNangoError(error);
  if (failure.kind === 'http' && (failure.status === 400 || failure.status === 404)) {
    return errorResponse(
      request,
      409,
      'reconnect_unavailable',
      'This connection cannot be reconnected: Nango no longer knows it. Connect it again instead.',
    );
  }
  if (failure.kind === 'http' && failure.status >= 400 && failure.status < 500 && ![401, 403, 408, 429].includes(failure.status)) {
    return errorResponse(request, failure.status, 'nango_rejected', 'Nango refused to start the reconnection.');
  }
  return upstreamFailureResponse(request, failure, 'starting the reconnection');
}
