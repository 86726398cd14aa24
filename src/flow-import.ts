/**
 * How the flow code is fetched. For bundlers a dynamic `import()`, so an app's bundler puts
 * it in a chunk of its own; the script-tag build swaps this module for `./flow-script.ts`
 * (vite.config.ts), which loads a second file with Subresource Integrity.
 */
import type * as Flow from './flow.js';

export type FlowModule = typeof Flow;

export const importFlow = (): Promise<FlowModule> => import('./flow.js');
