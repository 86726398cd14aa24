// @ts-check
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startConnectUiServer } from './demo/server/connect-ui-origin.js';
import { CHROMIUM_ARGS } from './demo/server/harness.js';
import { handleScenarioRequest, releaseHangingRequests } from './test/support/scenario-backend.js';
import { frameworkPlugins } from './test/frameworks/wtr-plugins.js';
import { a11yTreePlugin } from './test/support/a11y-tree-plugin.js';

/** The stand-in Connect UI, on 127.0.0.1 while tests run on localhost: another origin and site. */
/** @type {{ url: string, close: () => Promise<void> } | undefined} */
let connectUi;

const leakRun = Boolean(process.env.LEAK_TESTS);

/** Counts results for scripts/run-tests.js, which prints the one summary line. */
function countingReporter() {
  return {
    /** @param {{ sessions: any[] }} args */
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, fileErrors: 0 };
      /** @param {any} suite */
      const walk = (suite) => {
        for (const test of suite?.tests ?? []) {
          if (test.skipped) counts.skipped++;
          else if (test.passed) counts.passed++;
          else counts.failed++;
        }
        for (const child of suite?.suites ?? []) walk(child);
      };
      for (const session of sessions) {
        walk(session.testResults);
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.fileErrors++;
      }
      mkdirSync('test-results', { recursive: true });
      writeFileSync(`test-results/${leakRun ? 'browser-leaks' : 'browser'}.json`, JSON.stringify(counts));
    },
  };
}

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  // Node tests live in test/server, test/ssr, test/e2e and test/csp (scripts/run-tests.js runs them).
  // The leak test runs on its own, without coverage (LEAK_TESTS=1, see scripts/run-tests.js):
  // V8's coverage keeps data for every Connect UI document it opens, which reads as heap growth.
  files: leakRun
    ? ['test/leaks.test.ts']
    : ['test/**/*.test.ts', '!test/leaks.test.ts', '!test/server/**', '!test/ssr/**', '!test/e2e/**', '!test/csp/**', '!test/docs/**'],
  nodeResolve: true,
  // One page at a time: a page in the background gets no animation frames and throttled
  // timers, and focus and visibility are part of what the tests check.
  concurrency: 1,
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 15_000 } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    ...frameworkPlugins(),
    // `executeServerCommand('a11y-tree')`: the accessibility tree, for test/a11y-*.test.ts.
    a11yTreePlugin(),
    {
      name: 'connect-ui-origin',
      async serverStart() {
        connectUi = await startConnectUiServer();
      },
      async serverStop() {
        releaseHangingRequests();
        await connectUi?.close();
      },
    },
  ],
  middleware: [
    async (ctx, next) => {
      if (!ctx.path.startsWith('/api/')) return next();
      ctx.respond = false;
      const handled = await handleScenarioRequest(ctx.req, ctx.res, { connectUiUrl: connectUi?.url });
      if (!handled) {
        ctx.respond = true;
        return next();
      }
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          ...CHROMIUM_ARGS,
          // gc() for test/leaks.test.ts: without it the heap holds garbage and leaks cannot be told apart.
          '--js-flags=--expose-gc',
          // A page in the background must run at full speed (focus moves to Connect UI's iframe and back).
          '--disable-background-timer-throttling',
          '--disable-renderer-backgrounding',
          '--disable-backgrounding-occluded-windows',
        ],
      },
    }),
  ],
  coverageConfig: {
    include: ['src/**/*.ts'],
    exclude: ['src/server/**'],
    threshold: { statements: 90, branches: 80, functions: 90, lines: 90 },
    reportDir: 'coverage',
  },
  // Lit's dev-mode notice is expected in tests (dev mode adds checks); anything else is shown.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  reporters: [defaultReporter(), summaryReporter({}), countingReporter()],
};
