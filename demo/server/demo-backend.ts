/**
 * The backend of the demo's fictional SaaS app, "Fieldnote": the routes a customer of
 * `nango-connection-status` writes, built from the package's real handlers
 * (`nango-connection-status/server`) and a real `@nangohq/node` client.
 *
 * Offline (the default), the client talks to the fake Nango API (fake-nango.js) and the
 * widgets open the stand-in Connect UI (demo/connect-ui/); both run on 127.0.0.1 ports of
 * their own, so they are other origins than the page, as in production. With
 * `NANGO_SECRET_KEY`, `NANGO_CONNECTION_ID` and `NANGO_INTEGRATION_ID` set, one more widget
 * uses real Nango and its real Connect UI.
 *
 * The handlers find Ada's connections by end user (`resolve` answers `{ integrationId, endUser }`,
 * the recommended setup): the app stores no connection id, a deleted connection shows Connect,
 * and a first connection gets an id Nango chooses.
 *
 * Routes (all JSON):
 *   GET  /api/integrations/:key/status           the widget's status-url
 *   POST /api/integrations/:key/reconnect-token  the widget's token-url
 *   GET  /api/nango/events                       the widgets' events-url (one stream per page: all of Ada's connections)
 *   POST /api/nango/webhook                      the real Nango environment's webhook URL (with NANGO_SECRET_KEY)
 *
 * Live status: the fake Nango posts its signed auth webhooks to a webhook route of the backend's
 * own (on a port of its own, as an app's public webhook URL would be), which puts them in the
 * hub; the events route tells the page, whose widgets check again. See docs/live-status.md.
 *   GET  /api/demo/state                         which fake connections exist and are broken, for the controls
 *   POST /api/demo/integrations/:key/break|heal  the "Break this connection" switch
 *   POST /api/demo/integrations/:key/delete      "Delete this connection" (with @nangohq/node, as an app would)
 *   POST /api/demo/integrations/:key/more-permissions  "Ask for more permissions": one more scope on the integration
 *                                                (getIntegration + updateIntegration, as an app's admin tool would)
 *   POST /api/demo/expire-next-session           { expire: boolean }: the next reconnect link is born expired
 *   POST /api/demo/reset                         back to the starting states
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Nango } from '@nangohq/node';
import {
  createConnectionStatusHandler,
  createInMemoryHub,
  createReconnectTokenHandler,
  createStatusEventsHandler,
  createWebhookHandler,
  toNodeHandler,
  type ConnectionStatusHub,
  type ConnectionRef,
  type ConnectionStatusError,
  type FetchHandler,
  type NodeHandler,
} from '../../src/server/index.js';
import { startConnectUiServer } from './connect-ui-origin.js';
import { createFakeNango, type FakeNango } from './fake-nango.js';

/** The demo's "signed-in user" cookie. A real app reads its own session here. */
export const SESSION_COOKIE = 'fieldnote_session';
const SESSION_ID = 'demo-session-ada';
/** Nango's secret keys are UUID v4s. */
const FAKE_SECRET_KEY = '7d1f0b52-3c8e-4a6f-9b2d-5e4c3a2b1f0e';
/** The signed-in user, as Nango knows them: the end user of every connection they make. */
const ADA = { id: 'fieldnote-user-ada', email: 'ada@example.com', displayName: 'Ada Lovelace' };
const APP_NAME = 'Fieldnote';
/** How long the flaky integration asks clients to wait (seconds). */
const FLAKY_RETRY_AFTER = 3;

export interface DemoIntegration {
  /** The key in our routes; the browser knows nothing else about the connection. */
  key: string;
  name: string;
  description: string;
  /** `fake`: fake Nango + stand-in Connect UI. `real`: Nango from the environment. */
  source: 'fake' | 'real';
  /** Connect UI and API URLs for the widget; `undefined` leaves Nango cloud's defaults. */
  connectUiUrl?: string;
  apiUrl?: string;
}

interface FakeSeed {
  key: string;
  name: string;
  description: string;
  provider: string;
  authMode: 'API_KEY' | 'OAUTH2';
  /** Whether Ada has a connection when the page starts. */
  connected: boolean;
  broken: boolean;
  flaky: boolean;
  /** OAuth2: the scopes the integration asks for as the page starts (Nango's comma-separated form). */
  scopes?: string;
  /** OAuth2: what "Ask for more permissions" adds, one at a time. */
  moreScopes?: string[];
}

/** Ada's connections in the fake Nango, as the page starts. */
const FAKE_SEEDS: FakeSeed[] = [
  {
    key: 'github',
    name: 'GitHub',
    description: 'Link pull requests and issues to your notes.',
    provider: 'github',
    authMode: 'OAUTH2',
    connected: true,
    broken: false,
    flaky: false,
    scopes: 'repo,read:user',
    moreScopes: ['workflow', 'gist', 'notifications', 'write:discussion', 'admin:repo_hook'],
  },
  { key: 'slack', name: 'Slack', description: 'Post a digest of new notes to a channel.', provider: 'slack', authMode: 'API_KEY', connected: true, broken: true, flaky: false },
  {
    key: 'hubspot',
    name: 'HubSpot',
    description: 'Attach meeting notes to contacts and deals.',
    provider: 'hubspot',
    authMode: 'OAUTH2',
    connected: true,
    broken: false,
    flaky: true,
    scopes: 'crm.objects.contacts.read',
    moreScopes: ['crm.objects.deals.read', 'crm.objects.companies.read', 'crm.objects.notes.write'],
  },
  { key: 'notion', name: 'Notion', description: 'Turn Notion pages into notes.', provider: 'notion', authMode: 'API_KEY', connected: false, broken: false, flaky: false },
];

/** Settings for the optional real-Nango widget, read from the environment. */
export interface RealNangoSettings {
  secretKey: string;
  connectionId: string;
  integrationId: string;
  host?: string;
  connectUiUrl?: string;
}

export function realNangoFromEnv(env: NodeJS.ProcessEnv = process.env): RealNangoSettings | undefined {
  const { NANGO_SECRET_KEY: secretKey, NANGO_CONNECTION_ID: connectionId, NANGO_INTEGRATION_ID: integrationId } = env;
  if (!secretKey) return undefined;
  if (!connectionId || !integrationId) {
    throw new Error('demo: NANGO_SECRET_KEY is set: also set NANGO_CONNECTION_ID and NANGO_INTEGRATION_ID (the connection to show).');
  }
  return { secretKey, connectionId, integrationId, host: env.NANGO_HOST || undefined, connectUiUrl: env.NANGO_CONNECT_UI_URL || undefined };
}

/**
 * The Connect UI of a Nango host: `NANGO_CONNECT_UI_URL` if set, else `api.X` → `connect.X`
 * (Nango cloud's naming), else undefined (the widget then uses Nango cloud's Connect UI).
 */
export function connectUiUrlFor(host: string | undefined, explicit?: string): string | undefined {
  if (explicit) return explicit;
  if (!host) return undefined;
  const url = new URL(host);
  if (!url.hostname.startsWith('api.')) return undefined;
  url.hostname = `connect.${url.hostname.slice('api.'.length)}`;
  url.pathname = '/';
  return url.href;
}

export interface DemoBackend {
  /** Connect-style middleware: answers /api/integrations/* and /api/demo/*, else calls next(). */
  middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
  integrations: DemoIntegration[];
  connectUiUrl: string;
  fakeNangoUrl: string;
  fake: FakeNango;
  close: () => Promise<void>;
}

export interface DemoBackendOptions {
  real?: RealNangoSettings;
  /** Port of the stand-in Connect UI (default: any free one). */
  connectUiPort?: number;
  /** Port of the fake Nango API (default: any free one). */
  fakeNangoPort?: number;
}

export async function startDemoBackend(options: DemoBackendOptions = {}): Promise<DemoBackend> {
  const connectUi = await startConnectUiServer({ port: options.connectUiPort ?? 0 });
  const fake = createFakeNango({ secretKey: FAKE_SECRET_KEY, connectUiUrl: connectUi.url, appName: APP_NAME });
  const endUser = { id: ADA.id, email: ADA.email, display_name: ADA.displayName };
  for (const seed of FAKE_SEEDS) fake.addIntegration({ integrationId: seed.key, provider: seed.provider, displayName: seed.name, authMode: seed.authMode, scopes: seed.scopes });
  /** Ada's newest connection to an integration in the fake Nango: what the switches act on. */
  const currentConnection = (key: string): string | undefined => fake.connectionIds({ endUserId: ADA.id, integrationId: key })[0];
  const reset = () => {
    for (const seed of FAKE_SEEDS) {
      if (seed.scopes !== undefined) fake.setScopes(seed.key, seed.scopes);
      for (const id of fake.connectionIds({ endUserId: ADA.id, integrationId: seed.key })) fake.deleteConnection(id);
      if (!seed.connected) continue;
      const id = `fieldnote-ada-${seed.key}`;
      fake.addConnection({ connectionId: id, integrationId: seed.key, provider: seed.provider, displayName: seed.name, authMode: seed.authMode, endUser });
      if (seed.broken) fake.breakConnection(id, 'expired');
      fake.setFlaky(id, seed.flaky ? FLAKY_RETRY_AFTER : false);
    }
  };
  reset();
  let fakeApi: { url: string; close: () => Promise<void> };
  try {
    fakeApi = await fake.listen(options.fakeNangoPort ?? 0, '127.0.0.1');
  } catch (error) {
    await connectUi.close();
    throw error;
  }

  const integrations: DemoIntegration[] = FAKE_SEEDS.map(({ key, name, description }) => ({
    key,
    name,
    description,
    source: 'fake',
    connectUiUrl: connectUi.url,
    apiUrl: fakeApi.url,
  }));
  /**
   * What the signed-in user may see, per route key: decided here, never by the browser. The
   * fake integrations are found by end user (no id stored); the names come from Nango.
   */
  const userConnections = new Map<string, ConnectionRef>(FAKE_SEEDS.map(({ key }) => [key, { integrationId: key, endUser: ADA }]));

  const routes = new Map<string, { status: NodeHandler; token: NodeHandler }>();
  const onError = (error: ConnectionStatusError) => {
    // The flaky integration's 429 is expected here; anything else is worth a line. (The error
    // holds no secret key: the handlers redact it.)
    if (error.nangoStatus === 429) return;
    console.warn(`[demo] ${error.status} ${error.code}: ${error.message}${error.nangoStatus ? ` (Nango ${error.nangoStatus} ${error.nangoCode ?? ''})` : ''}`);
  };
  let expireNextSession = false;

  /** The demo's one process: an in-memory hub joins the webhook, status and events routes. */
  const hub = createInMemoryHub();
  const mount = (keys: string[], nango: Nango, afterToken?: (response: Response) => Promise<void>, statusHub?: ConnectionStatusHub) => {
    const resolve = (request: Request): ConnectionRef | null => {
      if (!isSignedIn(request.headers.get('cookie'))) return null;
      const key = /^\/api\/integrations\/([\w-]+)\//.exec(new URL(request.url).pathname)?.[1];
      return key && keys.includes(key) ? (userConnections.get(key) ?? null) : null;
    };
    // scopesCacheMs: 1 reads the integration's scopes at every check, so "Ask for more
    // permissions" shows at once; an app keeps the default (read once per 10 minutes).
    const status = toNodeHandler(createConnectionStatusHandler({ nango, resolve, onError, scopesCacheMs: 1, hub: statusHub }));
    const tokenHandler = createReconnectTokenHandler({ nango, resolve, onError });
    const token: FetchHandler = async (request) => {
      const response = await tokenHandler(request);
      await afterToken?.(response);
      return response;
    };
    for (const key of keys) routes.set(key, { status, token: toNodeHandler(token) });
  };

  const fakeNango = new Nango({ secretKey: FAKE_SECRET_KEY, host: fakeApi.url });
  const afterFakeToken = async (response: Response) => {
    // "The link expired": the user left Connect UI's tab for more than 30 minutes.
    if (!expireNextSession || !response.ok) return;
    expireNextSession = false;
    const { sessionToken } = (await response.clone().json()) as { sessionToken: string };
    fake.expireSession(sessionToken);
  };
  // Answered from the hub while healthy. Not HubSpot: its flaky 429s are there to be seen.
  mount(
    FAKE_SEEDS.filter((seed) => !seed.flaky).map(({ key }) => key),
    fakeNango,
    afterFakeToken,
    hub,
  );
  mount(
    FAKE_SEEDS.filter((seed) => seed.flaky).map(({ key }) => key),
    fakeNango,
    afterFakeToken,
  );
  const fakeWebhooks = await startFakeWebhookRoute(fakeNango, hub);
  fake.setWebhookUrl(fakeWebhooks.url);

  const real = options.real;
  let realWebhook: NodeHandler | undefined;
  if (real) {
    const key = 'live';
    integrations.unshift({
      key,
      name: `Nango: ${real.integrationId}`,
      description: `Your real connection on ${real.host ?? 'Nango cloud'}, through the real Connect UI.`,
      source: 'real',
      connectUiUrl: connectUiUrlFor(real.host, real.connectUiUrl),
      apiUrl: real.host,
    });
    userConnections.set(key, { connectionId: real.connectionId, integrationId: real.integrationId });
    const realNango = new Nango({ secretKey: real.secretKey, ...(real.host ? { host: real.host } : {}) });
    mount([key], realNango, undefined, hub);
    realWebhook = toNodeHandler(createWebhookHandler({ nango: realNango, hub, onError }));
  }
  /** Every connection Ada may hear about, for the one events stream of her page. */
  const events = toNodeHandler(
    createStatusEventsHandler({ resolve: (request) => (isSignedIn(request.headers.get('cookie')) ? [...userConnections.values()] : null), hub, onError }),
  );

  const fakeKeys = new Set(FAKE_SEEDS.map(({ key }) => key));

  /**
   * Deletes Ada's connection the way an app's "Disconnect" button would: find it by end user,
   * delete it with @nangohq/node. The widget then shows Connect on its next check.
   */
  /**
   * "Ask for more permissions": the app shipped a feature that needs one more scope, and its
   * admin adds it to the integration in Nango. Nango keeps answering 200 for the old connection;
   * the status handler sees the gap. The client secret read here goes straight back to Nango,
   * never to the browser: the answer names the scopes only.
   */
  async function askForMorePermissions(key: string): Promise<string[] | undefined> {
    const seed = FAKE_SEEDS.find((s) => s.key === key);
    if (!seed?.moreScopes) return undefined;
    const { data } = await fakeNango.getIntegration({ uniqueKey: key }, { include: ['credentials'] });
    const credentials = data.credentials as { type: 'OAUTH2'; client_id: string; client_secret: string; scopes: string | null };
    const scopes = credentials.scopes ? credentials.scopes.split(',') : [];
    const next = seed.moreScopes.find((scope) => !scopes.includes(scope)) ?? `extra.${scopes.length}`;
    scopes.push(next);
    await fakeNango.updateIntegration({ uniqueKey: key }, { credentials: { type: 'OAUTH2', client_id: credentials.client_id, client_secret: credentials.client_secret, scopes: scopes.join(',') } });
    return scopes;
  }

  async function deleteConnection(key: string): Promise<boolean> {
    const listed = await fakeNango.listConnections({ userId: ADA.id, integrationId: key });
    // Older @nangohq/node versions send the integration filter under another name: check it here.
    const connections = listed.connections.filter((connection) => connection.provider_config_key === key);
    for (const connection of connections) await fakeNango.deleteConnection(key, connection.connection_id);
    return connections.length > 0;
  }

  function demoControl(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (!path.startsWith('/api/demo/')) return false;
    if (!isSignedIn(req.headers.cookie)) return json(res, 401, { error: { code: 'unauthorized', message: 'Sign in first.' } }), true;
    if (path === '/api/demo/state' && req.method === 'GET') {
      const connections = FAKE_SEEDS.map(({ key }) => [key, currentConnection(key)] as const);
      const connected = Object.fromEntries(connections.map(([key, id]) => [key, id !== undefined]));
      const broken = Object.fromEntries(connections.map(([key, id]) => [key, id !== undefined && fake.getConnectionState(id) !== 'valid']));
      return json(res, 200, { connected, broken, expireNextSession }), true;
    }
    if (req.method !== 'POST') return json(res, 405, { error: { code: 'method_not_allowed', message: 'Use POST.' } }), true;
    // Same rule as the token route: a cross-site form cannot send this header.
    if (req.headers['x-requested-with'] !== 'fieldnote-demo') {
      return json(res, 415, { error: { code: 'unsupported_media_type', message: 'Send X-Requested-With: fieldnote-demo.' } }), true;
    }
    const match = /^\/api\/demo\/integrations\/([\w-]+)\/(break|heal|delete|more-permissions)$/.exec(path);
    if (match) {
      const [, key, action] = match;
      if (!fakeKeys.has(key)) return json(res, 404, { error: { code: 'not_found', message: 'Only the fake connections can be changed.' } }), true;
      if (action === 'more-permissions') {
        void askForMorePermissions(key).then(
          (scopes) => json(res, scopes ? 200 : 409, scopes ? { key, scopes } : { error: { code: 'no_scopes', message: 'This integration uses API keys: it has no scopes.' } }),
          (error: unknown) => json(res, 502, { error: { code: 'nango_error', message: `Nango refused: ${(error as { response?: { status?: number } }).response?.status ?? 'no answer'}` } }),
        );
        return true;
      }
      if (action === 'delete') {
        void deleteConnection(key).then(
          (deleted) => json(res, deleted ? 200 : 409, deleted ? { key, deleted } : { error: { code: 'not_connected', message: 'There is no connection to delete.' } }),
          (error: unknown) => json(res, 502, { error: { code: 'nango_error', message: `Nango refused: ${(error as { response?: { status?: number } }).response?.status ?? 'no answer'}` } }),
        );
        return true;
      }
      const id = currentConnection(key);
      if (!id) return json(res, 409, { error: { code: 'not_connected', message: 'There is no connection to break: connect it first.' } }), true;
      if (action === 'break') fake.breakConnection(id, 'expired');
      else fake.healConnection(id);
      return json(res, 200, { key, broken: action === 'break' }), true;
    }
    if (path === '/api/demo/expire-next-session') {
      void readJson(req).then((body) => {
        expireNextSession = Boolean((body as { expire?: unknown } | undefined)?.expire);
        json(res, 200, { expireNextSession });
      });
      return true;
    }
    if (path === '/api/demo/reset') {
      reset();
      expireNextSession = false;
      return json(res, 200, { ok: true }), true;
    }
    return json(res, 404, { error: { code: 'not_found', message: 'No such demo control.' } }), true;
  }

  const middleware: DemoBackend['middleware'] = (req, res, next) => {
    const path = new URL(req.url ?? '/', 'http://demo.local').pathname;
    const match = /^\/api\/integrations\/([\w-]+)\/(status|reconnect-token)$/.exec(path);
    if (match) {
      const route = routes.get(match[1]);
      if (!route) return json(res, 404, { error: { code: 'not_found', message: 'No such integration.' } });
      return match[2] === 'status' ? route.status(req, res, next) : route.token(req, res, next);
    }
    if (path === '/api/nango/events') return events(req, res, next);
    if (path === '/api/nango/webhook') {
      if (!realWebhook) return json(res, 404, { error: { code: 'not_found', message: 'No real Nango is set up (NANGO_SECRET_KEY).' } });
      return realWebhook(req, res, next);
    }
    if (demoControl(req, res, path)) return;
    // The page itself: "sign in" as the demo user, so the API routes know who asks.
    if (req.method === 'GET' && (path === '/' || path === '/index.html') && !isSignedIn(req.headers.cookie)) {
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${SESSION_ID}; Path=/; HttpOnly; SameSite=Lax`);
    }
    next();
  };

  let closing: Promise<void> | undefined;
  return {
    middleware,
    integrations,
    connectUiUrl: connectUi.url,
    fakeNangoUrl: fakeApi.url,
    fake,
    close: () => (closing ??= Promise.all([connectUi.close(), fakeApi.close(), fakeWebhooks.close(), hub.close()]).then(() => undefined)),
  };
}

/**
 * The app's webhook route for the fake Nango, on a 127.0.0.1 port of its own: the URL an app
 * would set as its Nango environment's webhook URL (`https://app.example.com/api/nango/webhook`).
 */
async function startFakeWebhookRoute(nango: Nango, hub: ConnectionStatusHub): Promise<{ url: string; close: () => Promise<void> }> {
  const webhook = toNodeHandler(
    createWebhookHandler({ nango, hub, onError: (error) => console.warn(`[demo] webhook ${error.status} ${error.code}: ${error.message}`) }),
  );
  const server = http.createServer((req, res) => webhook(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/nango/webhook`,
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

function isSignedIn(cookieHeader: string | null | undefined): boolean {
  return (cookieHeader ?? '').split(';').some((part) => part.trim() === `${SESSION_COOKIE}=${SESSION_ID}`);
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    return undefined;
  }
}
