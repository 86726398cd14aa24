/** @jsxImportSource solid-js */
// Solid users who opt in to nango-connection-status/solid get the same checking, for both
// `onname` and `on:name` listeners.
import type {} from 'nango-connection-status/solid';
import type { ConnectionStatus, ReconnectedDetail } from 'nango-connection-status';

export function Settings() {
  return (
    <div>
      <nango-connection-status
        class="integration-status"
        status-url="/api/nango/status"
        token-url="/api/nango/reconnect-token"
        theme="light"
        timeout={5000}
        strings={{ tryAgain: 'Retry' }}
        onstatuschange={(event) => {
          const status: ConnectionStatus = event.detail.status;
          console.log(status);
        }}
        on:reconnected={(event) => console.log(event.detail.connectionId)}
        on:reconnecterror={(event) => console.log(event.detail.stage)}
      />
      <nango-connection-status
        // @ts-expect-error theme is 'light' | 'dark' | 'system'
        theme="blue"
      />
      <nango-connection-status
        // @ts-expect-error reconnected's detail has no status
        on:reconnected={(event) => console.log(event.detail.status)}
      />
      <nango-connection-status
        // @ts-expect-error statuschange's detail is not a ReconnectedDetail
        onstatuschange={(event: CustomEvent<ReconnectedDetail>) => console.log(event.detail)}
      />
    </div>
  );
}
