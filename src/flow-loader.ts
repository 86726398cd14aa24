/**
 * The boundary between showing a status and fixing it. The flow code (Connect UI, the token
 * request) is fetched once per page, when first needed: as soon as any widget shows Connect
 * or Reconnect, so that by the time of the click it is here and Connect UI still opens in the
 * click's own task (no popup blocker, no wait on a blank page).
 */
import { importFlow, type FlowModule } from './flow-import.js';

export type { FlowModule };

let flow: FlowModule | undefined;
let loading: Promise<FlowModule> | undefined;

/** The flow code, once it has arrived: what a click uses to open Connect UI synchronously. */
export const loadedFlow = (): FlowModule | undefined => flow;

/**
 * Fetches the flow code (once; concurrent callers share the request). A failure is not
 * remembered: the next call (the user's "Try again") fetches again.
 */
export function loadFlow(): Promise<FlowModule> {
  return (loading ??= importFlow().then(
    (module) => (flow = module),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  ));
}
