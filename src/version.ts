/**
 * This copy's version, kept equal to package.json's by `npm version` (scripts/sync-version.js)
 * and checked by test/ssr/ssr.test.ts. A plain constant rather than a build-time `define`, so
 * the source, the test runner and tsx all see the same value without build configuration.
 */
export const VERSION = '0.1.0';
