/**
 * What only a Connect or Reconnect click needs: the flow itself, the Connect UI session
 * (Nango's `ConnectUI`, the modal page) and the token request. Never imported statically by the element: it is
 * loaded on need through `./on-need.ts`, so a page whose connections are healthy never
 * downloads it (its own file in the script-tag build, a chunk of its own in an app's bundle).
 */
export { ConnectSession } from './connect-session.js';
export { startFlow } from './reconnect-flow.js';
