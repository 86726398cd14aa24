/**
 * `nango-connection-status/server`: the backend half of `<nango-connection-status>`.
 *
 * Two Fetch API handlers — one answers the element's `status-url`, one its `token-url` — and
 * an adapter for Node `http`, Express and Connect. Importing this entry has no side effects
 * and does not load `@nangohq/node`: pass your own `Nango` instance.
 *
 * @example
 * import { Nango } from '@nangohq/node';
 * import { createConnectionStatusHandler, createReconnectTokenHandler } from 'nango-connection-status/server';
 *
 * const nango = new Nango({ secretKey: process.env.NANGO_SECRET_KEY! });
 * const resolve = async (request: Request) => {
 *   const user = await getUser(request);
 *   return user ? { connectionId: user.nangoConnectionId, integrationId: 'github' } : null;
 * };
 * export const status = createConnectionStatusHandler({ nango, resolve });
 * export const reconnectToken = createReconnectTokenHandler({ nango, resolve });
 *
 * @module
 */
export { createConnectionStatusHandler } from './connection-status-handler.js';
export { createReconnectTokenHandler, REQUESTED_WITH } from './reconnect-token-handler.js';
export { toNodeHandler } from './node-adapter.js';
export type { NodeHandler, NodeHandlerOptions, NodeNext, NodeRequest } from './node-adapter.js';
export type {
  ConnectionRef,
  ConnectionStatusBody,
  ConnectionStatusHandlerOptions,
  ErrorBody,
  FetchHandler,
  HandlerOptions,
  NangoConnectionLike,
  NangoConnectionReader,
  NangoReconnectSessionCreator,
  ReconnectTokenBody,
  ReconnectTokenHandlerOptions,
  ResolveConnection,
} from './types.js';
