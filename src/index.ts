/**
 * The package entry: registers `<nango-connection-status>` and exports its types.
 * Import `nango-connection-status/element` for the class without registering it.
 */
import { NangoConnectionStatus } from './nango-connection-status.js';
import type { ReconnectedDetail, ReconnectErrorDetail, StatusChangeDetail } from './types.js';

export * from './element.js';

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

// Guarded, not decorated with @customElement: two copies of the package on one page
// (a micro-frontend, a script tag plus a bundle) must not throw.
if (typeof customElements !== 'undefined' && !customElements.get('nango-connection-status')) {
  customElements.define('nango-connection-status', NangoConnectionStatus);
}
