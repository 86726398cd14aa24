/**
 * Every word the widget shows. State texts are functions of the integration's display
 * name (e.g. "GitHub"), `undefined` when neither `integration-name` nor the status URL gave
 * one; overrides may be plain strings, where `{name}` is replaced.
 */
export interface Strings {
  checking: (name?: string) => string;
  valid: (name?: string) => string;
  invalid: (name?: string) => string;
  /** While Connect UI is open, for Connect and Reconnect alike. */
  reconnecting: (name?: string) => string;
  disconnected: (name?: string) => string;
  error: (name?: string) => string;
  /** Shown when the token URL failed for a reason that may pass (network, 5xx). */
  tokenFailed: string;
  /** Shown when Connect UI reported success but the status URL does not agree. */
  verifyFailed: string;
  /** Shown for the `unauthorized` code (and a 401/403 without a reason). */
  signIn: string;
  /** Shown for the token URL's `not_connectable` code. */
  notConnectable: string;
  /** Replaces `invalid` for the status URL's `missing_scopes` code: the app asks for more than was granted. */
  missingScopes: (name?: string) => string;
  /** After a reconnect that still lacks scopes (the user unticked some): a short list of them follows. */
  stillMissing: string;
  /** Shown with `error`: the widget retries by itself. */
  retrying: string;
  connect: string;
  reconnect: string;
  tryAgain: string;
  /**
   * The buttons' accessible names and Connect UI's title, with the integration's name in the
   * language's own order; each contains its visible label (WCAG 2.5.3 "label in name").
   */
  connectName: (name?: string) => string;
  reconnectName: (name?: string) => string;
  /** Without a name: "Try again: this connection". */
  tryAgainName: (name?: string) => string;
  /** The layer shown while Connect UI loads. */
  opening: (name?: string) => string;
}

/** Per-string overrides: a state text may be a function or a string with `{name}`. */
export type StringOverrides = {
  [K in keyof Strings]?: Strings[K] extends string ? string : string | ((name?: string) => string);
};

/** A state text with and without the integration's name. */
export function named(withName: string, withoutName: string) {
  // A replacer function: `$&` or `$'` in a name must show as written, not as a pattern.
  return (name?: string) => (name ? withName.replace('{name}', () => name) : withoutName);
}
