// @ts-check
/**
 * A fake Nango API for the offline demo and the tests. It answers the routes
 * `nango-connection-status` touches the way Nango does (shapes and error codes from
 * NANGO.md and `@nangohq/types`), keeps its state in memory, and can be broken on purpose.
 *
 * @example
 * import { Nango } from '@nangohq/node';
 * import { createFakeNango } from './fake-nango.js';
 *
 * const fake = createFakeNango({ secretKey: 'sk-test' });
 * fake.addConnection({ connectionId: 'conn-1', integrationId: 'github', provider: 'github', authMode: 'OAUTH2', state: 'valid' });
 * const { url, close } = await fake.listen();
 * const nango = new Nango({ secretKey: 'sk-test', host: url });
 * fake.breakConnection('conn-1'); // next getConnection → 400 invalid_credentials
 * await close();
 */
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { authWebhookBody, postWebhook } from './nango-webhooks.js';

/** @typedef {'valid' | 'expired' | 'auth_error' | 'refresh_exhausted'} ConnectionState */
/** @typedef {'API_KEY' | 'OAUTH2'} AuthMode */
/** @typedef {'none' | '500' | 'hang' | 'reset'} FailureMode */

/**
 * @typedef {object} ConnectionInput
 * @property {string} connectionId
 * @property {string} integrationId  Nango's provider config key / unique key.
 * @property {string} provider       Provider template name, e.g. `github`.
 * @property {string} [displayName]  Integration display name (default: the provider, capitalised).
 * @property {AuthMode} authMode
 * @property {ConnectionState} [state]  Default `valid`.
 * @property {EndUserInput | null} [endUser]  The end user the connection belongs to. Default none.
 * @property {string} [createdAt]  ISO date. Default now.
 * @property {string | string[] | null} [grantedScopes]  OAuth2: what the provider granted, as its token
 *   answer's `scope` says it (a string as the provider writes it, or a list joined with the provider's
 *   separator). Default: the integration's current scopes. `null`: the provider reports none.
 * @property {string[]} [scopesOverride]  `connection_config.oauth_scopes_override`: this connection was asked for these.
 */

/**
 * @typedef {object} IntegrationInput
 * @property {string} integrationId
 * @property {string} provider
 * @property {string} [displayName]  Default: the provider, capitalised.
 * @property {AuthMode} authMode
 * @property {string | string[]} [scopes]  OAuth2: the scopes Nango asks the provider for (stored
 *   comma-separated, as Nango does). Default none (`credentials.scopes: null`).
 */

/**
 * @typedef {object} EndUserInput
 * @property {string} id
 * @property {string} [email]
 * @property {string} [display_name]
 */

/**
 * @typedef {object} FakeNangoOptions
 * @property {string} [secretKey]     The only secret key accepted (Nango's are UUID v4s; any other key is
 *   refused like Nango does: `invalid_secret_key_format` when not a UUID v4, else `unknown_account`).
 *   Default `5b3c8f0e-2d4a-4c6b-9e1f-7a8b9c0d1e2f`.
 * @property {string} [connectUiUrl]  Base of `connect_link`. Default `https://connect.nango.dev`.
 * @property {number} [sessionTtlMs]  Connect session lifetime. Default 30 minutes, like Nango.
 * @property {string} [appName]       The OAuth app's name on the simulated provider consent page. Default `Your app`.
 * @property {string} [webhookUrl]    Where to post Nango's signed auth webhooks (see {@link FakeNango.setWebhookUrl}).
 */

/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} path     Without the query string.
 * @property {Record<string, string>} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {unknown} body    Parsed JSON, the raw text, or `undefined`.
 * @property {number} time     `Date.now()` on arrival.
 */

/**
 * @typedef {object} SessionInfo
 * @property {string} token
 * @property {'connect' | 'reconnect'} kind
 * @property {string | undefined} connectionId  The connection a reconnect session re-authorizes.
 * @property {string} integrationId  The one integration the session may connect.
 * @property {EndUserInput | null} endUser
 * @property {string[] | undefined} [scopesOverride]  `integrations_config_defaults[key].connection_config.oauth_scopes_override`: the connection made or re-authorized in this session asks for these.
 * @property {number} expiresAt  Epoch milliseconds.
 */

/**
 * @typedef {object} FakeNango
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next?: (error?: unknown) => void) => void} handle
 *   Node / Express / Connect handler. With `next`, unknown paths go to `next()`; without, 404.
 * @property {(port?: number, host?: string) => Promise<{ url: string, close: () => Promise<void> }>} listen
 * @property {(input: IntegrationInput) => void} addIntegration  An integration with no connection yet.
 * @property {(input: ConnectionInput) => void} addConnection  Adds its integration too, when new.
 * @property {(connectionId: string) => boolean} deleteConnection  Whether there was one.
 * @property {(filter: { endUserId?: string, integrationId?: string }) => string[]} connectionIds
 *   Ids of the matching connections, most recently created first.
 * @property {(connectionId: string, how?: Exclude<ConnectionState, 'valid'>) => void} breakConnection  Default `expired`.
 * @property {(connectionId: string) => void} healConnection  Back to `valid`, with fresh credentials.
 * @property {(integrationId: string, displayName: string) => void} setDisplayName  The integration's name in `getIntegration`.
 * @property {(connectionId: string) => ConnectionState | undefined} getConnectionState
 * @property {(connectionId: string) => string | undefined} getSecret  The connection's live access token / API key.
 * @property {(integrationId: string, scopes: string | string[]) => void} setScopes  The integration's scopes (as `PATCH /integrations/{key}` does).
 * @property {(integrationId: string) => string | null | undefined} getScopes  The integration's scopes, comma-separated, or `null`.
 * @property {(connectionId: string) => string | undefined} getGrantedScope  The connection's `credentials.raw.scope`.
 * @property {(integrationId: string) => string | undefined} getClientSecret  The integration's OAuth client secret (never to be forwarded).
 * @property {(forbidden: boolean) => void} forbidCredentials  `include=credentials` answers 403
 *   `invalid_permissions`, as Nango does for a key not allowed to read credentials.
 * @property {(mode: FailureMode) => void} setFailure  Whole-API fault, `/__control` excepted.
 * @property {(token: string) => SessionInfo | undefined} getSession
 * @property {(token: string) => void} expireSession
 * @property {(connectionId: string, retryAfterSeconds: number | false) => void} setFlaky
 *   Every other `GET /connections/{id}` for this connection answers 429 with `Retry-After`
 *   (Nango's rate limit), starting with the next one; `false` turns it off.
 * @property {() => RecordedRequest[]} getRequests  Every request received, oldest first (a copy).
 * @property {() => void} clearRequests
 * @property {(url: string | undefined) => void} setWebhookUrl  Where auth webhooks go, as the environment's
 *   webhook URL with its auth settings on: a failed refresh when a connection is broken with `expired` (its
 *   scheduled refresh failed; the reads that find it broken post nothing more), a creation or override in a
 *   session, a deletion through the API.
 * @property {() => Promise<Array<{ body: string, status: number | undefined }>>} webhooksSent  Every auth
 *   webhook posted so far (once delivered), oldest first.
 * @property {string} secretKey
 */

const CONNECTION_STATES = /** @type {const} */ (['valid', 'expired', 'auth_error', 'refresh_exhausted']);
const FAILURE_MODES = /** @type {const} */ (['none', '500', 'hang', 'reset']);
const RECONNECT_BODY_KEYS = new Set([
  'connection_id',
  'integration_id',
  'integrations_config_defaults',
  'end_user',
  'organization',
  'overrides',
  'webhook_url_override',
  'tags',
]);
/** What the simulated consent page says the app may do, per provider. */
const SCOPES = /** @type {Record<string, string[]>} */ ({
  github: ['Read your repositories and pull requests', 'Read your profile'],
  slack: ['Post messages to channels you choose', 'Read basic workspace information'],
  hubspot: ['Read your contacts and deals', 'Read your company settings'],
});
const DEFAULT_SCOPES = ['Read your account information'];
/** How providers join scopes in their token answer's `scope` (RFC 6749 says spaces; GitHub and Slack use commas). */
const SCOPE_SEPARATORS = /** @type {Record<string, string>} */ ({ github: ',', slack: ',' });
/** Nango's rule for an integration's scopes (PATCH /integrations/{key}). */
const SCOPES_RULE = /^([0-9a-zA-Z:/_.*-]+(,[0-9a-zA-Z:/_.*-]+)*)?$/;
const BRAND_COLOURS = /** @type {Record<string, string>} */ ({ github: '#24292f', slack: '#4a154b', hubspot: '#c2410c', 'google-calendar': '#1a73e8' });
const GET_CONNECTION_QUERY_KEYS = new Set(['provider_config_key', 'force_refresh', 'refresh_token', 'refresh_github_app_jwt_token']);
const CONNECT_BODY_KEYS = new Set([
  'end_user',
  'organization',
  'allowed_integrations',
  'integrations_config_defaults',
  'overrides',
  'webhook_url_override',
  'tags',
]);
/** Nango backs off refreshing a connection for this long after a failed refresh (then answers 424). */
const REFRESH_BACKOFF_MS = 30_000;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** Nango's exact bodies (NANGO.md, observed on its API server 0.71.4). */
const BODIES = {
  invalidSecretKeyFormat: { error: { message: 'Authentication failed. The provided secret key is not a UUID v4.', code: 'invalid_secret_key_format', payload: {} } },
  unknownAccount: { error: { message: 'Authentication failed. The provided authorization header does not match any account.', code: 'unknown_account', payload: {} } },
  connectionNotFound: { error: { code: 'not_found', message: 'Failed to find connection' } },
  unknownProviderConfig: { error: { code: 'unknown_provider_config', message: 'Provider does not exists' } },
  reconnectUnknown: { error: { code: 'invalid_body', message: 'ConnectionID or IntegrationId does not exists' } },
  connectWithoutEndUser: {
    error: { code: 'invalid_body', errors: [{ code: 'invalid_type', message: 'Invalid input: expected object, received undefined', path: ['end_user'] }] },
  },
  unknownConnection: { error: { code: 'unknown_connection', message: "No connection matching the provided params of 'connection_id' and 'provider_config_key'." } },
};
const REFRESH_MESSAGES = {
  failed: 'The external API returned an error when trying to refresh the access token. Please try again later.',
  backoff: 'A recent refresh attempt failed. Backing off before retrying.',
  exhausted: 'The refresh limit has been reached for this connection.',
};

/**
 * @typedef {object} StoredConnection
 * @property {number} id
 * @property {string} connectionId
 * @property {string} integrationId
 * @property {AuthMode} authMode
 * @property {ConnectionState} state
 * @property {string} secret
 * @property {string} createdAt
 * @property {string} updatedAt
 * @property {string} logId
 * @property {EndUserInput | null} endUser
 * @property {number | undefined} refreshFailedAt  When the last refresh failed (epoch ms), while broken.
 * @property {string | undefined} grantedScope  OAuth2: the provider's token answer's `scope`; `undefined`: it reports none.
 * @property {string[] | undefined} scopesOverride  What this connection's session asked for instead of the integration's scopes.
 */

/**
 * @typedef {object} StoredIntegration
 * @property {string} uniqueKey
 * @property {string} provider
 * @property {string} displayName
 * @property {AuthMode} authMode
 * @property {string} createdAt
 * @property {string | null} scopes  Comma-separated, or `null` when none are configured.
 * @property {string} clientId
 * @property {string} clientSecret  Comes with `include=credentials`: a backend must never forward it.
 */

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

/**
 * Creates a fake Nango API. See {@link FakeNango} for its methods.
 *
 * @param {FakeNangoOptions} [options]
 * @returns {FakeNango}
 */
export function createFakeNango(options = {}) {
  const secretKey = options.secretKey ?? '5b3c8f0e-2d4a-4c6b-9e1f-7a8b9c0d1e2f';
  const connectUiUrl = options.connectUiUrl ?? 'https://connect.nango.dev';
  const sessionTtlMs = options.sessionTtlMs ?? 30 * 60 * 1000;
  const appName = options.appName ?? 'Your app';

  /** @type {Map<string, StoredIntegration>} */
  const integrations = new Map();
  /** @type {Map<string, StoredConnection>} */
  const connections = new Map();
  /** @type {Map<string, SessionInfo>} */
  const sessions = new Map();
  /** @type {RecordedRequest[]} */
  let requests = [];
  /** @type {FailureMode} */
  let failure = 'none';
  let nextId = 1;
  /** Flaky connections: Retry-After seconds, and whether the next read fails. @type {Map<string, { retryAfterSeconds: number, failNext: boolean }>} */
  const flaky = new Map();
  /** Whether `include=credentials` is refused (a key without that permission). */
  let credentialsForbidden = false;

  /** @param {AuthMode} authMode */
  const newSecret = (authMode) => `${authMode === 'OAUTH2' ? 'fake-access-token' : 'fake-api-key'}-${randomBytes(12).toString('hex')}`;

  /** @param {string} connectionId */
  function mustFind(connectionId) {
    const connection = connections.get(connectionId);
    if (!connection) throw new Error(`fake-nango: no connection "${connectionId}"`);
    return connection;
  }

  /**
   * @param {StoredConnection} connection
   * @param {ConnectionState} state
   */
  function setState(connection, state) {
    if (!CONNECTION_STATES.includes(state)) throw new Error(`fake-nango: unknown state "${state}"`);
    if (state === 'valid' && connection.state !== 'valid') connection.secret = newSecret(connection.authMode);
    if (state !== connection.state) connection.refreshFailedAt = undefined;
    connection.state = state;
    connection.logId = randomUUID();
    connection.updatedAt = new Date().toISOString();
  }

  /** Nango stores an integration's scopes comma-separated; `null` when there are none. @param {string | string[] | undefined} scopes */
  function storedScopes(scopes) {
    const list = (Array.isArray(scopes) ? scopes : (scopes ?? '').split(',')).map((scope) => scope.trim()).filter(Boolean);
    return list.length > 0 ? list.join(',') : null;
  }

  /**
   * What the provider's token answer says it granted, for the scopes Nango asked for.
   * @param {StoredIntegration} integration
   * @param {string[] | undefined} asked  The connection's override, else the integration's scopes.
   */
  function grantFor(integration, asked) {
    const scopes = asked ?? (integration.scopes ? integration.scopes.split(',') : []);
    return scopes.length > 0 ? scopes.join(SCOPE_SEPARATORS[integration.provider] ?? ' ') : undefined;
  }

  /** @param {IntegrationInput} input */
  function addIntegration({ integrationId, provider, displayName, authMode, scopes }) {
    if (authMode !== 'API_KEY' && authMode !== 'OAUTH2') throw new Error(`fake-nango: unknown authMode "${authMode}"`);
    const now = new Date().toISOString();
    integrations.set(integrationId, {
      uniqueKey: integrationId,
      provider,
      displayName: displayName ?? provider.charAt(0).toUpperCase() + provider.slice(1),
      authMode,
      createdAt: now,
      scopes: storedScopes(scopes),
      clientId: `fake-client-id-${integrationId}`,
      clientSecret: `fake-client-secret-${randomBytes(12).toString('hex')}`,
    });
  }

  /** @param {ConnectionInput} input */
  function addConnection(input) {
    const { connectionId, integrationId, provider, authMode } = input;
    if (!connectionId || !integrationId || !provider) throw new Error('fake-nango: connectionId, integrationId and provider are required');
    if (authMode !== 'API_KEY' && authMode !== 'OAUTH2') throw new Error(`fake-nango: unknown authMode "${authMode}"`);
    const state = input.state ?? 'valid';
    if (!CONNECTION_STATES.includes(state)) throw new Error(`fake-nango: unknown state "${state}"`);
    const now = input.createdAt ?? new Date().toISOString();
    if (!integrations.has(integrationId)) addIntegration({ integrationId, provider, displayName: input.displayName, authMode });
    const integration = /** @type {StoredIntegration} */ (integrations.get(integrationId));
    const scopesOverride = input.scopesOverride?.slice();
    const granted = input.grantedScopes;
    connections.set(connectionId, {
      id: nextId++,
      connectionId,
      integrationId,
      authMode,
      state,
      secret: newSecret(authMode),
      createdAt: now,
      updatedAt: now,
      logId: randomUUID(),
      endUser: input.endUser ?? null,
      refreshFailedAt: undefined,
      grantedScope:
        authMode !== 'OAUTH2' || granted === null
          ? undefined
          : granted === undefined
            ? grantFor(integration, scopesOverride)
            : Array.isArray(granted)
              ? granted.join(SCOPE_SEPARATORS[provider] ?? ' ')
              : granted,
      scopesOverride,
    });
  }

  /** Ids of the matching connections, most recently created first. @param {{ endUserId?: string, integrationId?: string }} filter */
  function matching({ endUserId, integrationId }) {
    return [...connections.values()]
      .filter((c) => (endUserId === undefined || c.endUser?.id === endUserId) && (integrationId === undefined || integrationId.split(',').includes(c.integrationId)))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
  }

  // ---------------------------------------------------------------- auth webhooks (live status)

  /** @type {string | undefined} */
  let webhookUrl = options.webhookUrl;
  /** @type {Array<Promise<{ body: string, status: number | undefined }>>} */
  const webhooks = [];

  /**
   * Posts the auth webhook Nango sends for this connection, signed with the secret key, without
   * waiting for it (Nango's delivery does not hold up its API answers).
   * @param {StoredConnection} connection
   * @param {'creation' | 'override' | 'refresh' | 'deletion'} operation
   * @param {boolean} success
   */
  function sendAuthWebhook(connection, operation, success) {
    if (!webhookUrl) return;
    const integration = integrations.get(connection.integrationId);
    const body = authWebhookBody({
      connectionId: connection.connectionId,
      providerConfigKey: connection.integrationId,
      provider: integration?.provider ?? 'unknown',
      authMode: integration ? connection.authMode : 'unknown',
      operation,
      success,
      endUser: connection.endUser,
    });
    webhooks.push(postWebhook(webhookUrl, body, secretKey).then((status) => ({ body, status })));
  }

  // ---------------------------------------------------------------- responses

  /**
   * @param {Res} res
   * @param {number} status
   * @param {unknown} [body]
   */
  function send(res, status, body) {
    res.statusCode = status;
    if (body === undefined) {
      res.end();
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  }

  /**
   * @param {Res} res
   * @param {number} status
   * @param {string} code
   * @param {string} [message]
   */
  function sendError(res, status, code, message) {
    send(res, status, { error: message === undefined ? { code } : { code, message } });
  }

  /** The Connect UI runs on another origin and calls this API from the browser. @param {Res} res */
  function setCors(res) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Requested-With');
    res.setHeader('Access-Control-Max-Age', '600');
  }

  /** @param {Req} req */
  function bearer(req) {
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    return match ? match[1].trim() : undefined;
  }

  /** @param {Req} req */
  const hasSecretKey = (req) => bearer(req) === secretKey;

  /**
   * Answers Nango's 401 unless the request carries the secret key; returns whether it did.
   * @param {Req} req
   * @param {Res} res
   */
  function secretKeyAccepted(req, res) {
    if (hasSecretKey(req)) return true;
    const key = bearer(req);
    send(res, 401, key !== undefined && UUID_V4.test(key) ? BODIES.unknownAccount : BODIES.invalidSecretKeyFormat);
    return false;
  }

  /** @param {string | undefined} token */
  function liveSession(token) {
    if (!token) return undefined;
    const session = sessions.get(token);
    return session && session.expiresAt > Date.now() ? session : undefined;
  }

  /**
   * The checks Nango makes before an auth attempt in a connect session: a live session token
   * (query or bearer), for the integration in the path, which uses this auth mode. Answers the
   * error itself and returns `undefined` when a check fails.
   * @param {Req} req
   * @param {Res} res
   * @param {URLSearchParams} query
   * @param {string} pathIntegration the integration id as it appears in the path
   * @param {AuthMode} authMode
   */
  function authorizeSession(req, res, query, pathIntegration, authMode) {
    const session = liveSession(query.get('connect_session_token') ?? bearer(req));
    if (!session) return void sendError(res, 401, 'unauthorized', 'Invalid or expired connect session token');
    const integrationId = decodeURIComponent(pathIntegration);
    if (integrationId !== session.integrationId) return void sendError(res, 400, 'integration_not_allowed', 'Integration not allowed by this token');
    const integration = integrations.get(integrationId);
    if (!integration) return void sendError(res, 400, 'unknown_provider_config', 'Provider does not exists');
    if (integration.authMode !== authMode) {
      return void sendError(res, 400, 'invalid_auth_mode', authMode === 'API_KEY' ? 'Provider does not support API key auth' : 'Provider does not support OAuth');
    }
    return { session, integration };
  }

  /**
   * The public connection object, credentials included — as Nango sends it to a backend.
   * @param {StoredConnection} connection
   */
  function connectionBody(connection, { withCredentials = true } = {}) {
    const integration = /** @type {StoredIntegration} */ (integrations.get(connection.integrationId));
    const credentials =
      connection.authMode === 'OAUTH2'
        ? {
            type: 'OAUTH2',
            access_token: connection.secret,
            expires_at: new Date(Date.now() + 3600_000).toISOString(),
            raw: { access_token: connection.secret, token_type: 'bearer', ...(connection.grantedScope === undefined ? {} : { scope: connection.grantedScope }) },
          }
        : { type: 'API_KEY', apiKey: connection.secret };
    return {
      id: connection.id,
      connection_id: connection.connectionId,
      provider_config_key: connection.integrationId,
      provider: integration.provider,
      errors: authErrors(connection),
      end_user: endUserBody(connection.endUser),
      tags: tagsOf(connection.endUser),
      metadata: { internal_note: 'metadata the browser must not see' },
      connection_config: {
        instance_url: 'https://internal.example.com',
        ...(connection.scopesOverride ? { oauth_scopes_override: connection.scopesOverride } : {}),
      },
      created_at: connection.createdAt,
      updated_at: connection.updatedAt,
      last_fetched_at: new Date().toISOString(),
      credentials: withCredentials ? credentials : {},
    };
  }

  /**
   * Nango records an auth error when a refresh fails (or the credentials stopped working).
   * @param {StoredConnection} connection
   */
  function authErrors(connection) {
    const failed = connection.state === 'auth_error' || connection.refreshFailedAt !== undefined || connection.state === 'refresh_exhausted';
    return failed ? [{ type: 'auth', log_id: connection.logId }] : [];
  }

  /** @param {EndUserInput | null} endUser */
  function endUserBody(endUser) {
    return endUser ? { id: endUser.id, display_name: endUser.display_name ?? null, email: endUser.email ?? null, tags: {}, organization: null } : null;
  }

  /** @param {EndUserInput | null} endUser */
  function tagsOf(endUser) {
    if (!endUser) return {};
    return {
      end_user_id: endUser.id,
      ...(endUser.email ? { end_user_email: endUser.email } : {}),
      ...(endUser.display_name ? { end_user_display_name: endUser.display_name } : {}),
    };
  }

  /**
   * An entry of `GET /connections`: no credentials, no connection config.
   * @param {StoredConnection} connection
   */
  function listedConnectionBody(connection) {
    const integration = /** @type {StoredIntegration} */ (integrations.get(connection.integrationId));
    return {
      id: connection.id,
      connection_id: connection.connectionId,
      provider_config_key: connection.integrationId,
      provider: integration.provider,
      errors: authErrors(connection),
      end_user: endUserBody(connection.endUser),
      tags: tagsOf(connection.endUser),
      metadata: { internal_note: 'metadata the browser must not see' },
      created: connection.createdAt,
    };
  }

  /**
   * A new connect or reconnect session, answered as Nango does (201, the whole `{data}` body).
   * @param {Res} res
   * @param {Omit<SessionInfo, 'token' | 'expiresAt'>} info
   */
  function startSession(res, info) {
    const token = `nango_connect_session_${randomBytes(32).toString('hex')}`;
    const expiresAt = Date.now() + sessionTtlMs;
    sessions.set(token, { token, expiresAt, ...info });
    send(res, 201, { data: { token, connect_link: `${connectUiUrl}?session_token=${token}`, expires_at: new Date(expiresAt).toISOString() } });
  }

  /**
   * A session's per-integration scopes: `integrations_config_defaults[key].connection_config.oauth_scopes_override`.
   * @param {Record<string, unknown>} body
   * @param {string} integrationId
   * @returns {string[] | undefined}
   */
  function scopesOverrideOf(body, integrationId) {
    const defaults = /** @type {Record<string, { connection_config?: { oauth_scopes_override?: unknown } }> | undefined} */ (body.integrations_config_defaults);
    const override = defaults?.[integrationId]?.connection_config?.oauth_scopes_override;
    // @nangohq/types says a string here (and an array once stored): take both, as lists.
    const list = typeof override === 'string' ? override.split(/[\s,]+/) : Array.isArray(override) ? override : [];
    const scopes = list.filter((scope) => typeof scope === 'string' && scope !== '');
    return scopes.length > 0 ? scopes : undefined;
  }

  /**
   * Where a successful auth in a session lands: a reconnect session re-authorizes its
   * connection; a connect session makes a new one (an id chosen by Nango, tagged with the end user).
   * @param {SessionInfo} session
   * @param {StoredIntegration} integration
   * @returns {StoredConnection | undefined}
   */
  function connectionForSession(session, integration) {
    if (session.kind === 'reconnect') {
      const connection = session.connectionId === undefined ? undefined : connections.get(session.connectionId);
      if (connection && session.scopesOverride) connection.scopesOverride = session.scopesOverride.slice();
      return connection;
    }
    const connectionId = randomUUID();
    addConnection({
      connectionId,
      integrationId: integration.uniqueKey,
      provider: integration.provider,
      authMode: integration.authMode,
      endUser: session.endUser,
      scopesOverride: session.scopesOverride,
    });
    // The session made its connection; a second auth in it re-authorizes that one.
    session.kind = 'reconnect';
    session.connectionId = connectionId;
    return connections.get(connectionId);
  }

  /**
   * The scopes an authorization in this session asks the provider for: the reconnected
   * connection's override, else the integration's current scopes.
   * @param {SessionInfo} session
   * @param {StoredIntegration} integration
   * @returns {string[]}
   */
  function connectionScopesAsked(session, integration) {
    const override = session.scopesOverride ?? (session.connectionId === undefined ? undefined : connections.get(session.connectionId)?.scopesOverride);
    return override ?? (integration.scopes ? integration.scopes.split(',') : []);
  }

  /**
   * @param {StoredIntegration} integration
   * @param {string} origin
   * @param {{ withCredentials?: boolean }} [options]  `include=credentials`: the OAuth app's
   *   settings, client secret included, as Nango answers them.
   */
  function integrationBody(integration, origin, { withCredentials = false } = {}) {
    return {
      unique_key: integration.uniqueKey,
      provider: integration.provider,
      display_name: integration.displayName,
      logo: `${origin}/images/template-logos/${integration.provider}.svg`,
      forward_webhooks: true,
      created_at: integration.createdAt,
      updated_at: integration.createdAt,
      ...(withCredentials
        ? {
            credentials:
              integration.authMode === 'OAUTH2'
                ? { type: 'OAUTH2', client_id: integration.clientId, client_secret: integration.clientSecret, scopes: integration.scopes, webhook_secret: null }
                : null,
          }
        : {}),
    };
  }

  /**
   * A provider definition close enough to Nango's for the Connect UI to draw the auth form.
   * @param {StoredIntegration} integration
   * @param {string} origin
   */
  function providerBody(integration, origin) {
    const base = {
      name: integration.provider,
      display_name: integration.displayName,
      logo_url: `${origin}/images/template-logos/${integration.provider}.svg`,
      docs: `https://nango.dev/docs/integrations/all/${integration.provider}`,
      docs_connect: `https://nango.dev/docs/integrations/all/${integration.provider}/connect`,
    };
    if (integration.authMode === 'API_KEY') {
      return {
        ...base,
        auth_mode: 'API_KEY',
        proxy: { base_url: 'https://api.example.com', headers: { authorization: 'Bearer ${apiKey}' } },
        credentials: { apiKey: { type: 'string', title: 'API Key', description: `Your ${integration.displayName} API key`, secret: true } },
      };
    }
    return {
      ...base,
      auth_mode: 'OAUTH2',
      authorization_url: 'https://provider.example.com/oauth/authorize',
      token_url: 'https://provider.example.com/oauth/token',
      proxy: { base_url: 'https://api.example.com' },
    };
  }

  // ---------------------------------------------------------------- routes

  /**
   * @param {Req} req
   * @param {Res} res
   * @param {string} path
   * @param {URLSearchParams} query
   * @param {unknown} body
   * @returns {boolean} whether the path was one of ours
   */
  function route(req, res, path, query, body) {
    const method = req.method ?? 'GET';
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    let match;

    if (method === 'GET' && path === '/connections') {
      if (!secretKeyAccepted(req, res)) return true;
      const endUserId = query.get('endUserId') ?? undefined;
      const integrationId = query.get('integrationId') ?? undefined;
      const connectionId = query.get('connectionId') ?? undefined;
      const found = matching({ endUserId, integrationId }).filter((c) => connectionId === undefined || c.connectionId === connectionId);
      return send(res, 200, { connections: found.map(listedConnectionBody) }), true;
    }

    if (method === 'GET' && (match = /^\/connections\/([^/]+)$/.exec(path))) {
      if (!secretKeyAccepted(req, res)) return true;
      for (const key of query.keys()) {
        if (!GET_CONNECTION_QUERY_KEYS.has(key)) return sendError(res, 400, 'invalid_query_params', `Unrecognized key: "${key}"`), true;
      }
      const providerConfigKey = query.get('provider_config_key');
      if (!providerConfigKey) return sendError(res, 400, 'invalid_query_params', 'provider_config_key is required'), true;
      if (!integrations.has(providerConfigKey)) return send(res, 400, BODIES.unknownProviderConfig), true;
      const connection = connections.get(decodeURIComponent(match[1]));
      if (!connection || connection.integrationId !== providerConfigKey) return send(res, 404, BODIES.connectionNotFound), true;
      const flake = flaky.get(connection.connectionId);
      if (flake) {
        const fail = flake.failNext;
        flake.failNext = !fail;
        if (fail) {
          res.setHeader('Retry-After', String(flake.retryAfterSeconds));
          return sendError(res, 429, 'too_many_requests', 'Too many requests, retry later'), true;
        }
      }
      if (connection.state === 'expired' || connection.state === 'refresh_exhausted') {
        // The provider refused the refresh. Nango then backs off: a check within 30 s does not
        // call the provider and answers 424; after ~4 days of failures it gives up for good.
        const now = Date.now();
        const backingOff = connection.refreshFailedAt !== undefined && now - connection.refreshFailedAt < REFRESH_BACKOFF_MS;
        const status = connection.state === 'refresh_exhausted' || backingOff ? 424 : 400;
        const message = connection.state === 'refresh_exhausted' ? REFRESH_MESSAGES.exhausted : backingOff ? REFRESH_MESSAGES.backoff : REFRESH_MESSAGES.failed;
        if (!backingOff) connection.refreshFailedAt = now;
        const payload = { connection: connectionBody(connection, { withCredentials: false }) };
        return send(res, status, { error: { code: 'invalid_credentials', message, payload } }), true;
      }
      return send(res, 200, connectionBody(connection)), true;
    }

    if (method === 'DELETE' && (match = /^\/connections\/([^/]+)$/.exec(path))) {
      if (!secretKeyAccepted(req, res)) return true;
      const connection = connections.get(decodeURIComponent(match[1]));
      if (!connection || connection.integrationId !== query.get('provider_config_key')) return send(res, 400, BODIES.unknownConnection), true;
      connections.delete(connection.connectionId);
      flaky.delete(connection.connectionId);
      sendAuthWebhook(connection, 'deletion', true);
      return send(res, 200, { success: true }), true;
    }

    if (method === 'POST' && path === '/connect/sessions/reconnect') {
      if (!secretKeyAccepted(req, res)) return true;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return sendError(res, 400, 'invalid_body', 'Expected a JSON object'), true;
      const record = /** @type {Record<string, unknown>} */ (body);
      for (const key of Object.keys(record)) {
        if (!RECONNECT_BODY_KEYS.has(key)) return sendError(res, 400, 'invalid_body', `Unrecognized key: "${key}"`), true;
      }
      const { connection_id: connectionId, integration_id: integrationId } = record;
      if (typeof connectionId !== 'string' || connectionId === '' || typeof integrationId !== 'string' || integrationId === '') {
        return sendError(res, 400, 'invalid_body', 'connection_id and integration_id are required'), true;
      }
      const connection = connections.get(connectionId);
      if (!connection || connection.integrationId !== integrationId) return send(res, 400, BODIES.reconnectUnknown), true;
      return startSession(res, { kind: 'reconnect', connectionId, integrationId, endUser: connection.endUser, scopesOverride: scopesOverrideOf(record, integrationId) }), true;
    }

    if (method === 'POST' && path === '/connect/sessions') {
      if (!secretKeyAccepted(req, res)) return true;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return sendError(res, 400, 'invalid_body', 'Expected a JSON object'), true;
      const record = /** @type {Record<string, unknown>} */ (body);
      for (const key of Object.keys(record)) {
        if (!CONNECT_BODY_KEYS.has(key)) return sendError(res, 400, 'invalid_body', `Unrecognized key: "${key}"`), true;
      }
      const endUser = /** @type {Record<string, unknown> | undefined} */ (record.end_user);
      if (endUser === undefined) return send(res, 400, BODIES.connectWithoutEndUser), true;
      if (!endUser || typeof endUser !== 'object' || typeof endUser.id !== 'string' || endUser.id === '') {
        return sendError(res, 400, 'invalid_body', 'end_user.id is required'), true;
      }
      const allowed = record.allowed_integrations;
      const list = Array.isArray(allowed) ? allowed.filter((key) => typeof key === 'string') : [...integrations.keys()];
      const integrationId = list.find((key) => integrations.has(key));
      if (!integrationId) return sendError(res, 400, 'invalid_body', 'No allowed integration exists'), true;
      const email = typeof endUser.email === 'string' ? endUser.email : undefined;
      const displayName = typeof endUser.display_name === 'string' ? endUser.display_name : undefined;
      return (
        startSession(res, {
          kind: 'connect',
          connectionId: undefined,
          integrationId,
          endUser: { id: endUser.id, ...(email ? { email } : {}), ...(displayName ? { display_name: displayName } : {}) },
          scopesOverride: scopesOverrideOf(record, integrationId),
        }),
        true
      );
    }

    if (method === 'GET' && path === '/connect/session') {
      const session = liveSession(bearer(req));
      if (!session) return sendError(res, 401, 'unauthorized', 'Invalid or expired connect session token'), true;
      return (
        send(res, 200, {
          data: {
            endUser: endUserBody(session.endUser),
            allowed_integrations: [session.integrationId],
            integrations_config_defaults: {},
            connectUISettings: {
              showWatermark: false,
              defaultTheme: 'system',
              theme: { light: { primary: '#00B2E3' }, dark: { primary: '#00B2E3' } },
            },
            isReconnecting: session.kind === 'reconnect',
          },
        }),
        true
      );
    }

    if (method === 'GET' && (match = /^\/integrations\/([^/]+)$/.exec(path))) {
      if (!secretKeyAccepted(req, res)) return true;
      const include = query.getAll('include').flatMap((value) => value.split(','));
      if (include.some((value) => value !== 'credentials' && value !== 'webhook')) return sendError(res, 400, 'invalid_query_params', 'include must be credentials or webhook'), true;
      const integration = integrations.get(decodeURIComponent(match[1]));
      if (!integration) return sendError(res, 404, 'not_found', 'Integration does not exist'), true;
      const withCredentials = include.includes('credentials');
      if (withCredentials && credentialsForbidden) return sendError(res, 403, 'invalid_permissions', 'This API key is not allowed to read credentials'), true;
      return send(res, 200, { data: integrationBody(integration, origin, { withCredentials }) }), true;
    }

    if (method === 'PATCH' && (match = /^\/integrations\/([^/]+)$/.exec(path))) {
      if (!secretKeyAccepted(req, res)) return true;
      const integration = integrations.get(decodeURIComponent(match[1]));
      if (!integration) return sendError(res, 404, 'not_found', 'Integration does not exist'), true;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return sendError(res, 400, 'invalid_body', 'Expected a JSON object'), true;
      const { credentials, display_name: displayName } = /** @type {{ credentials?: Record<string, unknown>, display_name?: unknown }} */ (body);
      if (displayName !== undefined && (typeof displayName !== 'string' || displayName === '')) return sendError(res, 400, 'invalid_body', 'display_name must be a string'), true;
      if (credentials !== undefined) {
        const { type, client_id: clientId, client_secret: clientSecret, scopes } = credentials ?? {};
        if (type !== integration.authMode || typeof clientId !== 'string' || typeof clientSecret !== 'string') {
          return sendError(res, 400, 'invalid_body', 'credentials need type, client_id and client_secret'), true;
        }
        if (scopes !== undefined && (typeof scopes !== 'string' || !SCOPES_RULE.test(scopes))) return sendError(res, 400, 'invalid_body', 'scopes must be a comma-separated list'), true;
        integration.clientId = clientId;
        integration.clientSecret = clientSecret;
        if (scopes !== undefined) integration.scopes = storedScopes(/** @type {string} */ (scopes));
      }
      if (typeof displayName === 'string') integration.displayName = displayName;
      return send(res, 200, { data: integrationBody(integration, origin) }), true;
    }

    if (method === 'GET' && path === '/integrations') {
      if (hasSecretKey(req)) return send(res, 200, { data: [...integrations.values()].map((i) => integrationBody(i, origin)) }), true;
      const session = liveSession(bearer(req) ?? query.get('connect_session_token') ?? undefined);
      if (!session) return sendError(res, 401, 'unauthorized', 'Authentication failed'), true;
      const integration = integrations.get(session.integrationId);
      return send(res, 200, { data: integration ? [integrationBody(integration, origin)] : [] }), true;
    }

    if (method === 'GET' && (match = /^\/providers\/([^/]+)$/.exec(path))) {
      const session = liveSession(bearer(req) ?? query.get('connect_session_token') ?? undefined);
      if (!hasSecretKey(req) && !session) return sendError(res, 401, 'unauthorized', 'Authentication failed'), true;
      const name = decodeURIComponent(match[1]);
      const integration = [...integrations.values()].find((i) => i.provider === name);
      if (!integration) return sendError(res, 404, 'not_found', 'Unknown provider'), true;
      return send(res, 200, { data: providerBody(integration, origin) }), true;
    }

    if (method === 'POST' && (match = /^\/api-auth\/api-key\/([^/]+)$/.exec(path))) {
      const allowed = authorizeSession(req, res, query, match[1], 'API_KEY');
      if (!allowed) return true;
      const { session, integration } = allowed;
      const apiKey = body && typeof body === 'object' ? /** @type {{ apiKey?: unknown }} */ (body).apiKey : undefined;
      if (typeof apiKey !== 'string') return sendError(res, 400, 'invalid_body', 'apiKey is required'), true;
      if (apiKey === '' || apiKey === 'wrong') {
        return sendError(res, 400, 'connection_test_failed', `The connection test failed for ${integration.displayName}`), true;
      }
      const operation = session.kind === 'reconnect' ? 'override' : 'creation';
      const connection = connectionForSession(session, integration);
      if (!connection) return sendError(res, 400, 'invalid_connection', 'Connection does not exist'), true;
      setState(connection, 'valid');
      connection.secret = apiKey;
      sendAuthWebhook(connection, operation, true);
      return send(res, 200, { connectionId: connection.connectionId, providerConfigKey: connection.integrationId }), true;
    }

    // Not a Nango route: it stands for the provider's OAuth consent page plus Nango's callback,
    // which the real Connect UI reaches through a popup. The stand-in Connect UI draws the
    // consent screen from GET and posts the user's "Allow" to POST.
    if ((method === 'GET' || method === 'POST') && (match = /^\/oauth\/authorize\/([^/]+)$/.exec(path))) {
      const allowed = authorizeSession(req, res, query, match[1], 'OAUTH2');
      if (!allowed) return true;
      const { session, integration } = allowed;
      if (method === 'GET') {
        return (
          send(res, 200, {
            data: {
              app_name: appName,
              provider: integration.provider,
              display_name: integration.displayName,
              scopes: SCOPES[integration.provider] ?? DEFAULT_SCOPES,
              // The scopes Nango asks for now: the consent screen lets the user untick them.
              requested_scopes: connectionScopesAsked(session, integration),
            },
          }),
          true
        );
      }
      const operation = session.kind === 'reconnect' ? 'override' : 'creation';
      const connection = connectionForSession(session, integration);
      if (!connection) return sendError(res, 400, 'invalid_connection', 'Connection does not exist'), true;
      setState(connection, 'valid');
      connection.secret = newSecret('OAUTH2');
      // Nango asks the provider for the integration's scopes as they are now, at every
      // authorization: a reconnect is what grants scopes added since. The user may untick some
      // on the consent screen (`scopes`: the ones they left ticked).
      const asked = connection.scopesOverride ?? (integration.scopes ? integration.scopes.split(',') : []);
      const ticked = body && typeof body === 'object' ? /** @type {{ scopes?: unknown }} */ (body).scopes : undefined;
      const granted = Array.isArray(ticked) ? asked.filter((scope) => ticked.includes(scope)) : asked;
      connection.grantedScope = asked.length > 0 ? granted.join(SCOPE_SEPARATORS[integration.provider] ?? ' ') : undefined;
      sendAuthWebhook(connection, operation, true);
      return send(res, 200, { connectionId: connection.connectionId, providerConfigKey: connection.integrationId }), true;
    }

    if (method === 'POST' && path === '/connect/telemetry') return send(res, 204), true;

    if (method === 'GET' && (match = /^\/images\/template-logos\/([\w.-]+)\.svg$/.exec(path))) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'image/svg+xml');
      const letter = match[1].charAt(0).toUpperCase().replace(/[^A-Z0-9]/, '?');
      const colour = BRAND_COLOURS[match[1]] ?? '#6b7280';
      res.end(
        `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="${colour}"/>` +
          `<text x="16" y="22" font-size="16" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`,
      );
      return true;
    }

    return false;
  }

  /**
   * `/__control/...`: the demo's "break this connection" switch. Not subject to `setFailure`.
   * @param {Req} req
   * @param {Res} res
   * @param {string} path
   * @param {unknown} body
   * @returns {boolean}
   */
  function controlRoute(req, res, path, body) {
    const match = /^\/__control\/connections\/([^/]+)$/.exec(path);
    if (!match) return false;
    const connection = connections.get(decodeURIComponent(match[1]));
    if (!connection) return sendError(res, 404, 'not_found', 'Unknown connection'), true;
    if (req.method === 'POST') {
      const state = body && typeof body === 'object' ? /** @type {{ state?: unknown }} */ (body).state : undefined;
      if (typeof state !== 'string' || !CONNECTION_STATES.includes(/** @type {ConnectionState} */ (state))) {
        return sendError(res, 400, 'invalid_body', `state must be one of ${CONNECTION_STATES.join(', ')}`), true;
      }
      setState(connection, /** @type {ConnectionState} */ (state));
    } else if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET, POST');
      return sendError(res, 405, 'method_not_allowed'), true;
    }
    return send(res, 200, { connection_id: connection.connectionId, integration_id: connection.integrationId, state: connection.state }), true;
  }

  /**
   * @param {Req} req
   * @returns {Promise<unknown>}
   */
  async function readBody(req) {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return undefined;
    /** @type {Buffer[]} */
    const chunks = [];
    for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  /** @type {FakeNango['handle']} */
  function handle(req, res, next) {
    const url = new URL(req.url ?? '/', 'http://fake-nango.local');
    const path = url.pathname;
    readBody(req)
      .then((body) => {
        requests.push({
          method: req.method ?? 'GET',
          path,
          query: Object.fromEntries(url.searchParams),
          headers: { ...req.headers },
          body,
          time: Date.now(),
        });
        setCors(res);
        if (req.method === 'OPTIONS') return send(res, 204);
        if (controlRoute(req, res, path, body)) return;
        if (failure === 'reset') return req.socket.destroy();
        if (failure === 'hang') return; // never answered; close() ends the socket
        if (failure === '500') return sendError(res, 500, 'server_error', 'An unhandled error occurred at db.internal:5432');
        if (route(req, res, path, url.searchParams, body)) return;
        if (next) return next();
        sendError(res, 404, 'not_found', `Unknown route ${req.method} ${path}`);
      })
      .catch((error) => {
        if (next) return next(error);
        if (!res.headersSent) sendError(res, 500, 'server_error');
        else res.destroy();
      });
  }

  /** @type {FakeNango['listen']} */
  function listen(port = 0, host = '127.0.0.1') {
    const server = http.createServer((req, res) => handle(req, res));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = /** @type {import('node:net').AddressInfo} */ (server.address());
        const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve({
          url: `http://${shownHost}:${address.port}`,
          close: () =>
            new Promise((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              // Hung requests ("hang" mode) and keep-alive sockets would keep close() waiting.
              server.closeAllConnections();
            }),
        });
      });
    });
  }

  return {
    handle,
    listen,
    addIntegration,
    addConnection,
    breakConnection(connectionId, how = 'expired') {
      if (how === /** @type {string} */ ('valid')) throw new Error('fake-nango: use healConnection() to make a connection valid');
      const connection = mustFind(connectionId);
      setState(connection, how);
      // Nango's scheduled refresh just failed at the provider: it says so at once.
      if (how === 'expired') sendAuthWebhook(connection, 'refresh', false);
    },
    healConnection(connectionId) {
      setState(mustFind(connectionId), 'valid');
    },
    deleteConnection: (connectionId) => connections.delete(connectionId),
    connectionIds: (filter) => matching(filter).map((c) => c.connectionId),
    setDisplayName(integrationId, displayName) {
      const integration = integrations.get(integrationId);
      if (!integration) throw new Error(`fake-nango: no integration "${integrationId}"`);
      integration.displayName = displayName;
    },
    getConnectionState: (connectionId) => connections.get(connectionId)?.state,
    getSecret: (connectionId) => connections.get(connectionId)?.secret,
    setScopes(integrationId, scopes) {
      const integration = integrations.get(integrationId);
      if (!integration) throw new Error(`fake-nango: no integration "${integrationId}"`);
      integration.scopes = storedScopes(scopes);
    },
    getScopes: (integrationId) => integrations.get(integrationId)?.scopes,
    getGrantedScope: (connectionId) => connections.get(connectionId)?.grantedScope,
    getClientSecret: (integrationId) => integrations.get(integrationId)?.clientSecret,
    forbidCredentials(forbidden) {
      credentialsForbidden = forbidden;
    },
    setFailure(mode) {
      if (!FAILURE_MODES.includes(mode)) throw new Error(`fake-nango: unknown failure mode "${mode}"`);
      failure = mode;
    },
    getSession(token) {
      const session = sessions.get(token);
      return session ? { ...session } : undefined;
    },
    expireSession(token) {
      const session = sessions.get(token);
      if (session) session.expiresAt = 0;
    },
    setFlaky(connectionId, retryAfterSeconds) {
      mustFind(connectionId);
      if (retryAfterSeconds === false) flaky.delete(connectionId);
      else flaky.set(connectionId, { retryAfterSeconds: Math.max(0, Math.round(retryAfterSeconds)), failNext: true });
    },
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    webhooksSent: () => Promise.all(webhooks),
    getRequests: () => requests.slice(),
    clearRequests() {
      requests = [];
    },
    secretKey,
  };
}
