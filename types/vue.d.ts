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

/**
 * Vue's checker folds `poll-interval` into the `pollInterval` prop, so a static attribute
 * (`poll-interval="5"`, `timeout="5000"`: strings) meets the property's type. Vue then sets the
 * string as the property, which the element reads as a number.
 */
type VueProperties = Omit<NangoConnectionStatusProperties, 'timeout' | 'pollInterval'> & {
  timeout?: number | `${number}`;
  pollInterval?: number | `${number}`;
};

/** What Vue's template checker reads: `$props` for bindings, `$emit` for `@event` listeners. */
type NangoConnectionStatusComponent = new () => NangoConnectionStatus & {
  /** @deprecated For template type checking only; not on the element at run time. */
  $props: HTMLAttributes & VueProperties & NangoConnectionStatusAttributes & PublicProps;
  /** @deprecated For template type checking only; not on the element at run time. */
  $emit: EmitFn<{ [Name in keyof NangoConnectionStatusEventMap]: (event: NangoConnectionStatusEventMap[Name]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'nango-connection-status': NangoConnectionStatusComponent;
  }
}
