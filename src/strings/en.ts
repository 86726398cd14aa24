/**
 * Every word the widget shows. Functions receive the integration's display name
 * when the status URL told us one (e.g. "GitHub"), else `undefined`.
 */
export interface Strings {
  checking: (name?: string) => string;
  valid: (name?: string) => string;
  invalid: (name?: string) => string;
  reconnecting: (name?: string) => string;
  verifying: (name?: string) => string;
  error: (name?: string) => string;
  /** Shown with `invalid` when the token URL failed. */
  tokenFailed: string;
  /** Shown with `invalid` when Connect UI reported success but the status URL still says invalid. */
  verifyFailed: string;
  /** Shown with `error`: we retry by ourselves. */
  retrying: string;
  reconnect: string;
  tryAgain: string;
}

export const en: Strings = {
  checking: (name) => (name ? `Checking ${name} connection…` : 'Checking connection…'),
  valid: (name) => (name ? `${name} is connected` : 'Connected'),
  invalid: (name) => (name ? `${name} needs to be reconnected` : 'This connection needs to be reconnected'),
  reconnecting: (name) => (name ? `Reconnecting ${name}…` : 'Reconnecting…'),
  verifying: (name) => (name ? `Checking ${name} connection…` : 'Checking the connection…'),
  error: (name) => (name ? `Couldn't check ${name} connection` : "Couldn't check the connection"),
  tokenFailed: "Couldn't start reconnecting. Try again.",
  verifyFailed: 'Still not connected. Try reconnecting again.',
  retrying: "We'll try again automatically.",
  reconnect: 'Reconnect',
  tryAgain: 'Try again',
};
