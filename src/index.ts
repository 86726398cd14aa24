/**
 * The package entry: registers `<nango-connection-status>` and exports its types.
 * Import `nango-connection-status/element` for the class without registering it.
 */
import type { NangoConnectionStatusEventMap } from './jsx.js';
import type { NangoConnectionStatus } from './nango-connection-status.js';
import { defineNangoConnectionStatus } from './define.js';

export * from './element.js';
export { defineNangoConnectionStatus } from './define.js';
export { VERSION } from './version.js';
export type {
  NangoConnectionStatusAttributes,
  NangoConnectionStatusEventMap,
  NangoConnectionStatusEventProps,
  NangoConnectionStatusProperties,
  NangoConnectionStatusProps,
} from './jsx.js';

declare global {
  interface HTMLElementTagNameMap {
    'nango-connection-status': NangoConnectionStatus;
  }
  // The element's events, declared once in jsx.ts, typed on every element's addEventListener.
  interface HTMLElementEventMap extends NangoConnectionStatusEventMap {}
}

defineNangoConnectionStatus();
