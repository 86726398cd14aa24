/**
 * Opt-in JSX typings for React 19: `<nango-connection-status>` with its attributes,
 * properties and `onstatuschange` / `onreconnected` / `onreconnectcancel` / `onreconnecterror`
 * listeners (React 19 passes `on` + name to `addEventListener` for custom elements).
 *
 *   import type {} from 'nango-connection-status/react';
 *   // or in tsconfig.json: "types": ["nango-connection-status/react"]
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { NangoConnectionStatus, NangoConnectionStatusProps } from 'nango-connection-status';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'nango-connection-status': DetailedHTMLProps<HTMLAttributes<NangoConnectionStatus>, NangoConnectionStatus> & NangoConnectionStatusProps;
    }
  }
}
