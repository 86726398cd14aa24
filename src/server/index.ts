/**
 * `nango-connection-status/server`: the backend half of `<nango-connection-status>`.
 *
 * Two Fetch API handlers — one answers the element's `status-url`, one its `token-url` — and
 * an adapter for Node `http`, Express and Connect. For live status (docs/live-status.md): the
 * webhook handler for Nango's signed webhooks, the events handler for the element's
 * `events-url`, and a hub (in memory, or Redis) that joins them to the status handler. Importing this entry has no side effects
 * and does not load `@nangohq/node`: pass your own `Nango` instance.
 *
 * @example
 * import { Nango } from '@nangohq/node';
 * import { createConnectionStatusHandler, createReconnectTokenHandler } from 'nango-connection-status/server';
 *
 * const nango = new Nango({ secretKey: process.env.NANGO_SECRET_KEY! });
 * // Recommended: by end user. The handlers find the user's connection (and make the first one).
 * const resolve = async (request: Request) => {
 *   const user = await getUser(request);
 *   return user ? { integrationId: 'github', endUser: { id: user.id, email: user.email } } : null;
 * };
 * export const status = createConnectionStatusHandler({ nango, resolve });
 * export const reconnectToken = createReconnectTokenHandler({ nango, resolve });
 *
 * @module
 */
export { createConnectionStatusHandler } from './connection-status-handler.js';
export { createReconnectTokenHandler, REQUESTED_WITH } from './reconnect-token-handler.js';
export { toNodeHandler } from './node-adapter.js';
export { createWebhookHandler } from './webhook-handler.js';
export { createStatusEventsHandler } from './status-events-handler.js';
export { createInMemoryHub } from './hub/memory.js';
export { createRedisHub } from './hub/redis.js';
export type { ConnectionChange, NangoWebhookVerifier, WebhookHandlerOptions } from './webhook-handler.js';
export type { ResolveConnections, StatusEventsHandlerOptions } from './status-events-handler.js';
export type { ConnectionStatusHub, HubStatus, PutResult, StatusChange, StatusUpdate } from './hub/types.js';
export type { InMemoryHubOptions } from './hub/memory.js';
export type { RedisHubOptions } from './hub/redis.js';
export { ConnectionStatusError, RedactedNangoError } from './errors.js';
export type { NodeHandler, NodeHandlerOptions, NodeNext, NodeRequest } from './node-adapter.js';
export type {
  ConnectionRef,
  ConnectionStatusBody,
  ConnectionStatusHandlerOptions,
  EndUser,
  ErrorBody,
  FetchHandler,
  HandlerOptions,
  NangoConnectionLike,
  NangoConnectionLister,
  NangoConnectionReader,
  NangoListedConnection,
  NangoReconnectSessionCreator,
  NangoSessionAnswer,
  ReconnectTokenBody,
  ReconnectTokenHandlerOptions,
  ResolveConnection,
} from './types.js';
