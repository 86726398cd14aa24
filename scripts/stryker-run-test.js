/**
 * How StrykerJS's tap runner starts one test file (`tap.nodeArgs` in stryker.config.mjs):
 * `node … scripts/stryker-run-test.js test/server/foo.test.ts` runs the `.js` that
 * scripts/stryker-build.js compiled next to it in the sandbox, on plain node (no tsx loader).
 * StrykerJS itself still knows the test file by its `.ts` name, so its incremental mode sees
 * when a test file's source changes.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const testFile = process.argv[2];
if (!testFile?.endsWith('.ts')) throw new Error(`stryker-run-test.js: expected a .ts test file, got ${testFile}`);
await import(pathToFileURL(resolve(testFile.replace(/\.ts$/, '.js'))).href);
