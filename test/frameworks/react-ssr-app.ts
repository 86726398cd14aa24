/**
 * The two server-rendered React recipes of the README, as one module rendered on the server
 * (test/frameworks/wtr-plugins.js imports it in Node and calls `renderToString`) and hydrated in
 * the browser (test/frameworks/react-ssr.test.ts): the same code on both sides, as in Next.js.
 * Plain `createElement` rather than JSX, so Node (tsx) and the test server load it as it is.
 */
import React from 'react';
import type { NangoConnectionStatus as Element, ReconnectedDetail, StatusChangeDetail } from '../../src/index.js';
import { NangoConnectionStatus } from '../../src/react.js';

/** What the page knows on both sides (serialisable: the server gets it as JSON). */
export interface PageData {
  recipe: 'wrapper' | 'bare-tag';
  statusUrl: string;
  tokenUrl: string;
  connectUiUrl: string;
  csrfToken: string;
}

/** Handlers exist only in the browser (React renders none on the server). */
export interface Handlers {
  onStatus?: (detail: StatusChangeDetail) => void;
  onReconnected?: (detail: ReconnectedDetail) => void;
}

export function App(props: PageData & Handlers) {
  return React.createElement('main', null, props.recipe === 'wrapper' ? React.createElement(WithWrapper, props) : React.createElement(BareTag, props));
}

/** The README's Next.js recipe with the component. */
function WithWrapper({ statusUrl, tokenUrl, connectUiUrl, csrfToken, onStatus, onReconnected }: PageData & Handlers) {
  return React.createElement(NangoConnectionStatus, {
    statusUrl,
    tokenUrl,
    connectUiUrl,
    apiUrl: 'http://127.0.0.1:9/api',
    timeout: 3000,
    headers: { 'X-CSRF-Token': csrfToken },
    onStatusChange: (event) => onStatus?.(event.detail),
    onReconnected: (event) => onReconnected?.(event.detail),
  });
}

/**
 * The README's bare-tag recipe: `defer-hydration` keeps the element idle; an effect sets the
 * properties and listeners, then removes the attribute.
 */
function BareTag({ statusUrl, tokenUrl, connectUiUrl, csrfToken, onStatus, onReconnected }: PageData & Handlers) {
  const ref = React.useRef<Element>(null);
  React.useEffect(() => {
    const widget = ref.current!;
    const status = (event: CustomEvent<StatusChangeDetail>) => onStatus?.(event.detail);
    const reconnected = (event: CustomEvent<ReconnectedDetail>) => onReconnected?.(event.detail);
    widget.headers = { 'X-CSRF-Token': csrfToken };
    widget.addEventListener('statuschange', status);
    widget.addEventListener('reconnected', reconnected);
    widget.removeAttribute('defer-hydration');
    return () => {
      widget.removeEventListener('statuschange', status);
      widget.removeEventListener('reconnected', reconnected);
    };
  }, [csrfToken, onStatus, onReconnected]);
  return React.createElement('nango-connection-status', {
    ref,
    'defer-hydration': true,
    'status-url': statusUrl,
    'token-url': tokenUrl,
    'connect-ui-url': connectUiUrl,
    'api-url': 'http://127.0.0.1:9/api',
    timeout: 3000,
    suppressHydrationWarning: true,
  });
}
