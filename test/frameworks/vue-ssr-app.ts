/**
 * A server-rendered Vue 3 page (Nuxt, Vite SSR) with two widgets, both ways the docs teach:
 * the `nango-connection-status/vue` component, and the bare tag with `defer-hydration` removed
 * in `onMounted`. Rendered to HTML in Node by `renderToString` (test/frameworks/wtr-plugins.js)
 * and hydrated in Chromium by `createSSRApp().mount` (test/frameworks/vue-ssr.test.ts): the same
 * code on both sides. Render functions rather than templates, so neither side needs a compiler.
 */
import { defineComponent, h, onMounted, ref, type PropType } from 'vue';
import type { NangoConnectionStatus as Element, ReconnectedDetail, StatusChangeDetail } from '../../src/index.js';
import { NangoConnectionStatus } from '../../src/vue.js';

/** What the page knows on both sides (serialisable: the server gets it as JSON). */
export interface VuePageData {
  /** One status URL per widget: the first for the component, the second for the bare tag. */
  statusUrls: [string, string];
  tokenUrl: string;
  connectUiUrl: string;
  csrfToken: string;
}

/** Handlers exist only in the browser. */
export interface VueHandlers {
  onStatus?: (widget: 'component' | 'tag', detail: StatusChangeDetail) => void;
  onReconnected?: (detail: ReconnectedDetail) => void;
}

/** The bare tag, as the docs show it for those who do not want the component. */
const BareTag = defineComponent({
  props: { statusUrl: { type: String, required: true }, csrfToken: { type: String, required: true }, onStatus: Function as PropType<(detail: StatusChangeDetail) => void> },
  setup(props) {
    const widget = ref<Element>();
    onMounted(() => widget.value!.removeAttribute('defer-hydration'));
    return () =>
      h('nango-connection-status', {
        ref: widget,
        'defer-hydration': '',
        'status-url': props.statusUrl,
        'api-url': 'http://127.0.0.1:9/api',
        timeout: 3000,
        headers: { 'X-CSRF-Token': props.csrfToken },
        onStatuschange: (event: CustomEvent<StatusChangeDetail>) => props.onStatus?.(event.detail),
      });
  },
});

export const VueApp = defineComponent({
  props: {
    statusUrls: { type: Array as unknown as PropType<[string, string]>, required: true },
    tokenUrl: { type: String, required: true },
    connectUiUrl: { type: String, required: true },
    csrfToken: { type: String, required: true },
    onStatus: Function as PropType<VueHandlers['onStatus']>,
    onReconnected: Function as PropType<VueHandlers['onReconnected']>,
  },
  setup(props) {
    return () =>
      h('main', null, [
        h(NangoConnectionStatus, {
          statusUrl: props.statusUrls[0],
          tokenUrl: props.tokenUrl,
          connectUiUrl: props.connectUiUrl,
          apiUrl: 'http://127.0.0.1:9/api',
          timeout: 3000,
          headers: { 'X-CSRF-Token': props.csrfToken },
          onStatuschange: (event: CustomEvent<StatusChangeDetail>) => props.onStatus?.('component', event.detail),
          onReconnected: (event: CustomEvent<ReconnectedDetail>) => props.onReconnected?.(event.detail),
        }),
        h(BareTag, { statusUrl: props.statusUrls[1], csrfToken: props.csrfToken, onStatus: (detail: StatusChangeDetail) => props.onStatus?.('tag', detail) }),
      ]);
  },
});
