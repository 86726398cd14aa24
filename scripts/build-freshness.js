// Whether dist/ holds a build of the current source. Several tests load the build (the
// script-tag file, the package entries), so a test run after an edit to src/ must build
// first, or it tests yesterday's code. Used by scripts/run-tests.js and scripts/hand-mutations.js.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What `npm run build` writes: every one must exist. */
export const BUILT = [
  'dist/nango-connection-status.iife.js',
  'dist/nango-connection-status.flow.js',
  'dist/nango-connection-status.js',
  'dist/element.js',
  'dist/react.js',
  'dist/vue.js',
  'dist/server/index.js',
  'custom-elements.json',
];

/** What the build reads besides src/: its configs and the scripts it runs. */
const BUILD_INPUTS = [
  'package.json',
  'vite.config.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsconfig.server.json',
  'custom-elements-manifest.config.mjs',
  'scripts/write-locales.ts',
  'scripts/ascii-only.js',
];

/** The newest modification time (ms) of a file or of any file under a folder. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let time = stat.mtimeMs;
  for (const entry of readdirSync(path)) time = Math.max(time, newest(join(path, entry)));
  return time;
}

/**
 * Why `root`'s build must be made again (a sentence), or `undefined` when dist/ is newer than
 * everything the build reads.
 */
export function staleBuildReason(root = '.') {
  const missing = BUILT.find((file) => !existsSync(join(root, file)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...BUILT.map((file) => statSync(join(root, file)).mtimeMs));
  const inputs = ['src', ...BUILD_INPUTS];
  const changed = inputs.find((input) => newest(join(root, input)) > built);
  return changed ? `${changed} changed after the last build` : undefined;
}
