/**
 * What the widget knows about the connection.
 *
 * - `checking`: asking the status URL (first load, Try again, attribute change).
 * - `valid`: the connection works.
 * - `invalid`: the connection needs the user to re-authorize (a 4xx JSON answer from the
 *   status URL, or a 2xx whose body says so). Offers "Reconnect".
 * - `disconnected`: there is no connection yet, or it was deleted (a 2xx
 *   `{ "status": "disconnected" }` or a 404 JSON answer). Offers "Connect".
 * - `reconnecting`: the Connect UI flow is open, or its result is being verified.
 * - `error`: we could not find out (network, timeout, 401/403, 408/429/5xx, an HTML page,
 *   an unreadable answer). Never offers "Reconnect"; offers "Try again".
 */
export type ConnectionStatus = 'checking' | 'valid' | 'invalid' | 'disconnected' | 'reconnecting' | 'error';

/** `detail` of the `statuschange` event. */
export interface StatusChangeDetail {
  status: ConnectionStatus;
  previousStatus: ConnectionStatus;
  /** Why, in words: the server's reason for `invalid`, what went wrong for `error`. */
  reason?: string;
  /** The server's error code, when it gave one (`missing_scopes`, `invalid_credentials`, `unauthorized`...). */
  code?: string;
  /** With the code `missing_scopes`: the scopes the connection lacks, as the server named them. For developers. */
  missingScopes?: string[];
}

/** `detail` of the `connected` and `reconnected` events: the Connect UI `connect` payload, once verified. */
export interface ReconnectedDetail {
  connectionId: string;
  providerConfigKey: string;
}

/** `detail` of the `connected` event. */
export type ConnectedDetail = ReconnectedDetail;

/** What the user asked for: Connect (from `disconnected`) or Reconnect. */
export type FlowIntent = 'connect' | 'reconnect';

/** Where the connect or reconnect flow failed. */
export type ReconnectErrorStage = 'token' | 'connect-ui' | 'verify';

/** `detail` of the `reconnecterror` event. */
export interface ReconnectErrorDetail {
  stage: ReconnectErrorStage;
  intent: FlowIntent;
  /** Connect UI's `errorType` (stage `connect-ui`), e.g. `connection_test_failed`. */
  errorType?: string;
  message: string;
}

/** `detail` of the `reconnectcancel` event. */
export interface ReconnectCancelDetail {
  intent: FlowIntent;
}

/** Colour theme of the widget, also passed to Connect UI as `themeOverride`. */
export type Theme = 'light' | 'dark' | 'system';
