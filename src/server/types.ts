/**
 * Public types of `nango-connection-status/server`.
 *
 * The Nango client is typed structurally, with only the methods the handlers call, so an
 * app on a slightly different `@nangohq/node` version still type-checks and this entry never
 * imports `@nangohq/node` at runtime.
 */

/** The connection the signed-in user may see, as decided by the app's own code. */
export interface ConnectionRef {
  /** Nango connection id. */
  connectionId: string;
  /** Nango integration id (also called provider config key or unique key). */
  integrationId: string;
  /**
   * The integration's name as your users know it ("GitHub", "Google Calendar"): the widget
   * shows it. Optional; without it the widget shows the provider key, capitalised.
   */
  displayName?: string;
}

/**
 * Finds the connection of the user behind `request` (from the app's session cookie, header...).
 * Answer `null` when nobody is signed in or the user has no connection: the handler then
 * answers 401 without calling Nango. The browser never chooses a connection id.
 *
 * @example
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
}

/** `nango.getConnection(...)` as `@nangohq/node` declares it (only the arguments we pass). */
export interface NangoConnectionReader {
  getConnection(providerConfigKey: string, connectionId: string): Promise<NangoConnectionLike>;
}

/** `nango.createReconnectSession(...)` as `@nangohq/node` declares it (only the fields we send). */
export interface NangoReconnectSessionCreator {
  createReconnectSession(props: { connection_id: string; integration_id: string }): Promise<{
    data: { token: string; expires_at: string | Date };
  }>;
}

/** Options shared by both handlers. */
export interface HandlerOptions<NangoClient> {
  /** An `@nangohq/node` `Nango` instance (`new Nango({ secretKey })`). */
  nango: NangoClient;
  /** Finds the signed-in user's connection; see {@link ResolveConnection}. */
  resolve: ResolveConnection;
  /** How long to wait for Nango before answering 504. Default 8000 ms. */
  timeoutMs?: number;
  /**
   * Called with every unexpected error (Nango failures, a throwing `resolve`) for your logs.
   * The handlers never put error details in a response. Beware: an axios error from
   * `@nangohq/node` carries the request config, including the `Authorization: Bearer <secret key>`
   * header — log `error.response?.status` and `error.response?.data`, not the whole object.
   */
  onError?: (error: unknown, request: Request) => void;
}

/** Options of {@link createConnectionStatusHandler}. */
export type ConnectionStatusHandlerOptions = HandlerOptions<NangoConnectionReader>;

/** Options of {@link createReconnectTokenHandler}. */
export type ReconnectTokenHandlerOptions = HandlerOptions<NangoReconnectSessionCreator>;

/** A standard Fetch API handler, as used by Next.js route handlers, Hono, Remix, Deno, Bun... */
export type FetchHandler = (request: Request) => Promise<Response>;

/** Body of a 200 from the status handler. Built from an allow-list: never credentials. */
export interface ConnectionStatusBody {
  /** `invalid` means the user must re-authorize (reconnect). */
  status: 'valid' | 'invalid';
  connection_id: string;
  provider_config_key: string;
  provider: string | null;
  /** From `resolve`'s `displayName`, when given. */
  display_name?: string;
  /** Nango's error entries, reduced to their type (`auth` means re-authorization is needed). */
  errors: Array<{ type: string }>;
}

/** Body of a 200 from the reconnect token handler. */
export interface ReconnectTokenBody {
  /** Connect session token for `ConnectUI.setSessionToken()`. Valid about 30 minutes. */
  sessionToken: string;
  /** ISO 8601 expiry of the token. */
  expiresAt: string;
}

/** Body of every error answer of both handlers. */
export interface ErrorBody {
  error: {
    /** Stable machine-readable code, see the README's error table. */
    code: string;
    /** A short sentence safe to show to the user. */
    message: string;
  };
  /** The integration concerned, when the error is about the connection itself. */
  provider_config_key?: string;
}
