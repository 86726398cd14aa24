/**
 * The boundary between what every page needs and what only some pages need. Two parts of the
 * widget are fetched once per page, when first needed:
 * - `flow`: Connect UI, the token request and the flow (`./flow.ts`), as soon as any widget
 *   shows Connect or Reconnect, so that by the time of the click it is here and Connect UI still
 *   opens in the click's own task (no popup blocker, no wait on a blank page);
 * - `events`: the live-status stream (`./status-events.ts`), when a widget has an `events-url`.
 */
import { importOnNeed, type OnNeed } from './on-need-import.js';

export type { OnNeed };

const arrived: Partial<OnNeed> = {};
const loading: Partial<Record<keyof OnNeed, Promise<unknown>>> = {};

/** The part's code, once it has arrived: what a click uses to open Connect UI synchronously. */
export const loaded = <Name extends keyof OnNeed>(name: Name): OnNeed[Name] | undefined => arrived[name];

/**
 * Fetches a part (once; concurrent callers share the request). A failure is not remembered:
 * the next call (the user's "Try again") fetches again.
 */
export function load<Name extends keyof OnNeed>(name: Name): Promise<OnNeed[Name]> {
  return (loading[name] ??= importOnNeed(name).then(
    (module) => (arrived[name] = module),
    (error: unknown) => {
      loading[name] = undefined;
      throw error;
    },
  )) as Promise<OnNeed[Name]>;
}
