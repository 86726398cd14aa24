// Vue users who opt in to nango-connection-status/vue get <nango-connection-status> in
// GlobalComponents: what vue-tsc checks a template's bindings and @listeners against.
import type {} from 'nango-connection-status/vue';
import type { GlobalComponents } from 'vue';
import type { ReconnectCancelDetail, ReconnectedDetail, StatusChangeDetail } from 'nango-connection-status';

type Instance = InstanceType<GlobalComponents['nango-connection-status']>;
type Props = Instance['$props'];

export const bindings: Props = {
  'status-url': '/api/nango/status',
  tokenUrl: '/api/nango/reconnect-token',
  theme: 'dark',
  timeout: 5000,
  headers: { 'X-CSRF-Token': 't' },
  class: 'integration-status',
};

// @ts-expect-error theme is 'light' | 'dark' | 'system'
export const wrongTheme: Props = { theme: 'blue' };
// @ts-expect-error timeout is a number of milliseconds
export const wrongTimeout: Props = { timeout: { ms: 1 } };

export function listen(emit: Instance['$emit'], statusChange: CustomEvent<StatusChangeDetail>, reconnected: CustomEvent<ReconnectedDetail>) {
  emit('statuschange', statusChange);
  emit('reconnected', reconnected);
  emit('reconnectcancel', new CustomEvent<ReconnectCancelDetail>('reconnectcancel', { detail: { intent: 'reconnect' } }));
  // @ts-expect-error statuschange carries a StatusChangeDetail
  emit('statuschange', reconnected);
  // @ts-expect-error no such event
  emit('reconnect', reconnected);
}
