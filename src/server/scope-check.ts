/**
 * Scope drift, the Nango part: whether a healthy connection still has every scope it needs.
 *
 * Nango never compares them: after the integration's scopes grow (the app shipped a feature
 * that needs more access), `getConnection` keeps answering 200 for old connections and the
 * app's calls fail at the provider with "insufficient scope". Nango asks the provider for the
 * integration's current scopes at every authorization, so a Reconnect is the cure.
 *
 * Needed: the connection's `oauth_scopes_override` when it has one, else the integration's
 * scopes (`getIntegration(..., { include: ['credentials'] })`, read once per cache period), plus
 * `resolve`'s `requiredScopes`. Granted: the provider's token answer. Compared in `scopes.ts`.
 */
import type { NangoCaller } from './nango-calls.js';
import { classifyNangoError, report, RequestAbortedError, type CheckedRef, type Reporter } from './responses.js';
import { missingScopes, parseScopes, type ConnectionScopes } from './scopes.js';
import type { ConnectionStatusBody, NangoConnectionReader } from './types.js';

export const DEFAULT_SCOPES_CACHE_MS = 10 * 60_000;
/** A failed read (timeout, Nango 5xx) is tried again after this long, not on every check. */
const SCOPES_RETRY_MS = 60_000;
const MAX_CACHED_INTEGRATIONS = 1000;

interface ScopesState {
  /** Integration id → its configured scopes (`undefined`: none, or unreadable), until a time. Never the answer itself. */
  scopes: Map<string, { scopes: string[] | undefined; until: number }>;
  /** Integrations whose scopes our key may not read, already told to `onError`: told once per process. */
  told: Set<string>;
}

/** Per `Nango` client, like the handlers' other per-process memory. */
const states = new WeakMap<object, ScopesState>();

function stateOf(nango: object): ScopesState {
  let state = states.get(nango);
  if (!state) states.set(nango, (state = { scopes: new Map(), told: new Set() }));
  return state;
}

/**
 * The scopes the connection lacks, or `undefined` when none are missing or nothing can be
 * concluded (the provider reported no grant, nothing is configured, or the integration's
 * scopes could not be read). Throws only {@link RequestAbortedError}.
 */
export async function scopesMissing(
  caller: NangoCaller,
  ref: CheckedRef,
  connection: ConnectionScopes,
  reporter: Reporter,
  cacheMs: number,
): Promise<string[] | undefined> {
  // Never claim drift it cannot see: no grant reported, no claim (and no Nango call).
  if (!connection.granted) return undefined;
  const configured = connection.override ?? (await integrationScopes(caller, ref.integrationId, reporter, cacheMs));
  const needed = [...(configured ?? []), ...(ref.requiredScopes ?? [])];
  const missing = missingScopes(needed, connection.granted);
  return missing.length > 0 ? missing : undefined;
}

/**
 * The integration's configured scopes, remembered per process. Only `credentials.scopes` is
 * read off Nango's answer: the client secret beside it is never kept, returned or reported.
 */
async function integrationScopes(caller: NangoCaller, integrationId: string, reporter: Reporter, cacheMs: number): Promise<string[] | undefined> {
  const reader = caller.nango as NangoConnectionReader;
  if (typeof reader.getIntegration !== 'function') return undefined;
  const state = stateOf(caller.nango);
  const cached = state.scopes.get(integrationId);
  if (cached && cached.until > Date.now()) return cached.scopes;
  const remember = (scopes: string[] | undefined, ms: number) => {
    if (!state.scopes.has(integrationId) && state.scopes.size >= MAX_CACHED_INTEGRATIONS) state.scopes.delete(state.scopes.keys().next().value as string);
    state.scopes.set(integrationId, { scopes, until: Date.now() + ms });
  };
  let scopes: string[] | undefined;
  try {
    scopes = await caller.call(`scopes\u0000${integrationId}`, async () =>
      scopesOf(await reader.getIntegration!({ uniqueKey: integrationId }, { include: ['credentials'] })),
    );
  } catch (error) {
    if (error instanceof RequestAbortedError) throw error;
    // Only an HTTP failure has a status and a code.
    const failure = classifyNangoError(error) as { status?: number; code?: string };
    if (failure.status === 403) {
      // Our secret key may not read integration credentials: asking again will not help.
      remember(undefined, cacheMs);
      if (!state.told.has(integrationId)) {
        state.told.add(integrationId);
        report(
          reporter,
          caller.request,
          `Nango refused to read the scopes of integration "${integrationId}" (${failure.code ?? '403'}), so the missing-scopes check is skipped for it: ` +
            "let this secret key read integration credentials, or pass checkScopes: false (and requiredScopes from resolve() if your app's own features need some).",
          { status: 200, code: 'scopes_unreadable', cause: error },
        );
      }
    } else {
      remember(cached?.scopes, Math.min(cacheMs, SCOPES_RETRY_MS));
      report(reporter, caller.request, `Could not read the scopes of integration "${integrationId}": the missing-scopes check was skipped`, {
        status: 200,
        code: 'scopes_unreadable',
        cause: error,
      });
    }
    return cached?.scopes;
  }
  remember(scopes, cacheMs);
  return scopes;
}

/** `data.credentials.scopes` (`"read,write"` or `null`) and nothing else of the answer. */
function scopesOf(answer: unknown): string[] | undefined {
  const data = (answer as { data?: unknown } | null | undefined)?.data;
  // Any JSON: whatever is not an object has no `credentials` or `scopes`.
  const credentials = (data as { credentials?: unknown } | null | undefined)?.credentials;
  return parseScopes((credentials as { scopes?: unknown } | null | undefined)?.scopes);
}

/**
 * The status answer for a connection that works but lacks scopes: `invalid` (the user must
 * re-authorize), with the code and the scopes for the developer.
 */
export function missingScopesBody(body: ConnectionStatusBody, missing: string[]): ConnectionStatusBody {
  return {
    ...body,
    status: 'invalid',
    error: { code: 'missing_scopes', message: 'This connection needs new permissions: reconnect to grant them.' },
    missing_scopes: missing,
  };
}
