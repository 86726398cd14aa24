// @ts-check
/**
 * Mutation testing with StrykerJS (`npm run mutation`) for the code node:test reaches: the
 * server half (test/server/) and the pure, DOM-free parts of the browser code (test/ssr/:
 * HTTP rules, the status answer's classification, the token request, the strings). The
 * browser-only behaviour has its own hand-made list: `npm run mutation:browser`.
 * Slow (minutes), so not part of `npm test`; its score goes in bench/results.md.
 *
 * Test files run one per process through the tap runner (node:test prints TAP); per-test
 * coverage lets each mutant run only the files that reach it, in the order of `tap.testFiles`
 * below, stopping at the first that fails. What keeps a full run near 16 minutes on 2 cores
 * (bench/results.md, "Mutation testing"):
 * - no tsx per process: scripts/stryker-build.js compiles the sandbox's TypeScript (mutants
 *   included) to .js once, and bundles @nangohq/node into one file; scripts/stryker-run-test.js
 *   starts each test file on plain node (~0.1 s instead of ~0.45 s of CPU per process);
 * - small, fast, focused test files first, the slow end-to-end ones last;
 * - no test waits real seconds: short adapter, body and hub timeouts through options, mock
 *   clocks, no forgotten timers keeping a process alive (`--test-force-exit` as a net), and the
 *   attack-sized loops (30,000 requests, 1,000 streams) smaller under StrykerJS (the tests check
 *   `STRYKER_MUTATOR_WORKER`; the units they cover have their own small tests);
 * - the slow files split, so a mutant runs the small one that reaches it (hub-memory vs hub).
 *
 * On a shared machine, score one file at a time:
 *   npx stryker run --mutate src/server/nango-calls.ts --concurrency 1
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  // TypeScript is compiled to .js inside the sandbox once, after the mutants are put in
  // (scripts/stryker-build.js): each test file then runs on plain `node`, without tsx's loader.
  buildCommand: 'node scripts/stryker-build.js',
  tap: {
    // The order matters: a mutant runs the files that cover it in this order and stops at the
    // first that fails (survivors run them all). StrykerJS keeps the dry run's order, so the
    // small, fast, focused files come first and the slow end-to-end ones last.
    testFiles: [
      ...[
        'errors', 'scopes', 'scope-check', 'hub-types', 'request-guards', 'responses', 'status-handler-rules', 'status-events-rules', 'token-handler-rules', 'nango-calls',
        'bounded-memory', 'end-user-memory', 'list-paging', 'hub-memory', 'hub-redis-clients', 'webhook-handler', 'reconnect-existing', 'reconnect-token-handler',
        'node-adapter-io', 'node-adapter-edges', 'node-adapter', 'connection-status-handler', 'end-user', 'connection-status-scopes',
        'hub-status-cache', 'status-events', 'hub-redis-options', 'hub', 'hub-redis-instances', 'hardening', 'dev-proxy',
      ].map((name) => `test/server/${name}.test.ts`),
      'test/ssr/strings.test.ts',
      'test/ssr/locale-data.test.ts',
      'test/ssr/status-answer.test.ts',
      'test/ssr/http.test.ts',
      // Any file not named above (a new one) still runs, last.
      'test/server/*.test.ts',
    ],
    // `--test-force-exit`: a file's process ends when its tests end, not when its last timer does.
    nodeArgs: ['--test-force-exit', '--test-reporter=tap', '--require', '{{hookFile}}', 'scripts/stryker-run-test.js', '{{testFile}}'],
  },
  mutate: [
    'src/server/**/*.ts',
    // Type declarations only.
    '!src/server/types.ts',
    'src/http.ts',
    'src/status-request.ts',
    'src/token-request.ts',
    'src/strings/**/*.ts',
    // Fetches a locale file next to the script: needs a page, tested in the browser.
    '!src/strings/lazy-locale.ts',
    // The script tag's languages file: reads build-time digests, tested in the browser (test/script-tag/).
    '!src/strings/languages.ts',
  ],
  coverageAnalysis: 'perTest',
  // Mutants that run only when a module loads would need every test file each; left out of the
  // score (reported as ignored). With the tap runner a file's coverage includes its module
  // loading, so in practice none is static: every mutant runs the files that load its code.
  ignoreStatic: true,
  // TypeScript is not type-checked per mutant (tsx strips types): a mutant that would not
  // compile still runs, and is killed or survives on behaviour.
  checkers: [],
  concurrency: 2,
  timeoutMS: 5_000,
  // break: the score of the last full run (bench/results.md, 2026-12-03 15:38: 99.25 % of
  // 2,940 mutants; browser modules 96.6 %, server half 100 %), rounded down. Raise it with
  // the next full run; never lower it to make a run pass.
  thresholds: { high: 95, low: 90, break: 99 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'coverage', 'test-results', 'reports', 'bench', 'docs', '.stryker-tmp'],
  cleanTempDir: 'always',
  // Re-tests only mutants whose code or covering tests changed since the last run
  // (reports/stryker-incremental.json); `npx stryker run --force` runs everything.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
};
