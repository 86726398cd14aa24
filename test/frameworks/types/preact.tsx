/** @jsxImportSource preact */
// Preact users who opt in to nango-connection-status/preact get the same checking.
import type {} from 'nango-connection-status/preact';
import type { ConnectionStatus, ReconnectedDetail } from 'nango-connection-status';

export function Settings() {
  return (
    <div>
      <nango-connection-status
        class="integration-status"
        status-url="/api/nango/status"
        token-url="/api/nango/reconnect-token"
        theme="system"
        timeout={5000}
        headers={{ Authorization: 'Bearer t' }}
        onstatuschange={(event) => {
          const status: ConnectionStatus = event.detail.status;
          console.log(status);
        }}
        onreconnected={(event) => console.log(event.detail.connectionId)}
        onreconnectcancel={() => console.log('closed')}
        onreconnecterror={(event) => console.log(event.detail.message)}
      />
      <nango-connection-status
        // @ts-expect-error theme is 'light' | 'dark' | 'system'
        theme="blue"
      />
      <nango-connection-status
        // @ts-expect-error timeout is a number of milliseconds
        timeout={[5000]}
      />
      <nango-connection-status
        // @ts-expect-error reconnected's detail has no status
        onreconnected={(event) => console.log(event.detail.status)}
      />
      <nango-connection-status
        // @ts-expect-error statuschange's detail is not a ReconnectedDetail
        onstatuschange={(event: CustomEvent<ReconnectedDetail>) => console.log(event.detail)}
      />
    </div>
  );
}
