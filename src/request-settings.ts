/** From the widget's settings to what a request needs: shared by the state machine and the flow. */
import type { ConnectionStatusSettings } from './connection-status-controller.js';
import { DEFAULT_TIMEOUT_MS, type RequestSettings } from './http.js';
import { safeUrl } from './safe-url.js';

export function requestSettings(settings: ConnectionStatusSettings): RequestSettings {
  return { credentials: settings.credentials ?? 'same-origin', headers: settings.headers, timeoutMs: settings.timeout ?? DEFAULT_TIMEOUT_MS };
}

/** A status, token or events URL: set, and `https:` (or loopback `http:`) when absolute. Throws a TypeError naming the attribute. */
export function checkedUrl(value: string | undefined, attribute: string): string {
  if (!value) throw new TypeError(`${attribute} is not set`);
  return safeUrl(value, attribute, true);
}
