// Svelte 5 users who opt in to nango-connection-status/svelte get <nango-connection-status> in
// SvelteHTMLElements: what svelte-check checks a template's attributes and listeners against
// (test/frameworks/svelte/IntegrationStatus.svelte is the positive case, through svelte-check).
import type {} from 'nango-connection-status/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';
import type { ConnectionStatus, ReconnectedDetail } from 'nango-connection-status';

type Attributes = SvelteHTMLElements['nango-connection-status'];

export const attributes: Attributes = {
  'status-url': '/api/nango/status',
  'token-url': '/api/nango/reconnect-token',
  timeout: '5000',
  'poll-interval': '60',
  pollInterval: 60,
  theme: 'system',
  headers: { 'X-CSRF-Token': 't' },
  class: 'integration-status',
  onstatuschange: (event) => {
    const status: ConnectionStatus = event.detail.status;
    console.log(status, event.currentTarget.status);
  },
  onreconnected: (event) => console.log(event.detail.connectionId),
  'on:reconnecterror': (event) => console.log(event.detail.stage),
};

// @ts-expect-error theme is 'light' | 'dark' | 'system'
export const wrongTheme: Attributes = { theme: 'blue' };
// @ts-expect-error timeout is a number of milliseconds
export const wrongTimeout: Attributes = { timeout: 'soon' };
// @ts-expect-error headers are a string record
export const wrongHeaders: Attributes = { headers: { 'X-Retry': 3 } };
// @ts-expect-error reconnected's detail has no status
export const wrongDetail: Attributes = { onreconnected: (event) => console.log(event.detail.status) };
// @ts-expect-error statuschange's detail is not a ReconnectedDetail
export const wrongEvent: Attributes = { onstatuschange: (event: CustomEvent<ReconnectedDetail>) => console.log(event.detail.connectionId) };
