/**
 * `nango-connection-status/react`: the element as a React component, made with the Lit team's
 * `@lit/react`, so that props are set as properties and handlers as listeners after hydration and
 * on every render (React 19 sets neither on a custom element it hydrates). It also types the bare
 * tag in JSX for those who write `<nango-connection-status>` themselves.
 *
 *   import { NangoConnectionStatus } from 'nango-connection-status/react';
 *   <NangoConnectionStatus statusUrl="/api/nango/status" headers={{ 'X-CSRF-Token': token }} onReconnected={…} />
 *
 * Needs `react` (18 or 19) and `@lit/react` (optional peer dependencies of this package).
 */
import { createComponent } from '@lit/react';
import React, { type DetailedHTMLProps, type ForwardRefExoticComponent, type HTMLAttributes, type RefAttributes } from 'react';
import { defineNangoConnectionStatus } from './define.js';
import type { NangoConnectionStatusEventMap, NangoConnectionStatusProperties, NangoConnectionStatusProps } from './jsx.js';
import { NangoConnectionStatus as NangoConnectionStatusElement } from './nango-connection-status.js';

type Listener<Name extends string> = Name extends keyof NangoConnectionStatusEventMap ? (event: NangoConnectionStatusEventMap[Name]) => void : never;

/** The component's handlers, each called with the element's event (typed `event.detail`). */
export interface NangoConnectionStatusReactEvents {
  /** `statuschange`: the status changed. */
  onStatusChange?: Listener<'statuschange'>;
  /** `connected`: the user connected in Connect UI (a first connection, or one made again after a deletion) and the status URL confirmed it. */
  onConnected?: Listener<'connected'>;
  /** `reconnected`: the user re-authorized in Connect UI and the status URL confirmed it. */
  onReconnected?: Listener<'reconnected'>;
  /** `reconnecterror`: the reconnect flow failed. */
  onReconnectError?: Listener<'reconnecterror'>;
  /** `reconnectcancel`: Connect UI was closed before connecting. */
  onReconnectCancel?: Listener<'reconnectcancel'>;
}

/** Props of the React component: the element's properties, its handlers, and React's HTML props (`className`, `id`, `children` for slots…). */
export type NangoConnectionStatusReactProps = Omit<HTMLAttributes<NangoConnectionStatusElement>, keyof NangoConnectionStatusProperties | keyof NangoConnectionStatusReactEvents> &
  NangoConnectionStatusProperties &
  NangoConnectionStatusReactEvents &
  RefAttributes<NangoConnectionStatusElement>;

defineNangoConnectionStatus();
// createComponent sets a prop as a property when the prototype has it; Lit puts the accessors
// there when the class is finalized, which defining it does in a browser but nothing does on a
// server (no registry). Finalizing here makes server and client agree on what is a property.
void NangoConnectionStatusElement.observedAttributes;

const Wrapped = createComponent({
  react: React,
  tagName: 'nango-connection-status',
  elementClass: NangoConnectionStatusElement,
  events: {
    onStatusChange: 'statuschange',
    onConnected: 'connected',
    onReconnected: 'reconnected',
    onReconnectError: 'reconnecterror',
    onReconnectCancel: 'reconnectcancel',
  },
  displayName: 'NangoConnectionStatus',
});

/**
 * `<nango-connection-status>` for React. Rendered with `defer-hydration` (on the server and the
 * client), which keeps the element idle until `@lit/react` has set the properties and removes it
 * in a layout effect: so the first and only status request carries `headers`, and nothing the
 * element writes before hydration can mismatch the server HTML.
 */
export const NangoConnectionStatus: ForwardRefExoticComponent<NangoConnectionStatusReactProps> = React.forwardRef<NangoConnectionStatusElement, NangoConnectionStatusReactProps>(
  (props, ref) => React.createElement(Wrapped, { ...props, ref, 'defer-hydration': true } as never),
);
NangoConnectionStatus.displayName = 'NangoConnectionStatus';

/** Props of the bare `<nango-connection-status>` tag in JSX: dashed attributes, properties, `on` + event name. */
export type NangoConnectionStatusJsxProps = DetailedHTMLProps<HTMLAttributes<NangoConnectionStatusElement>, NangoConnectionStatusElement> & NangoConnectionStatusProps;

// The bare tag in JSX, typed (React 19 sets known props as properties and adds `on` + name as a
// listener): `import type {} from 'nango-connection-status/react'` is all it takes.
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'nango-connection-status': NangoConnectionStatusJsxProps;
    }
  }
}
