/**
 * Opt-in template typings for Vue 3 (checked by vue-tsc / Vue's language tools): attributes,
 * properties and `@statuschange` / `@reconnected` / `@reconnectcancel` / `@reconnecterror`,
 * registered in `GlobalComponents` the way Vue's guide types custom elements.
 *
 *   import type {} from 'nango-connection-status/vue';
 *
 * Vue must still be told the tag is a custom element: `compilerOptions.isCustomElement`.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type {
  NangoConnectionStatus,
  NangoConnectionStatusAttributes,
  NangoConnectionStatusEventMap,
  NangoConnectionStatusProperties,
} from 'nango-connection-status';

/** What Vue's template checker reads: `$props` for bindings, `$emit` for `@event` listeners. */
type NangoConnectionStatusComponent = new () => NangoConnectionStatus & {
  /** @deprecated For template type checking only; not on the element at run time. */
  $props: HTMLAttributes & NangoConnectionStatusProperties & NangoConnectionStatusAttributes & PublicProps;
  /** @deprecated For template type checking only; not on the element at run time. */
  $emit: EmitFn<{ [Name in keyof NangoConnectionStatusEventMap]: (event: NangoConnectionStatusEventMap[Name]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'nango-connection-status': NangoConnectionStatusComponent;
  }
}
