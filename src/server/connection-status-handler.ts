import {
  classifyNangoError,
  errorResponse,
  json,
  methodNotAllowed,
  report,
  resolveConnection,
  timeoutFrom,
  upstreamFailureResponse,
  withTimeout,
} from './responses.js';
import type { ConnectionRef, ConnectionStatusBody, ConnectionStatusHandlerOptions, FetchHandler, NangoConnectionLike } from './types.js';

/** Nango 400 codes that mean *our server's* request was wrong, not that the connection is broken. */
const MISCONFIGURATION_CODES = new Set(['unknown_provider_config', 'invalid_query_params', 'invalid_uri_params']);

/**
 * Creates the handler behind the element's `status-url`: it asks Nango about the signed-in
 * user's connection and answers a small JSON status — never credentials, tokens, metadata,
 * connection config, end user or log ids.
 *
 * Answers (all `application/json`, `Cache-Control: no-store`):
 * - 200 `{ status: 'valid' | 'invalid', connection_id, provider_config_key, provider, errors: [{ type }] }`.
 *   `invalid` when Nango answered 200 with an `auth` error (an API key without the credentials
 *   scope makes Nango skip the refresh and report the failure that way). We keep that a 200:
 *   the check itself worked and the body says the connection needs re-authorization, which the
 *   element reads as "offer Reconnect" just like a 4xx.
 * - 400/424 `invalid_credentials` (Nango's refresh or credential test failed; status kept),
 *   404 `not_found`, other Nango 4xx kept as `nango_rejected`: the user can act (Reconnect).
 * - 401 `unauthorized` when `resolve` answers `null` (Nango is not called).
 * - 500 `internal_error` (`resolve` threw) or `server_misconfigured` (Nango refused our secret
 *   key, or does not know the integration id `resolve` gave: reconnecting cannot fix that).
 * - 502 `nango_error` (Nango 5xx), 503 `nango_busy` (Nango 408/429, with its `Retry-After`)
 *   or `nango_unreachable`, 504 `nango_timeout` (after `timeoutMs`, default 8000).
 * - 405 with `Allow: GET, HEAD` for other methods.
 *
 * @example
 * // Next.js app/api/nango/status/route.ts
 * import { Nango } from '@nangohq/node';
 * import { createConnectionStatusHandler } from 'nango-connection-status/server';
 *
 * const nango = new Nango({ secretKey: process.env.NANGO_SECRET_KEY! });
 * export const GET = createConnectionStatusHandler({
 *   nango,
 *   resolve: async (request) => {
 *     const user = await getUser(request);
 *     return user ? { connectionId: user.id, integrationId: 'github' } : null;
 *   },
 * });
 */
export function createConnectionStatusHandler(options: ConnectionStatusHandlerOptions): FetchHandler {
  const { nango, resolve, onError } = options;
  const timeoutMs = timeoutFrom(options.timeoutMs);

  return async function connectionStatusHandler(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed(request, 'GET, HEAD');

    const resolved = await resolveConnection(request, resolve, onError);
    if (!resolved.ok) return resolved.response;
    const { ref } = resolved;

    let connection: NangoConnectionLike;
    try {
      connection = await withTimeout(Promise.resolve().then(() => nango.getConnection(ref.integrationId, ref.connectionId)), timeoutMs);
    } catch (error) {
      report(onError, error, request);
      return failureResponse(request, error, ref);
    }
    if (!connection || typeof connection !== 'object') {
      report(onError, new TypeError('nango.getConnection() answered something that is not a connection'), request);
      return errorResponse(request, 502, 'nango_error', 'Nango gave an unexpected answer while checking the connection.');
    }
    return json(request, 200, statusBody(connection, ref));
  };
}

/** The status body, built from an allow-list: a new Nango field can never leak through. */
function statusBody(connection: NangoConnectionLike, ref: ConnectionRef): ConnectionStatusBody {
  const errors = Array.isArray(connection.errors)
    ? connection.errors.flatMap((entry: unknown) => {
        const type = entry && typeof entry === 'object' ? (entry as { type?: unknown }).type : undefined;
        return typeof type === 'string' && /^[a-z][a-z0-9_]{0,31}$/.test(type) ? [{ type }] : [];
      })
    : [];
  const provider = typeof connection.provider === 'string' && /^[\w.-]{1,100}$/.test(connection.provider) ? connection.provider : null;
  return {
    status: errors.some((entry) => entry.type === 'auth') ? 'invalid' : 'valid',
    // Our own ids, not Nango's echo: they are what `resolve` vouched for.
    connection_id: ref.connectionId,
    provider_config_key: ref.integrationId,
    provider,
    ...(typeof ref.displayName === 'string' && ref.displayName.trim() ? { display_name: ref.displayName.trim().slice(0, 100) } : {}),
    errors,
  };
}

function failureResponse(request: Request, error: unknown, ref: ConnectionRef): Response {
  const failure = classifyNangoError(error);
  if (failure.kind !== 'http' || failure.status < 400 || failure.status >= 500) {
    return upstreamFailureResponse(request, failure, 'checking the connection');
  }
  const { status, code } = failure;
  const about = { providerConfigKey: ref.integrationId };
  if (code === 'invalid_credentials') {
    return errorResponse(request, status, 'invalid_credentials', 'The connection needs to be re-authorized.', about);
  }
  if (status === 404) {
    return errorResponse(request, 404, 'not_found', 'The connection was not found. Reconnect to set it up again.', about);
  }
  if (status === 400 && code !== undefined && MISCONFIGURATION_CODES.has(code)) {
    return errorResponse(request, 500, 'server_misconfigured', "The server's Nango setup is wrong, so it could not check the connection.");
  }
  if (status === 401 || status === 403 || status === 408 || status === 429) {
    return upstreamFailureResponse(request, failure, 'checking the connection');
  }
  return errorResponse(request, status, 'nango_rejected', 'Nango could not check the connection.', about);
}
