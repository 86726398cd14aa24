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
 */

/**
 * @typedef {object} FakeNangoOptions
 * @property {string} [secretKey]     The only secret key accepted. Default `fake-nango-secret-key`.
 * @property {string} [connectUiUrl]  Base of `connect_link`. Default `https://connect.nango.dev`.
 * @property {number} [sessionTtlMs]  Connect session lifetime. Default 30 minutes, like Nango.
 * @property {string} [appName]       The OAuth app's name on the simulated provider consent page. Default `Your app`.
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
 * @property {string} connectionId
 * @property {string} integrationId
 * @property {number} expiresAt  Epoch milliseconds.
 */

/**
 * @typedef {object} FakeNango
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next?: (error?: unknown) => void) => void} handle
 *   Node / Express / Connect handler. With `next`, unknown paths go to `next()`; without, 404.
 * @property {(port?: number, host?: string) => Promise<{ url: string, close: () => Promise<void> }>} listen
 * @property {(input: ConnectionInput) => void} addConnection
 * @property {(connectionId: string, how?: Exclude<ConnectionState, 'valid'>) => void} breakConnection  Default `expired`.
 * @property {(connectionId: string) => void} healConnection  Back to `valid`, with fresh credentials.
 * @property {(connectionId: string) => ConnectionState | undefined} getConnectionState
 * @property {(connectionId: string) => string | undefined} getSecret  The connection's live access token / API key.
 * @property {(mode: FailureMode) => void} setFailure  Whole-API fault, `/__control` excepted.
 * @property {(token: string) => SessionInfo | undefined} getSession
 * @property {(token: string) => void} expireSession
 * @property {(connectionId: string, retryAfterSeconds: number | false) => void} setFlaky
 *   Every other `GET /connections/{id}` for this connection answers 429 with `Retry-After`
 *   (Nango's rate limit), starting with the next one; `false` turns it off.
 * @property {() => RecordedRequest[]} getRequests  Every request received, oldest first (a copy).
 * @property {() => void} clearRequests
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
const BRAND_COLOURS = /** @type {Record<string, string>} */ ({ github: '#24292f', slack: '#4a154b', hubspot: '#c2410c', 'google-calendar': '#1a73e8' });
const GET_CONNECTION_QUERY_KEYS = new Set(['provider_config_key', 'force_refresh', 'refresh_token', 'refresh_github_app_jwt_token']);

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
 */

/**
 * @typedef {object} StoredIntegration
 * @property {string} uniqueKey
 * @property {string} provider
 * @property {string} displayName
 * @property {AuthMode} authMode
 * @property {string} createdAt
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
  const secretKey = options.secretKey ?? 'fake-nango-secret-key';
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
    connection.state = state;
    connection.logId = randomUUID();
    connection.updatedAt = new Date().toISOString();
  }

  /** @param {ConnectionInput} input */
  function addConnection(input) {
    const { connectionId, integrationId, provider, authMode } = input;
    if (!connectionId || !integrationId || !provider) throw new Error('fake-nango: connectionId, integrationId and provider are required');
    if (authMode !== 'API_KEY' && authMode !== 'OAUTH2') throw new Error(`fake-nango: unknown authMode "${authMode}"`);
    const state = input.state ?? 'valid';
    if (!CONNECTION_STATES.includes(state)) throw new Error(`fake-nango: unknown state "${state}"`);
    const now = new Date().toISOString();
    if (!integrations.has(integrationId)) {
      integrations.set(integrationId, {
        uniqueKey: integrationId,
        provider,
        displayName: input.displayName ?? provider.charAt(0).toUpperCase() + provider.slice(1),
        authMode,
        createdAt: now,
      });
    }
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
    });
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
  function connectionBody(connection) {
    const integration = /** @type {StoredIntegration} */ (integrations.get(connection.integrationId));
    const credentials =
      connection.authMode === 'OAUTH2'
        ? {
            type: 'OAUTH2',
            access_token: connection.secret,
            expires_at: new Date(Date.now() + 3600_000).toISOString(),
            raw: { access_token: connection.secret, token_type: 'bearer', scope: 'repo' },
          }
        : { type: 'API_KEY', apiKey: connection.secret };
    return {
      id: connection.id,
      connection_id: connection.connectionId,
      provider_config_key: connection.integrationId,
      provider: integration.provider,
      errors: connection.state === 'auth_error' ? [{ type: 'auth', log_id: connection.logId }] : [],
      end_user: { id: `end-user-${connection.connectionId}`, display_name: 'Ada Lovelace', email: 'ada@example.com', organization: null, tags: {} },
      tags: {},
      metadata: { internal_note: 'metadata the browser must not see' },
      connection_config: { instance_url: 'https://internal.example.com' },
      created_at: connection.createdAt,
      updated_at: connection.updatedAt,
      last_fetched_at: new Date().toISOString(),
      credentials,
    };
  }

  /**
   * @param {StoredIntegration} integration
   * @param {string} origin
   */
  function integrationBody(integration, origin) {
    return {
      unique_key: integration.uniqueKey,
      provider: integration.provider,
      display_name: integration.displayName,
      logo: `${origin}/images/template-logos/${integration.provider}.svg`,
      forward_webhooks: true,
      created_at: integration.createdAt,
      updated_at: integration.createdAt,
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

    if (method === 'GET' && (match = /^\/connections\/([^/]+)$/.exec(path))) {
      if (!hasSecretKey(req)) return sendError(res, 401, 'unauthorized', 'Authentication failed'), true;
      for (const key of query.keys()) {
        if (!GET_CONNECTION_QUERY_KEYS.has(key)) return sendError(res, 400, 'invalid_query_params', `Unrecognized key: "${key}"`), true;
      }
      const providerConfigKey = query.get('provider_config_key');
      if (!providerConfigKey) return sendError(res, 400, 'invalid_query_params', 'provider_config_key is required'), true;
      if (!integrations.has(providerConfigKey)) return sendError(res, 400, 'unknown_provider_config', 'Provider does not exists'), true;
      const connection = connections.get(decodeURIComponent(match[1]));
      if (!connection || connection.integrationId !== providerConfigKey) {
        return sendError(res, 404, 'not_found', 'Failed to find connection'), true;
      }
      const flake = flaky.get(connection.connectionId);
      if (flake) {
        const fail = flake.failNext;
        flake.failNext = !fail;
        if (fail) {
          res.setHeader('Retry-After', String(flake.retryAfterSeconds));
          return sendError(res, 429, 'too_many_requests', 'Too many requests, retry later'), true;
        }
      }
      if (connection.state === 'expired') {
        // Nango echoes the provider's refresh failure; an internal URL and a log id help prove
        // the status handler never repeats Nango's raw message.
        return (
          sendError(
            res,
            400,
            'invalid_credentials',
            `Failed to refresh token at https://provider.example.com/oauth/token (log ${connection.logId}): invalid_grant`,
          ),
          true
        );
      }
      if (connection.state === 'refresh_exhausted') {
        return sendError(res, 424, 'invalid_credentials', `connection_refresh_exhausted (log ${connection.logId})`), true;
      }
      return send(res, 200, connectionBody(connection)), true;
    }

    if (method === 'POST' && path === '/connect/sessions/reconnect') {
      if (!hasSecretKey(req)) return sendError(res, 401, 'unauthorized', 'Authentication failed'), true;
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
      if (!connection || connection.integrationId !== integrationId) {
        return sendError(res, 400, 'invalid_body', 'ConnectionID or IntegrationId does not exists'), true;
      }
      const token = `nango_connect_session_${randomBytes(32).toString('hex')}`;
      const expiresAt = Date.now() + sessionTtlMs;
      sessions.set(token, { token, connectionId, integrationId, expiresAt });
      return (
        send(res, 201, {
          data: { token, connect_link: `${connectUiUrl}?session_token=${token}`, expires_at: new Date(expiresAt).toISOString() },
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
            endUser: { id: `end-user-${session.connectionId}`, email: 'ada@example.com', display_name: 'Ada Lovelace', organization: null, tags: {} },
            allowed_integrations: [session.integrationId],
            integrations_config_defaults: {},
            connectUISettings: {
              showWatermark: false,
              defaultTheme: 'system',
              theme: { light: { primary: '#00B2E3' }, dark: { primary: '#00B2E3' } },
            },
            isReconnecting: true,
          },
        }),
        true
      );
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
      const connection = connections.get(session.connectionId);
      if (!connection) return sendError(res, 400, 'invalid_connection', 'Connection does not exist'), true;
      setState(connection, 'valid');
      connection.secret = apiKey;
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
            data: { app_name: appName, provider: integration.provider, display_name: integration.displayName, scopes: SCOPES[integration.provider] ?? DEFAULT_SCOPES },
          }),
          true
        );
      }
      const connection = connections.get(session.connectionId);
      if (!connection) return sendError(res, 400, 'invalid_connection', 'Connection does not exist'), true;
      setState(connection, 'valid');
      connection.secret = newSecret('OAUTH2');
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
    addConnection,
    breakConnection(connectionId, how = 'expired') {
      if (how === /** @type {string} */ ('valid')) throw new Error('fake-nango: use healConnection() to make a connection valid');
      setState(mustFind(connectionId), how);
    },
    healConnection(connectionId) {
      setState(mustFind(connectionId), 'valid');
    },
    getConnectionState: (connectionId) => connections.get(connectionId)?.state,
    getSecret: (connectionId) => connections.get(connectionId)?.secret,
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
    getRequests: () => requests.slice(),
    clearRequests() {
      requests = [];
    },
    secretKey,
  };
}
