/**
 * What the widget knows about the connection.
 *
 * - `checking`: asking the status URL (first load, Try again, attribute change).
 * - `valid`: the connection works.
 * - `invalid`: the connection needs the user to re-authorize (a 4xx from the status URL,
 *   or a 2xx whose body says so). The only state that offers "Reconnect".
 * - `reconnecting`: the Connect UI flow is open, or its result is being verified.
 * - `error`: we could not find out (network, timeout, 408/429/5xx, unreadable answer).
 *   Never offers "Reconnect"; retries by itself and offers "Try again".
 */
export type ConnectionStatus = 'checking' | 'valid' | 'invalid' | 'reconnecting' | 'error';

/** `detail` of the `statuschange` event. */
export interface StatusChangeDetail {
  status: ConnectionStatus;
  previousStatus: ConnectionStatus;
  /** Why, in words: the server's reason for `invalid`, what went wrong for `error`. */
  reason?: string;
}

/** `detail` of the `reconnected` event: the Connect UI `connect` payload, once verified. */
export interface ReconnectedDetail {
  connectionId: string;
  providerConfigKey: string;
}

/** Where the reconnect flow failed. */
export type ReconnectErrorStage = 'token' | 'connect-ui' | 'verify';

/** `detail` of the `reconnecterror` event. */
export interface ReconnectErrorDetail {
  stage: ReconnectErrorStage;
  /** Connect UI's `errorType` (stage `connect-ui`), e.g. `connection_test_failed`. */
  errorType?: string;
  message: string;
}

/** Colour theme of the widget, also passed to Connect UI as `themeOverride`. */
export type Theme = 'light' | 'dark' | 'system';
