/**
 * Every word the widget shows. State texts are functions of the integration's display
 * name (e.g. "GitHub"), `undefined` when the status URL did not give one; overrides may
 * be plain strings, where `{name}` is replaced.
 */
export interface Strings {
  checking: (name?: string) => string;
  valid: (name?: string) => string;
  invalid: (name?: string) => string;
  reconnecting: (name?: string) => string;
  error: (name?: string) => string;
  /** Shown with `invalid` when the token URL failed. */
  tokenFailed: string;
  /** Shown with `invalid` when Connect UI reported success but the status URL still says invalid. */
  verifyFailed: string;
  /** Shown with `error`: the widget retries by itself. */
  retrying: string;
  reconnect: string;
  tryAgain: string;
}

/** Per-string overrides: a state text may be a function or a string with `{name}`. */
export type StringOverrides = {
  [K in keyof Strings]?: Strings[K] extends string ? string : string | ((name?: string) => string);
};

/** A state text with and without the integration's name. */
export function named(withName: string, withoutName: string) {
  return (name?: string) => (name ? withName.replace('{name}', name) : withoutName);
}
