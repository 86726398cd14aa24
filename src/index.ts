/**
 * The package entry: registers `<nango-connection-status>` and exports its types.
 * Import `nango-connection-status/element` for the class without registering it.
 */
import type { NangoConnectionStatus } from './nango-connection-status.js';
import type { ReconnectedDetail, ReconnectErrorDetail, StatusChangeDetail } from './types.js';
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
  interface HTMLElementEventMap {
    statuschange: CustomEvent<StatusChangeDetail>;
    reconnected: CustomEvent<ReconnectedDetail>;
    reconnectcancel: CustomEvent<undefined>;
    reconnecterror: CustomEvent<ReconnectErrorDetail>;
  }
}

defineNangoConnectionStatus();
