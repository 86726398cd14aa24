/**
 * Framework-neutral prop types for `<nango-connection-status>`, the building blocks of the
 * opt-in JSX and template typings (`nango-connection-status/react`, `/preact`, `/solid`,
 * `/vue`) and of your own, for a framework we do not cover. Types only: nothing here runs.
 */
import type { NangoConnectionStatus } from './nango-connection-status.js';
import type { ConnectedDetail, ReconnectCancelDetail, ReconnectedDetail, ReconnectErrorDetail, StatusChangeDetail } from './types.js';

/** The events the element fires, by name (the same entries it adds to `HTMLElementEventMap`). */
export interface NangoConnectionStatusEventMap {
  statuschange: CustomEvent<StatusChangeDetail>;
  connected: CustomEvent<ConnectedDetail>;
  reconnected: CustomEvent<ReconnectedDetail>;
  reconnectcancel: CustomEvent<ReconnectCancelDetail>;
  reconnecterror: CustomEvent<ReconnectErrorDetail>;
}

/**
 * The configuration a framework sets as properties. React 19, Preact, Vue and Solid set a prop
 * as a property when the element has one of that name, so objects (`headers`, `strings`) and
 * numbers (`timeout`) arrive as they are.
 */
export type NangoConnectionStatusProperties = Partial<
  Pick<
    NangoConnectionStatus,
    'statusUrl' | 'tokenUrl' | 'connectUiUrl' | 'apiUrl' | 'integrationName' | 'lang' | 'theme' | 'credentials' | 'timeout' | 'pollInterval' | 'eventsUrl' | 'headers' | 'strings'
  >
>;

/** The dashed attribute spellings, as in plain HTML. */
export interface NangoConnectionStatusAttributes {
  'status-url'?: string;
  'token-url'?: string;
  'connect-ui-url'?: string;
  'api-url'?: string;
  'integration-name'?: string;
  /** Server-rendered HTML only: the widget waits until it is removed (see the README). */
  'defer-hydration'?: boolean;
  'poll-interval'?: number | `${number}`;
  'events-url'?: string;
}

/**
 * Listeners as `on` + the event's name: React 19 and Preact add them with `addEventListener`
 * under exactly that name (`onreconnected` → `reconnected`).
 */
export type NangoConnectionStatusEventProps = {
  [Name in keyof NangoConnectionStatusEventMap as `on${Name}`]?: (event: NangoConnectionStatusEventMap[Name]) => void;
};

/** Everything a JSX user may pass to `<nango-connection-status>`, besides the framework's own HTML props. */
export type NangoConnectionStatusProps = NangoConnectionStatusProperties & NangoConnectionStatusAttributes & NangoConnectionStatusEventProps;
