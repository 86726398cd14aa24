/**
 * Opt-in JSX typings for Solid: `<nango-connection-status>` with its attributes, properties and
 * listeners, as `onstatuschange={…}` or `on:statuschange={…}`.
 *
 *   import type {} from 'nango-connection-status/solid';
 */
import type { JSX } from 'solid-js';
import type { NangoConnectionStatus, NangoConnectionStatusEventMap, NangoConnectionStatusProps } from 'nango-connection-status';

/** Solid's `on:name` spelling, which always adds a native listener under exactly that name. */
type NamespacedEventProps = {
  [Name in keyof NangoConnectionStatusEventMap as `on:${Name}`]?: (event: NangoConnectionStatusEventMap[Name]) => void;
};

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements {
      'nango-connection-status': JSX.HTMLAttributes<NangoConnectionStatus> & NangoConnectionStatusProps & NamespacedEventProps;
    }
  }
}
