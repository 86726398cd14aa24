/**
 * `nango-connection-status/vue`: the element as a Vue 3 component, for apps rendered on the
 * server (Nuxt, Vite SSR) as well as in the browser.
 *
 *   <script setup lang="ts">
 *   import { NangoConnectionStatus } from 'nango-connection-status/vue';
 *   </script>
 *   <template>
 *     <NangoConnectionStatus status-url="/api/nango/status" :headers="{ 'X-CSRF-Token': token }" @reconnected="onBack" />
 *   </template>
 *
 * It renders the tag with `defer-hydration` and removes it once mounted. On the server that
 * keeps the element idle until Vue has hydrated it and set `headers` (a property: it cannot be
 * in the HTML), so the first and only status request carries them; in the browser alone it
 * changes nothing. No `isCustomElement` setting is needed. Also registers the tag, and types
 * the bare `<nango-connection-status>` in templates (as `import type {} from
 * 'nango-connection-status/vue'` always did).
 *
 * Needs `vue` 3.5 or later (an optional peer dependency of this package).
 */
import { defineComponent, h, onMounted, ref, type EmitFn, type HTMLAttributes, type PropType, type PublicProps } from 'vue';
import { defineNangoConnectionStatus } from './define.js';
import type { NangoConnectionStatusAttributes, NangoConnectionStatusEventMap, NangoConnectionStatusProperties } from './jsx.js';
import type { NangoConnectionStatus as NangoConnectionStatusElement } from './nango-connection-status.js';
import type { StringOverrides } from './strings/index.js';
import type { Theme } from './types.js';

defineNangoConnectionStatus();

type Emitted<Name extends keyof NangoConnectionStatusEventMap> = (event: NangoConnectionStatusEventMap[Name]) => true;
const passes = () => true as const;

/** The element's settings that are attributes, by prop name, and the attribute each one renders as. */
const ATTRIBUTES = {
  statusUrl: 'status-url',
  tokenUrl: 'token-url',
  connectUiUrl: 'connect-ui-url',
  apiUrl: 'api-url',
  integrationName: 'integration-name',
  lang: 'lang',
  theme: 'theme',
  credentials: 'credentials',
  timeout: 'timeout',
  pollInterval: 'poll-interval',
} as const;

/**
 * `<nango-connection-status>` for Vue 3. Props are the element's properties (`statusUrl` or
 * `status-url` in a template); `headers` and `strings` are set as properties, the others render
 * as attributes (so the server HTML names them). Emits the element's events under their own
 * names (`@statuschange`, `@connected`, `@reconnected`, `@reconnecterror`, `@reconnectcancel`),
 * each with the element's `CustomEvent`. Children go to the element's slots.
 */
export const NangoConnectionStatus = defineComponent({
  name: 'NangoConnectionStatus',
  props: {
    statusUrl: String,
    tokenUrl: String,
    connectUiUrl: String,
    apiUrl: String,
    integrationName: String,
    lang: String,
    theme: String as PropType<Theme>,
    credentials: String as PropType<RequestCredentials>,
    timeout: [Number, String] as PropType<number | `${number}`>,
    pollInterval: [Number, String] as PropType<number | `${number}`>,
    headers: Object as PropType<Record<string, string>>,
    strings: Object as PropType<StringOverrides>,
  },
  emits: {
    statuschange: passes as Emitted<'statuschange'>,
    connected: passes as Emitted<'connected'>,
    reconnected: passes as Emitted<'reconnected'>,
    reconnecterror: passes as Emitted<'reconnecterror'>,
    reconnectcancel: passes as Emitted<'reconnectcancel'>,
  },
  setup(props, { emit, slots, expose }) {
    const element = ref<NangoConnectionStatusElement>();
    // Rendered until mounted, on the server and in the browser alike, so the two agree.
    const mounted = ref(false);
    onMounted(() => {
      // Vue has set every prop (hydration patches a custom element's props) and its listeners.
      element.value?.removeAttribute('defer-hydration');
      mounted.value = true;
    });
    expose({ element });
    return () => {
      const data: Record<string, unknown> = {
        ref: element,
        onStatuschange: (event: NangoConnectionStatusEventMap['statuschange']) => emit('statuschange', event),
        onConnected: (event: NangoConnectionStatusEventMap['connected']) => emit('connected', event),
        onReconnected: (event: NangoConnectionStatusEventMap['reconnected']) => emit('reconnected', event),
        onReconnecterror: (event: NangoConnectionStatusEventMap['reconnecterror']) => emit('reconnecterror', event),
        onReconnectcancel: (event: NangoConnectionStatusEventMap['reconnectcancel']) => emit('reconnectcancel', event),
      };
      if (!mounted.value) data['defer-hydration'] = '';
      // Unset props stay unset: an `undefined` property would replace the element's default.
      for (const [prop, attribute] of Object.entries(ATTRIBUTES)) {
        const value = props[prop as keyof typeof ATTRIBUTES];
        // `timeout="3000"` in a template is a string; the element's property is a number.
        if (value !== undefined) data[attribute] = prop === 'timeout' || prop === 'pollInterval' ? Number(value) : value;
      }
      if (props.headers !== undefined) data.headers = props.headers;
      if (props.strings !== undefined) data.strings = props.strings;
      return h('nango-connection-status', data, slots.default?.());
    };
  },
});

/**
 * The bare tag in templates, typed for vue-tsc / Vue's language tools: attributes, properties and
 * `@statuschange` / `@reconnected` / … with the element's event. Vue must still be told the bare
 * tag is a custom element (`compilerOptions.isCustomElement`); the component above needs nothing.
 */
type VueProperties = Omit<NangoConnectionStatusProperties, 'timeout' | 'pollInterval'> & {
  // Vue folds `poll-interval="5"` into `pollInterval`: a static attribute is a string.
  timeout?: number | `${number}`;
  pollInterval?: number | `${number}`;
};

/** What Vue's template checker reads for the bare tag: `$props` for bindings, `$emit` for `@event` listeners. */
type NangoConnectionStatusTag = new () => NangoConnectionStatusElement & {
  /** @deprecated For template type checking only; not on the element at run time. */
  $props: HTMLAttributes & VueProperties & NangoConnectionStatusAttributes & PublicProps;
  /** @deprecated For template type checking only; not on the element at run time. */
  $emit: EmitFn<{ [Name in keyof NangoConnectionStatusEventMap]: (event: NangoConnectionStatusEventMap[Name]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'nango-connection-status': NangoConnectionStatusTag;
  }
}
