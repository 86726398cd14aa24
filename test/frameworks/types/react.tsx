// React 19 users who opt in to nango-connection-status/react get attribute, property and
// event-detail checking on <nango-connection-status>.
import type {} from 'nango-connection-status/react';
import type { ConnectionStatus, FlowIntent, NangoConnectionStatus, ReconnectedDetail, ReconnectErrorStage } from 'nango-connection-status';
import { useEffect, useRef } from 'react';
import { NangoConnectionStatus as NangoConnectionStatusComponent } from 'nango-connection-status/react';

export function Settings({ csrfToken }: { csrfToken: string }) {
  const ref = useRef<NangoConnectionStatus>(null);
  return (
    <>
      <nango-connection-status
        ref={ref}
        className="integration-status"
        status-url="/api/nango/status"
        token-url="/api/nango/reconnect-token"
        connect-ui-url="https://connect.example.com"
        theme="dark"
        lang="fr"
        credentials="include"
        timeout={5000}
        headers={{ 'X-CSRF-Token': csrfToken }}
        strings={{ reconnect: 'Sign in again' }}
        onstatuschange={(event) => {
          const status: ConnectionStatus = event.detail.status;
          const previous: ConnectionStatus = event.detail.previousStatus;
          console.log(status, previous, event.detail.reason?.length);
        }}
        onreconnected={(event) => console.log(event.detail.connectionId, event.detail.providerConfigKey)}
        onreconnectcancel={(event) => {
          const intent: FlowIntent = event.detail.intent;
          console.log(intent);
        }}
        onreconnecterror={(event) => {
          const stage: ReconnectErrorStage = event.detail.stage;
          console.log(stage, event.detail.errorType, event.detail.message);
        }}
      />
      <nango-connection-status
        // @ts-expect-error theme is 'light' | 'dark' | 'system'
        theme="blue"
      />
      <nango-connection-status
        // @ts-expect-error timeout is a number of milliseconds
        timeout={{ ms: 5000 }}
      />
      <nango-connection-status
        // @ts-expect-error headers are a string record
        headers={{ 'X-Retry': 3 }}
      />
      <nango-connection-status
        // @ts-expect-error strings only has the built-in keys
        strings={{ reconect: 'typo' }}
      />
      <nango-connection-status
        // @ts-expect-error status is read-only: it is the element's answer, not an input
        status="valid"
      />
      <nango-connection-status
        // @ts-expect-error reconnected's detail has no status
        onreconnected={(event) => console.log(event.detail.status)}
      />
      <nango-connection-status
        // @ts-expect-error statuschange's detail is not a ReconnectedDetail
        onstatuschange={(event: CustomEvent<ReconnectedDetail>) => console.log(event.detail.connectionId)}
      />
      <nango-connection-status
        // @ts-expect-error reconnecterror's stage is one of three
        onreconnecterror={(event) => event.detail.stage === 'network'}
      />
    </>
  );
}

// The component, `import { NangoConnectionStatus } from 'nango-connection-status/react'`:
// camelCase props set as properties, `on…` handlers with typed `event.detail`.
export function WithComponent({ csrfToken }: { csrfToken: string }) {
  const ref = useRef<NangoConnectionStatus>(null);
  return (
    <>
      <NangoConnectionStatusComponent
        ref={ref}
        className="integration-status"
        statusUrl="/api/nango/status"
        tokenUrl="/api/nango/reconnect-token"
        connectUiUrl="https://connect.example.com"
        apiUrl="https://api.example.com"
        integrationName="Slack"
        lang="fr"
        theme="system"
        credentials="include"
        timeout={5000}
        pollInterval={60}
        headers={{ 'X-CSRF-Token': csrfToken }}
        strings={{ reconnect: 'Sign in again' }}
        onStatusChange={(event) => {
          const status: ConnectionStatus = event.detail.status;
          console.log(status, event.detail.previousStatus);
        }}
        onConnected={(event) => console.log(event.detail.connectionId)}
        onReconnected={(event) => console.log(event.detail.connectionId, event.detail.providerConfigKey)}
        onReconnectError={(event) => {
          const stage: ReconnectErrorStage = event.detail.stage;
          console.log(stage, event.detail.message);
        }}
        onReconnectCancel={(event) => console.log(event.detail.intent)}
      >
        <span slot="valid">Slack is syncing</span>
      </NangoConnectionStatusComponent>
      {/* @ts-expect-error theme is 'light' | 'dark' | 'system' */}
      <NangoConnectionStatusComponent theme="blue" />
      {/* @ts-expect-error timeout is a number of milliseconds */}
      <NangoConnectionStatusComponent timeout="5000" />
      {/* @ts-expect-error headers are a string record */}
      <NangoConnectionStatusComponent headers={{ 'X-Retry': 3 }} />
      {/* @ts-expect-error the component takes camelCase props: statusUrl */}
      <NangoConnectionStatusComponent statusUrll="/typo" />
      {/* @ts-expect-error reconnected's detail has no status */}
      <NangoConnectionStatusComponent onReconnected={(event) => console.log(event.detail.status)} />
      {/* @ts-expect-error reconnecterror's stage is one of three */}
      <NangoConnectionStatusComponent onReconnectError={(event) => event.detail.stage === 'network'} />
      {/* @ts-expect-error status is read-only: the element's answer, not an input */}
      <NangoConnectionStatusComponent status="valid" />
      {/* @ts-expect-error the DOM event spelling is the bare tag's, not the component's */}
      <NangoConnectionStatusComponent onreconnected={() => undefined} />
    </>
  );
}

// Server-rendered HTML with the bare tag: `defer-hydration` is typed.
export const deferred = <nango-connection-status defer-hydration status-url="/api/nango/status" suppressHydrationWarning />;

// The README's server-rendered bare-tag recipe, as written there.
export function IntegrationStatus({ csrfToken }: { csrfToken: string }) {
  const ref = useRef<NangoConnectionStatus>(null);
  useEffect(() => {
    const widget = ref.current!;
    const onReconnected = (event: CustomEvent<ReconnectedDetail>) => console.log('back:', event.detail.connectionId);
    widget.headers = { 'X-CSRF-Token': csrfToken };
    widget.addEventListener('reconnected', onReconnected);
    widget.removeAttribute('defer-hydration'); // starts the widget, with its headers
    return () => widget.removeEventListener('reconnected', onReconnected);
  }, [csrfToken]);
  return (
    <nango-connection-status
      ref={ref}
      defer-hydration
      status-url="/api/nango/status"
      token-url="/api/nango/reconnect-token"
      suppressHydrationWarning
    />
  );
}
