/**
 * Opt-in template typings for Svelte 5 (checked by svelte-check / Svelte's language tools):
 * `<nango-connection-status>` with its attributes, properties and typed listeners, as Svelte 5's
 * `onreconnected={…}` or Svelte 4's `on:reconnected={…}`.
 *
 *   <script lang="ts">
 *     import 'nango-connection-status';
 *     import type {} from 'nango-connection-status/svelte';
 *   </script>
 *
 * Svelte sets a prop as a property when the element has one (`{headers}`), else as an attribute.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type {
  NangoConnectionStatus,
  NangoConnectionStatusAttributes,
  NangoConnectionStatusEventMap,
  NangoConnectionStatusProperties,
} from 'nango-connection-status';

/** What a listener receives: the element's event, with `currentTarget` the element. */
type ListenerEvent<Name extends keyof NangoConnectionStatusEventMap> = NangoConnectionStatusEventMap[Name] & { currentTarget: EventTarget & NangoConnectionStatus };

type SvelteEventProps = {
  [Name in keyof NangoConnectionStatusEventMap as `on${Name}` | `on:${Name}`]?: ((event: ListenerEvent<Name>) => void) | null;
};

/**
 * A static attribute is a string (`timeout="5000"`); the element reads numbers from it, so the
 * numeric settings accept a number or a numeric string.
 */
type SvelteProperties = Omit<NangoConnectionStatusProperties, 'timeout' | 'pollInterval'> & {
  timeout?: number | `${number}`;
  pollInterval?: number | `${number}`;
};

declare module 'svelte/elements' {
  export interface SvelteHTMLElements {
    'nango-connection-status': Omit<HTMLAttributes<NangoConnectionStatus>, keyof NangoConnectionStatusProperties> &
      SvelteProperties &
      NangoConnectionStatusAttributes &
      SvelteEventProps;
  }
}
