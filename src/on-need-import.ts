/**
 * How the parts loaded on need (`./on-need.ts`) are fetched. For bundlers a dynamic `import()`,
 * so an app's bundler puts each in a chunk of its own; the script-tag build swaps this module
 * for `./on-need-script.ts` (vite.config.ts), which loads a file beside the script with
 * Subresource Integrity.
 */
import type * as Flow from './flow.js';
import type * as Events from './status-events.js';

/** The parts, by name: the name is also the script-tag build's file, `nango-connection-status.<name>.js`. */
export interface OnNeed {
  flow: typeof Flow;
  events: typeof Events;
}

export const importOnNeed = <Name extends keyof OnNeed>(name: Name): Promise<OnNeed[Name]> =>
  (name == 'flow' ? import('./flow.js') : import('./status-events.js')) as Promise<OnNeed[Name]>;
