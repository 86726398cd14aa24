/**
 * Everything public, without registering the element: for users who pick their own tag
 * name or build their own view on the controller.
 */
export { NangoConnectionStatus } from './nango-connection-status.js';
export { ConnectionStatusController } from './connection-status-controller.js';
export type { ConnectionStatusSettings, StatusState, StatusNotice } from './connection-status-controller.js';
export type { Strings } from './strings/index.js';
export type { Said } from './http.js';
export type {
  ConnectedDetail,
  ConnectionStatus,
  FlowIntent,
  ReconnectCancelDetail,
  ReconnectedDetail,
  ReconnectErrorDetail,
  ReconnectErrorStage,
  StatusChangeDetail,
  Theme,
} from './types.js';
