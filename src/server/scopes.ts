/**
 * Scope drift, the pure part: what a connection was granted, what it needs, and what is
 * missing. No Nango calls here (see `scope-check.ts`).
 *
 * The rule everywhere: **never claim drift it cannot see.** A false "needs new permissions"
 * on every connection of a provider would be far worse than none, so each doubt ends in "no
 * claim": unknown grants, forms a provider rewrites (Google's URLs, Microsoft's resource
 * prefix), scopes providers never echo back (`offline_access`, `openid`), a broader scope that
 * covers a narrower one (GitHub's `repo` covers `public_repo`), and letter case.
 */

/**
 * One scope token as RFC 6749 §3.3 allows it (printable ASCII but space, `"` and `\`), minus
 * the comma that separates them in Nango's and some providers' lists; at most 200 long.
 */
const SCOPE_TOKEN = /^[\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]{1,200}$/;
/** More than this many scopes is not a scope list: a provider answer gone wrong. */
const MAX_SCOPES = 200;

/**
 * Forms a provider reports for what it was asked under another name. Keys are lowercase;
 * values are what the app asks for. Google answers `email` with its URL and `profile` too.
 */
const SAME_SCOPE: Record<string, string> = {
  'https://www.googleapis.com/auth/userinfo.email': 'email',
  'https://www.googleapis.com/auth/userinfo.profile': 'profile',
};
/** Microsoft answers `User.Read` as `https://graph.microsoft.com/User.Read`. */
const RESOURCE_PREFIX = /^https:\/\/graph\.microsoft\.com\//;

/**
 * Scopes that ask for a kind of token, not for access to data: Microsoft never lists
 * `offline_access` in its answer, and OpenID providers may leave `openid` out. Never "missing".
 */
const NEVER_ECHOED = new Set(['offline_access', 'openid']);

/**
 * Broader scopes that cover narrower ones (GitHub's documented hierarchy): a connection with
 * `repo` was asked for `public_repo` too, and GitHub reports only `repo`.
 */
const COVERED_BY: Record<string, string[]> = {
  'repo:status': ['repo'],
  repo_deployment: ['repo'],
  public_repo: ['repo'],
  'repo:invite': ['repo'],
  security_events: ['repo'],
  'read:user': ['user'],
  'user:email': ['user'],
  'user:follow': ['user'],
  'write:org': ['admin:org'],
  'read:org': ['write:org', 'admin:org'],
  'manage_runners:org': ['admin:org'],
  'write:public_key': ['admin:public_key'],
  'read:public_key': ['write:public_key', 'admin:public_key'],
  'write:repo_hook': ['admin:repo_hook'],
  'read:repo_hook': ['write:repo_hook', 'admin:repo_hook'],
  'read:packages': ['write:packages'],
  'write:gpg_key': ['admin:gpg_key'],
  'read:gpg_key': ['write:gpg_key', 'admin:gpg_key'],
  'read:project': ['project'],
  'read:discussion': ['write:discussion'],
};

/**
 * A scope list in any form providers and Nango write it — `"a b"` (RFC 6749), `"a,b"` (Slack,
 * GitHub, Nango's integration settings), `["a", "b"]` — split, trimmed, deduplicated.
 * `undefined` when there is nothing usable: unknown, which is not "none".
 */
export function parseScopes(value: unknown): string[] | undefined {
  const text = typeof value === 'string' ? value : Array.isArray(value) ? value.filter((item) => typeof item === 'string').join(' ') : '';
  // A run of separators gives empty parts, which are no scope token: dropped with the rest.
  const scopes = [...new Set(text.split(/[\s,]/).filter((part) => SCOPE_TOKEN.test(part)))];
  return scopes.length > 0 && scopes.length <= MAX_SCOPES ? scopes : undefined;
}

/** The form two scopes are compared in. Case-insensitive: a difference in case is no claim. */
function canonical(scope: string): string {
  const lower = scope.toLowerCase();
  return SAME_SCOPE[lower] ?? lower.replace(RESOURCE_PREFIX, '');
}

/**
 * The scopes of `needed` that `granted` lacks, in `needed`'s order and spelling; `[]` when
 * none. Only scopes it can see missing: see the module comment for what never counts.
 */
export function missingScopes(needed: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted.map(canonical));
  const missing = new Set<string>();
  for (const scope of needed) {
    const name = canonical(scope);
    if (have.has(name) || NEVER_ECHOED.has(name) || COVERED_BY[name]?.some((broader) => have.has(broader))) continue;
    missing.add(scope);
  }
  return [...missing];
}

/** What one connection says about scopes: its grant, and the scopes its session asked for instead of the integration's. */
export interface ConnectionScopes {
  /** From the provider's token answer (`credentials.raw.scope`); `undefined`: the provider did not say. */
  granted: string[] | undefined;
  /** `connection_config.oauth_scopes_override`: this connection needs these, not the integration's. */
  override: string[] | undefined;
}

/**
 * Reads a Nango connection's scopes, and nothing else of its credentials. `credentials.raw` is
 * the provider's token answer as received: `scope` (string or array), or `scopes` for the few
 * providers that name it so.
 */
export function connectionScopes(connection: { credentials?: unknown; connection_config?: unknown }): ConnectionScopes {
  const raw = field(field(connection.credentials, 'raw'), 'scope') ?? field(field(connection.credentials, 'raw'), 'scopes');
  return {
    granted: parseScopes(raw),
    override: parseScopes(field(connection.connection_config, 'oauth_scopes_override')),
  };
}

/** A field of Nango's JSON; whatever is not an object (null, a string, a list) has none of these. */
function field(value: unknown, key: string): unknown {
  return (value as Record<string, unknown> | null | undefined)?.[key];
}

/** Why `resolve`'s `requiredScopes` cannot be used, for the developer; `undefined` when it can (or is absent). */
export function requiredScopesProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > MAX_SCOPES || !value.every((scope) => typeof scope === 'string' && SCOPE_TOKEN.test(scope))) {
    return 'resolve() answered unusable requiredScopes: an array of scope names (no spaces or commas, at most 200 characters each)';
  }
  return undefined;
}
