/**
 * Opt-in JSX typings for Preact: `<nango-connection-status>` with its attributes, properties
 * and `onstatuschange` / `onreconnected` / `onreconnectcancel` / `onreconnecterror` listeners
 * (Preact adds `on` + name with `addEventListener` when the element has no such `on…` property).
 *
 *   import type {} from 'nango-connection-status/preact';
 */
import type { HTMLAttributes } from 'preact';
import type { NangoConnectionStatus, NangoConnectionStatusProps } from 'nango-connection-status';

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'nango-connection-status': HTMLAttributes<NangoConnectionStatus> & NangoConnectionStatusProps;
    }
  }
}
