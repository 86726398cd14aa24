// Runs the whole suite the way CI does: type-check, the API tables of docs/api.md against the
// element's JSDoc, browser tests (web-test-runner in Debian's Chromium), server and demo
// end-to-end tests (node:test, each test under a timeout); then prints one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const run = (command, args) => spawnSync(command, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', shell: false });
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const totals = { passed: 0, failed: 0, skipped: 0 };
/**
 * Per node test file (node --test runs each file as one test; package.json's test:server and
 * test:ssr use the same): the demo end to end takes about a minute on a loaded machine. Test
 * files give their suites shorter timeouts of their own, which name the test that hangs.
 */
const NODE_TEST_TIMEOUT_MS = 180_000;
let ok = true;

const typecheck = spawnSync(npx, ['tsc', '--noEmit'], { stdio: 'inherit' });
if (typecheck.status !== 0) {
  console.error('type-check failed');
  ok = false;
}

// The opt-in JSX/template typings (types/*.d.ts), proven by @ts-expect-error lines.
const frameworkTypes = spawnSync(npx, ['tsc', '-p', 'test/frameworks/types/tsconfig.json'], { stdio: 'inherit' });
if (frameworkTypes.status !== 0) {
  console.error('framework typings check failed');
  ok = false;
}

// Every code block of docs/frameworks.md compiles: file= blocks through tsc, from= blocks equal
// to the tested components that the checkers below check.
if (spawnSync(process.execPath, ['scripts/check-doc-blocks.js'], { stdio: 'inherit' }).status !== 0) {
  console.error('docs/frameworks.md code blocks check failed');
  ok = false;
}

// The same typings through each framework's own checker, on real components: a Vue SFC
// (vue-tsc), a Svelte 5 component (svelte-check), an Angular component (ngc, strictTemplates).
for (const [name, args] of [
  ['vue-tsc', ['vue-tsc', '-p', 'test/frameworks/vue-sfc/tsconfig.json']],
  ['ngc', ['ngc', '-p', 'test/frameworks/angular/tsconfig.json']],
  ['svelte-check', ['svelte-check', '--workspace', 'test/frameworks/svelte', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']],
]) {
  if (spawnSync(npx, args, { stdio: 'inherit' }).status !== 0) {
    console.error(`${name} check of the framework typings failed`);
    ok = false;
  }
}

// The script-tag and package tests load the build; a fresh clone has none, and a partial
// build (one vite mode alone) lacks some of the package's entries.
const BUILT = ['dist/nango-connection-status.iife.js', 'dist/nango-connection-status.js', 'dist/element.js', 'dist/react.js', 'dist/vue.js', 'dist/server/index.js', 'custom-elements.json'];
if (BUILT.some((file) => !existsSync(file))) {
  const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) ok = false;
}

// The API tables in docs/api.md (defaults included: a changed default timeout shows here) must
// match the manifest generated from the element's JSDoc.
const docs = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'docs:check'], { stdio: 'inherit' });
if (docs.status !== 0) {
  console.error('docs/api.md API tables are out of date: run `npm run docs`');
  ok = false;
}

// Browser tests with coverage (threshold in the config), then the leak test alone without it.
for (const [report, args, env] of [
  ['browser', ['wtr', '--coverage'], {}],
  ['browser-leaks', ['wtr'], { LEAK_TESTS: '1' }],
]) {
  rmSync(`test-results/${report}.json`, { force: true });
  const browser = spawnSync(npx, args, { stdio: 'inherit', env: { ...process.env, CI: process.env.CI ?? 'true', ...env } });
  if (existsSync(`test-results/${report}.json`)) {
    const counts = JSON.parse(readFileSync(`test-results/${report}.json`, 'utf8'));
    totals.passed += counts.passed;
    totals.failed += counts.failed + counts.fileErrors;
    totals.skipped += counts.skipped;
  } else totals.failed++;
  if (browser.status !== 0) ok = false;
}

mkdirSync('test-results', { recursive: true });
rmSync('test-results/server.tap', { force: true });
// A test file that waits for something that never comes fails after NODE_TEST_TIMEOUT_MS
// instead of hanging the run.
const server = run(process.execPath, ['--import', 'tsx', '--test', `--test-timeout=${NODE_TEST_TIMEOUT_MS}`, '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', '--test-reporter-destination=test-results/server.tap', ...listServerTests()]);
process.stdout.write(server.stdout ?? '');
if (existsSync('test-results/server.tap')) {
  const tap = readFileSync('test-results/server.tap', 'utf8');
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(tap)?.[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped') + count('todo');
}
if (server.status !== 0) ok = false;

console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);

/**
 * node:test files: the server handlers, imports without a DOM (SSR), the demo end to end
 * (vite + Chromium), the CSP page, and the documentation's relative links.
 */
function listServerTests() {
  return ['test/server', 'test/ssr', 'test/e2e', 'test/csp', 'test/docs'].flatMap((dir) =>
    existsSync(dir)
      ? spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.split('\n').filter((f) => f.endsWith('.test.ts')).map((f) => `${dir}/${f}`)
      : [],
  );
}
