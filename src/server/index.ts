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
