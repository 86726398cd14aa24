/**
 * Public types of `nango-connection-status/server`.
 *
 * The Nango client is typed structurally, with only the methods the handlers call, so an
 * app on a slightly different `@nangohq/node` version still type-checks and this entry never
 * imports `@nangohq/node` at runtime.
 */
import type { ConnectionStatusError } from './errors.js';
import type { ConnectionStatusHub } from './hub/types.js';

/** The signed-in user as Nango knows them: the end user a connect session is made for. */
export interface EndUser {
  /** Your app's stable id for the user (letters, digits and `._:@+=-`, at most 255). */
  id: string;
  /** Shown in Nango's dashboard and in Connect UI. */
  email?: string;
  /** The person's name, shown in Nango's dashboard and in Connect UI (not the integration's: that is `integrationName`). */
  displayName?: string;
}

interface ConnectionRefBase {
  /** Nango integration id (also called provider config key or unique key). */
  integrationId: string;
  /**
   * The integration's name as your users know it ("GitHub", "Google Calendar"): the widget
   * shows it, as it shows its `integration-name` attribute. Optional; without it the status
   * handler asks Nango for the integration's display name (cached), and without that the
   * widget shows the provider key. Not the person's name: that is `endUser.displayName`.
   */
  integrationName?: string;
  /**
   * Alias of {@link integrationName}, kept working for code written before it had that name;
   * `integrationName` wins when both are given.
   * @deprecated Use `integrationName` (this top-level `displayName` is easily confused with `endUser.displayName`).
   */
  displayName?: string;
  /**
   * Scopes your app's own features need from this connection (`['repo', 'read:org']`), on top
   * of the integration's configured scopes. A connection that was not granted them is
   * `invalid` with the code `missing_scopes`. Optional.
   */
  requiredScopes?: string[];
}

/**
 * The connection the signed-in user may see, as decided by the app's own code. Give an
 * `endUser` (recommended: the handlers then find the user's connection themselves, make a
 * first connection when there is none, and your app stores no connection id), a
 * `connectionId`, or both (the id is tried first, the end user when Nango no longer knows
 * the id).
 */
export type ConnectionRef = ConnectionRefBase &
  (
    | {
        /** Nango connection id. */
        connectionId: string;
        /** The user, to find their connection when Nango no longer knows `connectionId`. */
        endUser?: EndUser;
      }
    | {
        connectionId?: undefined;
        /** The user whose connection to this integration the widget shows. */
        endUser: EndUser;
      }
  );

/**
 * Finds the connection of the user behind `request` (from the app's session cookie, header...).
 * Answer `null` when nobody is signed in: the handler then answers 401 without calling Nango.
 * The browser never chooses a connection id or an end user.
 *
 * @example
 * // Recommended: by end user. No connection id stored in your app.
 * const resolve: ResolveConnection = async (request) => {
 *   const user = await sessions.userFrom(request.headers.get('cookie'));
 *   return user ? { integrationId: 'github', endUser: { id: user.id, email: user.email } } : null;
 * };
 * @example
 * // By connection id, when your app keeps one per user.
 * const resolve: ResolveConnection = async (request) => {
 *   const user = await sessions.userFrom(request.headers.get('cookie'));
 *   return user ? { connectionId: user.nangoConnectionId, integrationId: 'github' } : null;
 * };
 */
export type ResolveConnection = (request: Request) => ConnectionRef | null | Promise<ConnectionRef | null>;

/** The part of Nango's connection object the status handler reads. Everything else is ignored. */
export interface NangoConnectionLike {
  connection_id?: unknown;
  provider_config_key?: unknown;
  provider?: unknown;
  errors?: unknown;
  /** Read for the granted scopes only (`raw.scope`); never copied into an answer. */
  credentials?: unknown;
  /** Read for `oauth_scopes_override` only. */
  connection_config?: unknown;
}

/** One entry of `nango.listConnections(...)`, as far as the handlers read it. */
export interface NangoListedConnection {
  connection_id?: unknown;
  provider_config_key?: unknown;
  created?: unknown;
  end_user?: unknown;
}

/** `nango.listConnections({ userId, integrationId })` (`@nangohq/node` ≥ 0.71). */
export interface NangoConnectionLister {
  listConnections(params: { userId: string; integrationId: string }): Promise<{ connections: NangoListedConnection[] }>;
}

/**
 * What the status handler calls: `getConnection`, plus `listConnections` for `endUser` and
 * `getIntegration` for display names and the integration's configured scopes.
 */
export interface NangoConnectionReader {
  getConnection(providerConfigKey: string, connectionId: string): Promise<NangoConnectionLike>;
  listConnections?: NangoConnectionLister['listConnections'];
  /**
   * `GET /integrations/:uniqueKey` → `{ data: { display_name } }`; with `include=credentials`
   * also `data.credentials.scopes` (the client secret that comes with it is never kept).
   */
  getIntegration?(
    params: { uniqueKey: string },
    queries?: { include?: Array<'webhook' | 'credentials'> | undefined },
  ): Promise<{ data?: { display_name?: unknown; credentials?: unknown } | undefined }>;
}

/** The answer of both session calls: the whole body, `{ data: { token, expires_at } }`. */
export interface NangoSessionAnswer {
  data: { token: string; expires_at: string | Date };
}

/** What the token handler calls: `createReconnectSession`, plus `createConnectSession` and `listConnections` for `endUser`. */
export interface NangoReconnectSessionCreator {
  createReconnectSession(props: { connection_id: string; integration_id: string }): Promise<NangoSessionAnswer>;
  createConnectSession?(props: {
    end_user: { id: string; email?: string; display_name?: string };
    allowed_integrations: string[];
  }): Promise<NangoSessionAnswer>;
  listConnections?: NangoConnectionLister['listConnections'];
}

/** Options shared by both handlers. */
export interface HandlerOptions<NangoClient> {
  /** An `@nangohq/node` `Nango` instance (`new Nango({ secretKey })`). */
  nango: NangoClient;
  /** Finds the signed-in user's connection; see {@link ResolveConnection}. */
  resolve: ResolveConnection;
  /** How long to wait for each Nango call before answering 504. Default 8000 ms. */
  timeoutMs?: number;
  /**
   * How long this process remembers which connection an end user has (one Nango lookup per
   * user and integration in that time; a 404 for the remembered id looks again). Default 60000 ms.
   */
  lookupCacheMs?: number;
  /**
   * Called for every failure worth a log line (Nango failures, a throwing `resolve`, a
   * `resolve` answer the handlers cannot use, a token request refused as cross-origin, naming the
   * `Origin` and `Host` seen), with a {@link ConnectionStatusError}: `status`
   * and `code` of the answer given, a message for you, and as `cause` the original error —
   * with `@nangohq/node`'s request config (which holds your secret key) removed. Never in a
   * response.
   */
  onError?: (error: ConnectionStatusError, request: Request) => void;
}

/** Options of {@link createConnectionStatusHandler}. */
export interface ConnectionStatusHandlerOptions extends HandlerOptions<NangoConnectionReader> {
  /**
   * How long this process remembers an integration's display name from Nango. Default 600000 ms
   * (10 minutes); a failed lookup is tried again after a minute and never fails the check.
   */
  displayNameCacheMs?: number;
  /**
   * Compare the scopes the connection was granted with the ones it needs, and answer `invalid`
   * with the code `missing_scopes` when some are missing. Default `true`. See docs/permissions.md.
   */
  checkScopes?: boolean;
  /**
   * How long this process remembers an integration's configured scopes from Nango. Default
   * 600000 ms (10 minutes): a scope added in Nango shows as `missing_scopes` within that time.
   */
  scopesCacheMs?: number;
  /**
   * A hub (`createInMemoryHub()`, `createRedisHub()`) shared with the webhook handler: a
   * connection it knows as `valid` is answered without calling Nango, until its entry expires
   * (the hub's `ttlMs`, default 5 minutes) or a webhook changes it; what Nango answers is
   * written back. See docs/live-status.md.
   */
  hub?: ConnectionStatusHub;
}

/** Options of {@link createReconnectTokenHandler}. */
export interface ReconnectTokenHandlerOptions extends HandlerOptions<NangoReconnectSessionCreator> {
  /**
   * Origins besides the request's own that may ask for a session token (`https://app.example.com`).
   * Needed only when the page is on another origin than the token route, or behind a proxy
   * that rewrites `Host`.
   */
  allowedOrigins?: string[];
}

/** A standard Fetch API handler, as used by Next.js route handlers, Hono, Remix, Deno, Bun... */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Body of a 200 from the status handler: every state the check could determine. Built from an
 * allow-list: never credentials.
 */
export interface ConnectionStatusBody {
  /**
   * `valid`: works. `invalid`: the user must re-authorize (Reconnect). `disconnected`: there is
   * no connection (never made, or deleted): the user can Connect.
   */
  status: 'valid' | 'invalid' | 'disconnected';
  /** The connection checked; absent when `disconnected`. */
  connection_id?: string;
  provider_config_key: string;
  /** Nango's provider template (`github`), when known. */
  provider?: string | null;
  /** `resolve`'s `integrationName` (or its alias `displayName`), else the integration's display name in Nango. */
  display_name?: string;
  /** Nango's error entries, reduced to their type (`auth` means re-authorization is needed). */
  errors: Array<{ type: string }>;
  /** With `invalid`, when the connection works but lacks scopes it needs. */
  error?: { code: 'missing_scopes'; message: string };
  /** With the code `missing_scopes`: the scopes it lacks, as the integration or `resolve` names them. */
  missing_scopes?: string[];
}

/** Body of a 200 from the token handler. */
export interface ReconnectTokenBody {
  /** Connect session token for `ConnectUI.setSessionToken()`. Valid about 30 minutes. */
  sessionToken: string;
  /** ISO 8601 expiry of the token. */
  expiresAt: string;
  /**
   * What the session is for, as Nango's state decided (the request's `intent` is only a hint):
   * `reconnect` re-authorizes the existing connection, `connect` makes a new one.
   */
  intent: 'connect' | 'reconnect';
}

/** Body of every error answer of both handlers. */
export interface ErrorBody {
  error: {
    /** Stable machine-readable code, see the error table in docs/server.md. */
    code: string;
    /** A short sentence safe to show to the user. */
    message: string;
  };
  /** The integration concerned, when the error is about the connection itself. */
  provider_config_key?: string;
}
