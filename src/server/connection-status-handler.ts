import { secretsOf } from './errors.js';
import { throughHub } from './hub/status-cache.js';
import { DEFAULT_LOOKUP_CACHE_MS, MissingMethodError, NangoCaller, nangoAnswerOf } from './nango-calls.js';
import {
  cleanText,
  durationFrom,
  errorResponse,
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
import { DEFAULT_SCOPES_CACHE_MS, missingScopesBody, scopesMissing } from './scope-check.js';
import { connectionScopes, type ConnectionScopes } from './scopes.js';
import type { ConnectionStatusBody, ConnectionStatusHandlerOptions, FetchHandler, NangoConnectionLike, NangoConnectionReader } from './types.js';

/** Nango 400 codes that mean *our server's* request was wrong, not that the connection is broken. */
const MISCONFIGURATION_CODES = new Set(['unknown_provider_config', 'invalid_query_params', 'invalid_uri_params']);
const DEFAULT_DISPLAY_NAME_CACHE_MS = 10 * 60_000;
/** A failed display-name lookup is tried again after this long, not on every check. */
const DISPLAY_NAME_RETRY_MS = 60_000;
/** How long a display name past its freshness is kept, to show while Nango fails to give a new one. */
const DISPLAY_NAME_STALE_MS = 60 * 60_000;

/** What Nango said about one connection id. */
type Checked = { status: 'valid' | 'invalid'; provider: string | null; errors: Array<{ type: string }>; scopes?: ConnectionScopes };

/** A failure that ends the check with a non-2xx answer. */
class CheckFailed extends Error {
  // No message: it never leaves this module (the response is the answer).
  constructor(readonly response: Response) {
    super();
  }
}

/**
 * Creates the handler behind the element's `status-url`: it finds the signed-in user's
 * connection in Nango and answers a small JSON status — never credentials, tokens, metadata,
 * connection config, end user or log ids.
 *
 * Answers (all `application/json`, `Cache-Control: no-store`):
 * - 200 for every state the check could determine:
 *   `{ status: 'valid' | 'invalid' | 'disconnected', connection_id?, provider_config_key, provider?, display_name?, errors: [{ type }] }`.
 *   `invalid` (the user must re-authorize) when Nango answers 400/424 `invalid_credentials`
 *   (a refresh failed, or Nango is backing off after one) or 200 with an `auth` error; also,
 *   with `error: { code: 'missing_scopes' }` and `missing_scopes`, when the connection works
 *   but lacks scopes it needs (unless `checkScopes: false`; see docs/permissions.md).
 *   `disconnected` when there is no connection: Nango does not know the id, or the end user
 *   has none for this integration.
 * - 401 `unauthorized` when `resolve` answers `null` (Nango is not called).
 * - 500 `internal_error` (`resolve` threw) or `server_misconfigured` (an unusable `resolve`
 *   answer, Nango refused our secret key, or does not know the integration id).
 * - 502 `nango_error` (Nango 5xx, or an answer about another connection than asked), 503
 *   `nango_busy` (Nango 408/429, with `Retry-After` ≥ 1 s) or `nango_unreachable`, 504
 *   `nango_timeout` (after `timeoutMs`, default 8000, per Nango call).
 * - 405 with `Allow: GET, HEAD` for other methods.
 *
 * A check by end user costs one Nango call (the connection id found is remembered for
 * `lookupCacheMs`); concurrent checks of one connection share one Nango call.
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
 *     return user ? { integrationId: 'github', endUser: { id: user.id, email: user.email } } : null;
 *   },
 * });
 */
export function createConnectionStatusHandler(options: ConnectionStatusHandlerOptions): FetchHandler {
  const { nango, resolve } = options;
  const timeoutMs = timeoutFrom(options.timeoutMs);
  const lookupCacheMs = durationFrom(options.lookupCacheMs, DEFAULT_LOOKUP_CACHE_MS);
  const displayNameCacheMs = durationFrom(options.displayNameCacheMs, DEFAULT_DISPLAY_NAME_CACHE_MS);
  const reporter: Reporter = { onError: options.onError, secrets: secretsOf(nango) };
  const checkScopes = options.checkScopes !== false;
  const scopesCacheMs = durationFrom(options.scopesCacheMs, DEFAULT_SCOPES_CACHE_MS);

  return async function connectionStatusHandler(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed(request, 'GET, HEAD');

    const resolved = await resolveConnection(request, resolve, reporter);
    if (!resolved.ok) return resolved.response;
    const { ref } = resolved;
    // (A client gone away while resolve() ran: the first Nango call rejects, and the answer is 499.)

    const caller = new NangoCaller(nango, request, timeoutMs, lookupCacheMs);
    const displayName = ref.integrationName !== undefined ? Promise.resolve(ref.integrationName) : displayNameOf(caller, ref.integrationId, displayNameCacheMs);
    try {
      const found = await caller.withConnection(ref, throughHub(options.hub, ref.integrationId, ref.endUser?.id, (id) => checkOne(caller, ref, id, request, reporter)));
      // Expired credentials win: scopes are compared only for a connection that works.
      const missing =
        checkScopes && found?.value.status === 'valid' && found.value.scopes
          ? await scopesMissing(caller, ref, found.value.scopes, reporter, scopesCacheMs)
          : undefined;
      const name = await displayName;
      const body: ConnectionStatusBody = found
        ? {
            status: found.value.status,
            connection_id: found.id,
            provider_config_key: ref.integrationId,
            provider: found.value.provider,
            ...(name ? { display_name: name } : {}),
            errors: found.value.errors,
          }
        : { status: 'disconnected', provider_config_key: ref.integrationId, ...(name ? { display_name: name } : {}), errors: [] };
      return json(request, 200, missing ? missingScopesBody(body, missing) : body);
    } catch (error) {
      if (error instanceof CheckFailed) return error.response;
      // A client that went away (RequestAbortedError) gets 499 from upstreamFailureResponse, unreported.
      if (error instanceof MissingMethodError) {
        report(reporter, request, error.message, { status: 500, code: 'server_misconfigured' });
        return errorResponse(request, 500, 'server_misconfigured', "The server's Nango setup is wrong, so it could not check the connection.");
      }
      return upstreamFailureResponse(request, reporter, error, 'checking the connection');
    }
  };
}

/**
 * Asks Nango about one connection id: `undefined` when Nango does not know it (404), else
 * valid or invalid. Other failures throw.
 */
async function checkOne(caller: NangoCaller, ref: CheckedRef, connectionId: string, request: Request, reporter: Reporter): Promise<Checked | undefined> {
  const reader = caller.nango as NangoConnectionReader;
  let connection: NangoConnectionLike;
  try {
    connection = await caller.call(`get\u0000${ref.integrationId}\u0000${connectionId}`, () => reader.getConnection(ref.integrationId, connectionId));
  } catch (error) {
    const { status, code, data } = nangoAnswerOf(error);
    if (status === 404) return undefined;
    // 400 after a failed refresh, 424 while Nango backs off or after the refresh attempts ran
    // out: either way the user must re-authorize. The payload carries the connection.
    if ((status === 400 || status === 424) && code === 'invalid_credentials') {
      // (`code` came from `data.error`, so both are there.)
      const payload = (data as { error: { payload?: { connection?: NangoConnectionLike } } }).error.payload?.connection;
      const errors = errorsOf(payload?.errors);
      return { status: 'invalid', provider: providerOf(payload?.provider), errors: errors.some((e) => e.type === 'auth') ? errors : [...errors, { type: 'auth' }] };
    }
    if (status === 400 && MISCONFIGURATION_CODES.has(String(code))) {
      report(reporter, request, `Nango refused the integration id "${ref.integrationId}" (${code}): check resolve()`, { status: 500, code: 'server_misconfigured', cause: error });
      throw new CheckFailed(errorResponse(request, 500, 'server_misconfigured', "The server's Nango setup is wrong, so it could not check the connection."));
    }
    throw error;
  }
  // A string or number answer has no connection_id either: it fails the id comparison.
  if (!connection || connection.connection_id !== connectionId || connection.provider_config_key !== ref.integrationId) {
    // Never tell a user about a connection they did not ask for.
    report(reporter, request, 'nango.getConnection() answered about another connection than the one asked for', { status: 502, code: 'nango_error' });
    throw new CheckFailed(errorResponse(request, 502, 'nango_error', 'Nango gave an unexpected answer while checking the connection.'));
  }
  const errors = errorsOf(connection.errors);
  return { status: errors.some((entry) => entry.type === 'auth') ? 'invalid' : 'valid', provider: providerOf(connection.provider), errors, scopes: connectionScopes(connection) };
}

/** Nango's error entries reduced to their type, from an allow-list of shapes. */
function errorsOf(value: unknown): Array<{ type: string }> {
  return Array.isArray(value)
    ? value.flatMap((entry: unknown) => {
        // A string or number entry has no type: only null and undefined need the guard.
        const type = entry ? (entry as { type?: unknown }).type : undefined;
        return typeof type === 'string' && /^[a-z][a-z0-9_]{0,31}$/.test(type) ? [{ type }] : [];
      })
    : [];
}

function providerOf(value: unknown): string | null {
  return typeof value === 'string' && /^[\w.-]{1,100}$/.test(value) ? value : null;
}

/**
 * The integration's display name in Nango ("GitHub"), remembered per process. Never throws:
 * without a name the widget shows the provider key.
 */
async function displayNameOf(caller: NangoCaller, integrationId: string, cacheMs: number): Promise<string | undefined> {
  const reader = caller.nango as NangoConnectionReader;
  const cache = caller.state.displayNames;
  const cached = cache.get(integrationId);
  if (cached && cached.freshUntil > Date.now()) return cached.name;
  // Kept past its freshness (bounded, like every memory here) so a failed lookup keeps the name.
  const keep = (name: string | undefined, freshMs: number) => cache.set(integrationId, { name, freshUntil: Date.now() + freshMs }, freshMs + DISPLAY_NAME_STALE_MS);
  try {
    // A client without getIntegration, or an answer without `data` (not Nango's), fails into
    // the catch: no name, asked again after DISPLAY_NAME_RETRY_MS.
    const answer = await caller.call(`integration\u0000${integrationId}`, () => reader.getIntegration!({ uniqueKey: integrationId }));
    const name = cleanText(answer.data!.display_name, 100);
    keep(name, cacheMs);
    return name;
  } catch (error) {
    if (!(error instanceof RequestAbortedError)) keep(cached?.name, Math.min(cacheMs, DISPLAY_NAME_RETRY_MS));
    return cached?.name;
  }
}
