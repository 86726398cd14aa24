// Hand mutations for the behaviour only the browser tests reach (the state machine, Connect UI,
// focus, page events): each is a bug someone could plausibly write. For each one this script
// applies it to a COPY of the working tree (node_modules symlinked; the tree itself is never
// touched), rebuilds the copy's dist/ when its source is newer (the script-tag and package tests
// load the build: without it they would test the unmutated code), runs the test files that
// should catch it, and prints caught / survived.
// StrykerJS (`npm run mutation`) covers what node:test reaches; this list covers the rest.
//
//   node scripts/hand-mutations.js              every mutation (about 20 minutes on 2 cores)
//   node scripts/hand-mutations.js retry focus  only mutations whose id contains a word
//   node scripts/hand-mutations.js --list       the list, nothing run
//   --no-baseline                               skip the unmutated run of the same test files
//
// A mutation whose `find` text is no longer in its file (once, exactly) is reported as
// "stale": the code moved on; update the entry. A mutation whose copy does not build (a type
// error, e.g. a variable left unused) is "unbuilt", never "caught": no test judged it; fix the
// entry. A test file that fails on the unmutated copy is left out; a mutation with no passing
// test file left is "unjudged". Exit code 1 when any mutation survived or did not build.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { staleBuildReason } from './build-freshness.js';

const root = resolve(new URL('..', import.meta.url).pathname);

/**
 * @typedef {{ id: string, file: string, find: string, replace: string, tests: string[], bug: string }} Mutation
 * `tests`: browser test files (web-test-runner), node:test files (test/server, test/ssr, test/e2e,
 * test/csp), or `npm:<script>` for a package script such as `npm:docs:check`.
 * @type {Mutation[]}
 */
const MUTATIONS = [
  {
    id: 'script-tag-wrong-tag-name',
    bug: 'the script-tag build registers the element under another name (only the built file shows it: needs the rebuild)',
    file: 'src/define.ts',
    find: "customElements.define('nango-connection-status', NangoConnectionStatus);",
    replace: "customElements.define('nango-connection-statuz', NangoConnectionStatus);",
    tests: ['test/script-tag/script-tag.test.ts'],
  },
  {
    id: 'default-timeout-60s',
    bug: 'the default timeout is 60 s instead of 10 s (element and controller)',
    file: 'src/nango-connection-status.ts',
    find: 'this.timeout = 10_000;',
    replace: 'this.timeout = 60_000;',
    tests: ['test/request-options.test.ts', 'npm:docs:check'],
  },
  {
    id: 'default-timeout-constant-60s',
    bug: 'DEFAULT_TIMEOUT_MS (the controller default when no timeout is set) is 60 s',
    file: 'src/http.ts',
    find: 'export const DEFAULT_TIMEOUT_MS = 10_000;',
    replace: 'export const DEFAULT_TIMEOUT_MS = 60_000;',
    tests: ['test/request-options.test.ts'],
  },
  {
    id: 'body-cap-removed',
    bug: 'the 256 KiB body cap is gone: a huge valid answer is read to the end',
    file: 'src/http.ts',
    find: 'if (size > MAX_BODY_BYTES) {',
    replace: 'if (false) {',
    tests: ['test/request-options.test.ts'],
  },
  {
    id: 'retry-after-seconds-ignored',
    bug: 'Retry-After in seconds is read as a date (so ignored)',
    file: 'src/http.ts',
    find: '/^\\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now',
    replace: 'Date.parse(value) - now',
    tests: ['test/request-options.test.ts'],
  },
  {
    id: 'retry-after-ignored',
    bug: 'the automatic retry ignores Retry-After (always the backoff)',
    file: 'src/connection-status-controller.ts',
    find: 'verdict.retryAfterMs || retryDelay(this.#retryAttempt)',
    replace: 'retryDelay(this.#retryAttempt)',
    tests: ['test/request-options.test.ts'],
  },
  {
    id: 'cache-default',
    bug: 'the status request may be answered from the HTTP cache',
    file: 'src/http.ts',
    find: "cache: 'no-store',",
    replace: "cache: 'default',",
    tests: ['test/request-options.test.ts'],
  },
  {
    id: 'credentials-include',
    bug: "the element's default credentials mode is include",
    file: 'src/nango-connection-status.ts',
    find: "this.credentials = 'same-origin';",
    replace: "this.credentials = 'include';",
    tests: ['test/request-options.test.ts'],
  },
  {
    id: 'credentials-omit',
    bug: "the element's default credentials mode is omit (no session cookie)",
    file: 'src/nango-connection-status.ts',
    find: "this.credentials = 'same-origin';",
    replace: "this.credentials = 'omit';",
    tests: ['test/request-options.test.ts'],
  },
  {
    id: 'second-connect-handled',
    bug: 'a second connect message starts a second verification (two reconnected)',
    file: 'src/reconnect-flow.ts',
    find: "if (verifying || host.state().status !== 'reconnecting') return;",
    replace: "if (host.state().status !== 'reconnecting') return;",
    tests: ['test/reconnect-guards.test.ts'],
  },
  {
    id: 'forged-message-accepted',
    bug: "Connect UI's messages are checked by neither origin nor source: the page can forge connect or close",
    file: 'src/connect-session.ts',
    find: 'event.source == iframe!.contentWindow && listener(event)',
    replace: 'listener({ origin: new URL(iframe!.src).origin, data: event.data } as MessageEvent)',
    tests: ['test/reconnect-guards.test.ts', 'test/reconnect.test.ts'],
  },
  {
    id: 'focus-lost-after-failed-flow',
    bug: 'focus is not put back in the widget after the token or Connect UI failed',
    file: 'src/connection-status-controller.ts',
    find: '    else this.schedulePoll();\n    this.#flowHost.restoreFocus();',
    replace: '    else this.schedulePoll();',
    tests: ['test/reconnect-guards.test.ts'],
  },
  {
    id: 'focus-lost-after-close',
    bug: 'focus is not put back in the widget after Connect UI closes',
    file: 'src/reconnect-flow.ts',
    find: '        }\n        host.restoreFocus();',
    replace: '        }',
    tests: ['test/reconnect-guards.test.ts', 'test/reconnect.test.ts'],
  },
  {
    id: 'retry-not-quiet',
    bug: 'the automatic retry flashes "checking" between error and its answer',
    file: 'src/connection-status-controller.ts',
    find: '        this.#retryTimer = undefined;\n        this.#checkNow(true);',
    replace: '        this.#retryTimer = undefined;\n        this.#checkNow();',
    tests: ['test/status.test.ts'],
  },
  {
    id: 'no-request-sharing',
    bug: 'widgets asking the same URL at the same moment each send a request',
    file: 'src/status-request.ts',
    find: 'if (fresh) return runCheck(url, settings, signal);',
    // `fresh` still read: the build's noUnusedParameters would refuse the mutation, not a test.
    replace: 'if (fresh || url) return runCheck(url, settings, signal);',
    tests: ['test/status.test.ts'],
  },
  {
    id: 'page-return-not-throttled',
    bug: 'every focus/visibility/online event re-checks (no throttle)',
    file: 'src/connection-status-controller.ts',
    find: 'export const PAGE_RETURN_THROTTLE_MS = 2_000;',
    replace: 'export const PAGE_RETURN_THROTTLE_MS = 0;',
    tests: ['test/freshness.test.ts'],
  },
  {
    id: 'poll-while-hidden',
    bug: 'a hidden tab keeps polling',
    file: 'src/connection-status-controller.ts',
    find: "      if (document.visibilityState === 'hidden') return;\n      if (this.state.status !== 'reconnecting') this.#checkNow(true);",
    replace: "      if (this.state.status !== 'reconnecting') this.#checkNow(true);",
    tests: ['test/freshness.test.ts'],
  },
  {
    id: 'iframe-focus-is-leaving',
    bug: 'focus visiting Connect UI’s iframe counts as leaving the page (re-check on return)',
    file: 'src/status-source.ts',
    find: 'away = !(document.activeElement instanceof HTMLIFrameElement);',
    replace: 'away = true;',
    tests: ['test/freshness.test.ts'],
  },
  {
    id: 'removal-keeps-connect-ui',
    bug: 'removing the widget mid-flow leaves Connect UI open',
    file: 'src/connection-status-controller.ts',
    find: '    this.#stopCheck();\n    this.#endFlow();\n    this.#unwatch?.();',
    replace: '    this.#stopCheck();\n    this.#unwatch?.();',
    tests: ['test/reconnect.test.ts'],
  },
  {
    id: 'overflow-not-restored',
    bug: "the page's body overflow is not given back when Connect UI ends",
    file: 'src/connect-session.ts',
    find: 'body.style.overflow = overflow;',
    replace: 'void overflow;',
    tests: ['test/reconnect.test.ts'],
  },
  {
    id: 'connect-ui-load-timeout-removed',
    bug: 'a Connect UI that never loads stays forever',
    file: 'src/connect-session.ts',
    find: 'options.onLoadFailure();',
    replace: '',
    tests: ['test/faults.test.ts'],
  },
  {
    id: 'client-abort-not-forwarded',
    bug: "the Node adapter does not abort the handler's Request when the client goes away",
    file: 'src/server/node-adapter.ts',
    find: 'if (!res.writableFinished) controller.abort();',
    replace: '',
    tests: ['test/server/node-adapter.test.ts'],
  },
  {
    id: 'too-many-requests-invalid',
    bug: '429 Too Many Requests reads as "needs reconnecting"',
    file: 'src/status-request.ts',
    find: 'status !== 408 && status !== 429',
    replace: 'status !== 408',
    tests: ['test/status.test.ts'],
  },
  // Issue 17/19 (this round): the parts loaded on need, flows by script, retry floor, URL forms.
  {
    id: 'retry-floor-removed',
    bug: 'a small Retry-After (1 s) is honoured below the 2 s floor',
    file: 'src/connection-status-controller.ts',
    find: 'const delay = Math.max(RETRY_BASE_MS, verdict.retryAfterMs || retryDelay(this.#retryAttempt));',
    replace: 'const delay = verdict.retryAfterMs || retryDelay(this.#retryAttempt);',
    tests: ['test/hardening.test.ts'],
  },
  {
    id: 'failed-script-flow-from-error-not-rechecked',
    bug: 'a flow started by script while error fails, and the widget is never checked again (the stopped retry is lost)',
    file: 'src/connection-status-controller.ts',
    find: "if (status === 'checking' || status === 'error') this.#checkNow(true);",
    replace: "if (status === 'checking') this.#checkNow(true);",
    tests: ['test/script-flows.test.ts'],
  },
  {
    id: 'cancel-recheck-not-quiet',
    bug: 'after a cancel the widget shows Checking… before going back to what it showed',
    file: 'src/connection-status-controller.ts',
    find: "      // The user may have fixed it in a way we could not see: ask again, quietly.\n      this.#checkNow(true);",
    replace: '      this.#checkNow();',
    tests: ['test/script-flows.test.ts'],
  },
  {
    id: 'events-stream-for-removed-widget',
    bug: 'a widget removed while the events file is on its way still opens a stream when it arrives',
    file: 'src/connection-status-controller.ts',
    find: 'unlisten ??= listenForEvents(',
    replace: 'unlisten = listenForEvents(',
    tests: ['test/script-tag/flow-loading.test.ts'],
  },
  {
    id: 'url-rule-on-raw-text',
    bug: 'the URL rule reads the raw text: a tab inside the scheme makes an absolute URL look relative',
    file: 'src/safe-url.ts',
    find: "const text = value.replace(/[\\t\\n\\r]/g, '').replace(/^[\\u0000-\\u0020]+/, '');",
    replace: 'const text = value;',
    tests: ['test/safe-url.test.ts'],
  },
  {
    id: 'protocol-relative-backslash-is-relative',
    bug: 'a protocol-relative URL written with backslashes counts as relative',
    file: 'src/safe-url.ts',
    find: '|[\\\\/]{2})/i',
    replace: '|\\/\\/)/i',
    tests: ['test/safe-url.test.ts'],
  },
  // A reviewer's round (issue 19's "new hand mutations you have not seen"): recent browser code.
  {
    id: 'on-need-failure-remembered',
    bug: 'a part that failed to load once (a network blip) is never fetched again: Try again can never open Connect UI',
    file: 'src/on-need.ts',
    find: '      loading[name] = undefined;\n',
    replace: '',
    tests: ['test/script-tag/flow-loading.test.ts'],
  },
  {
    id: 'on-need-not-shared',
    bug: 'the flow file is fetched again each time a widget offers Reconnect (the load is neither shared nor kept)',
    file: 'src/on-need.ts',
    find: 'return (loading[name] ??= importOnNeed(name).then(',
    replace: 'return (loading[name] = importOnNeed(name).then(',
    tests: ['test/script-tag/flow-loading.test.ts'],
  },
  {
    id: 'on-need-languages-part-per-language',
    bug: 'the languages part is fetched once per language on the page instead of once',
    file: 'src/strings/lazy-locale.ts',
    find: "(languages ??= importOnNeed('languages'))",
    // Still reads `languages`: the build's noUnusedLocals would refuse the mutation, not a test.
    replace: "((languages = importOnNeed('languages')) ?? languages)",
    tests: ['test/script-tag/flow-loading.test.ts'],
  },
  {
    id: 'on-need-english-before-words',
    bug: 'a page in another language shows (and announces) English until its words arrive',
    file: 'src/strings/lazy-locale.ts',
    find: "typeof fallback == 'function' ? () => '' : ''",
    replace: 'fallback',
    tests: ['test/script-tag/languages.test.ts'],
  },
  {
    id: 'on-need-trusted-types-policy-per-file',
    bug: 'a Trusted Types policy is created for every file loaded on need: the second is refused under a trusted-types allow-list',
    file: 'src/on-need-script.ts',
    find: 'policy ??= types?.createPolicy(',
    replace: 'policy = types?.createPolicy(',
    tests: ['test/csp/csp.test.ts'],
  },
  {
    id: 'on-need-failed-connect-says-reconnect',
    bug: 'a Connect click whose flow file cannot be had reports reconnecterror with intent reconnect',
    file: 'src/connection-status-controller.ts',
    find: "this.#before.status === 'disconnected' ? 'connect' : 'reconnect'",
    replace: "'reconnect'",
    tests: ['test/script-tag/flow-loading.test.ts'],
  },
  {
    id: 'on-need-no-cors-for-cdn',
    bug: 'a part loaded on need is fetched without CORS: from a CDN (another origin) its integrity cannot be checked, so it is refused',
    file: 'src/on-need-script.ts',
    find: "    script.crossOrigin = 'anonymous';\n",
    replace: '',
    tests: ['test/script-tag/flow-loading.test.ts'],
  },
  {
    id: 'on-need-no-timeout',
    bug: 'a part that never arrives is waited for forever: the click does nothing, and no later click tries again',
    file: 'src/on-need-script.ts',
    find: '    timer = setTimeout(fail, DEFAULT_TIMEOUT_MS);\n',
    replace: '    void DEFAULT_TIMEOUT_MS;\n',
    tests: ['test/script-tag/flow-loading.test.ts'],
  },
  {
    id: 'connect-ui-load-timer-outlives-ready',
    bug: "Connect UI's load timer is not stopped by ready: a loaded Connect UI is closed as 'did not load' after the timeout",
    file: 'src/connect-session.ts',
    find: "          case 'ready':\n            clearTimeout(loadTimer);\n",
    replace: "          case 'ready':\n",
    tests: ['test/faults.test.ts'],
  },
  {
    id: 'connect-ui-inert-page-changes-undone',
    bug: "the page's own inert changes during the session are not seen: an element the page made inert meanwhile is released at the end",
    file: 'src/connect-session.ts',
    find: 'record.oldValue != null && madeInert.delete(record.target as Element);',
    replace: 'void record.oldValue;',
    tests: ['test/a11y-session.test.ts'],
  },
  {
    id: 'connect-ui-opening-failure-half-built',
    bug: 'a failure while opening leaves the session half-built: inert page, Escape handler, no next session',
    file: 'src/connect-session.ts',
    find: '    } catch (error) {\n      end();\n      throw error;',
    replace: '    } catch (error) {\n      throw error;',
    tests: ['test/a11y-session.test.ts'],
  },
  {
    id: 'connect-ui-token-to-any-origin',
    bug: "the session token is posted with target '*': whatever document the frame shows gets it",
    file: 'src/connect-session.ts',
    find: "ui['sessionToken'] }, origin);",
    replace: "ui['sessionToken'] }, origin && '*');",
    tests: ['test/a11y-session.test.ts'],
  },
  {
    id: 'connect-ui-any-key-closes',
    bug: 'any key pressed on the page (not only Escape) closes Connect UI',
    file: 'src/connect-session.ts',
    find: "event.key == 'Escape' && cancel()",
    replace: "(event.key == 'Escape' || event.key != '') && cancel()",
    tests: ['test/a11y-session.test.ts', 'test/connect-ui-modal.test.ts'],
  },
  {
    id: 'events-reconnect-skips-keyed-widgets',
    bug: "after the events stream reconnects, a widget that knows its integration does not check again (news missed while away)",
    file: 'src/connection-status-controller.ts',
    find: 'if (!this.#key || !data || data.includes(',
    replace: 'if (!this.#key || data.includes(',
    tests: ['test/live-status.test.ts'],
  },
  {
    id: 'events-news-throttled',
    bug: 'news from the events stream goes through the page-return throttle: a second event within 2 s is dropped',
    file: 'src/connection-status-controller.ts',
    find: 'this.#watcher.onStale(true);',
    replace: 'this.#watcher.onStale(false);',
    tests: ['test/live-status.test.ts'],
  },
  {
    id: 'events-give-up-on-server-error',
    bug: 'the events stream gives up for good on any failed answer (a 503 during a deploy ends live status)',
    file: 'src/status-events.ts',
    find: 'status == 401 || status == 404 ||',
    replace: '!response.ok ||',
    tests: ['test/live-status.test.ts'],
  },
  {
    id: 'events-split-event-lost',
    bug: 'an event split across two network chunks is lost (the partial block is dropped)',
    file: 'src/status-events.ts',
    find: 'text = blocks.pop()!;',
    replace: "blocks.pop(), (text = '');",
    tests: ['test/live-status.test.ts'],
  },
  {
    id: 'retry-backoff-never-grows',
    bug: 'the automatic retry never backs off further: every retry after an error comes 2 to 4 s later, forever',
    file: 'src/connection-status-controller.ts',
    find: '      this.#retryAttempt++;\n',
    replace: '',
    tests: ['test/hardening.test.ts'],
  },
  {
    id: 'reconnect-stops-polling',
    bug: 'after a successful reconnect the widget never polls again',
    file: 'src/connection-status-controller.ts',
    find: "        this.#emit(intent === 'connect' ? 'connected' : 'reconnected', detail);\n        this.schedulePoll();\n",
    replace: "        this.#emit(intent === 'connect' ? 'connected' : 'reconnected', detail);\n",
    tests: ['test/lifecycle.test.ts'],
  },
  {
    id: 'secret-warning-top-level-only',
    bug: 'the secret warning looks at top-level keys only: credentials nested in a forwarded connection go unnoticed',
    file: 'src/secret-warning.ts',
    find: 'const nested = findSecretKey(child, depth + 1);',
    replace: 'const nested = undefined;',
    tests: ['test/status.test.ts'],
  },
  {
    id: 'page-language-observer-not-reset',
    bug: "once every widget has left, later widgets no longer follow a change of the page's language",
    file: 'src/page-language.ts',
    find: '      observer = undefined;\n',
    replace: '',
    tests: ['test/presentation.test.ts'],
  },
];

const args = process.argv.slice(2);
const words = args.filter((arg) => !arg.startsWith('--'));
const selected = MUTATIONS.filter((m) => words.length === 0 || words.some((word) => m.id.includes(word)));

if (args.includes('--list')) {
  for (const m of selected) console.log(`${m.id.padEnd(34)} ${m.file.padEnd(40)} ${m.tests.join(' ')}\n${' '.repeat(35)}${m.bug}`);
  process.exit(0);
}

const NODE_DIRS = ['test/server/', 'test/ssr/', 'test/e2e/', 'test/csp/'];
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Builds `dir` when its dist/ is older than its source (a mutation just written, or undone),
 * so tests that load the build (script-tag, package, end to end) test the mutated code.
 * Returns the failed build's run, or undefined.
 */
function buildIfStale(dir, quiet, force = false) {
  const reason = force ? 'the copy is built once before any test' : staleBuildReason(dir);
  if (!reason) return undefined;
  const build = spawnSync(npm, ['run', 'build'], quiet);
  return build.status === 0 ? undefined : build;
}

/** Tests that may load dist/: every browser file, and the node tests outside test/server. */
const loadsBuild = (test) => !test.startsWith('npm:') && !test.startsWith('test/server/');

/** Runs test files (or npm scripts) in `dir`; true when they all pass. */
function runTests(dir, tests) {
  const scripts = tests.filter((t) => t.startsWith('npm:')).map((t) => t.slice(4));
  const node = tests.filter((t) => NODE_DIRS.some((d) => t.startsWith(d)));
  const browser = tests.filter((t) => !t.startsWith('npm:') && !node.includes(t));
  const quiet = { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 15 * 60_000 };
  const results = [];
  if (tests.some(loadsBuild)) {
    const failedBuild = buildIfStale(dir, quiet);
    if (failedBuild) return { passed: false, unbuilt: true, output: `build failed: ${failedBuild.stdout ?? ''}${failedBuild.stderr ?? ''}` };
  }
  for (const script of scripts) results.push(spawnSync(npm, ['run', '--silent', script], quiet));
  if (node.length) results.push(spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=180000', ...node], quiet));
  if (browser.length) results.push(spawnSync(npx, ['wtr', ...browser.flatMap((file) => ['--files', file])], quiet));
  const failed = results.find((r) => r.status !== 0);
  return { passed: !failed, output: failed ? `${failed.stdout ?? ''}${failed.stderr ?? ''}` : '' };
}

/** The failing tests' names, from a runner's output, for the report. */
function failedNames(output) {
  const names = new Set();
  for (const line of output.split('\n')) {
    const match = /^\s*(?:❌|✖|not ok \d+ -)\s*(.+)$/.exec(line);
    if (match && !/subtests? failed/.test(line)) names.add(match[1].trim().slice(0, 100));
  }
  return [...names].slice(0, 3);
}

const copy = mkdtempSync(join(tmpdir(), 'hand-mutations-'));
console.log(`copy of the working tree: ${copy}`);
cpSync(root, copy, {
  recursive: true,
  filter: (source) => !/[/\\](node_modules|\.git|coverage|test-results|\.stryker-tmp|reports)$/.test(source),
});
symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');

const results = [];
try {
  // The copy's dist/ is whatever the tree had (maybe older than its source): build it once.
  if (selected.some((m) => m.tests.some(loadsBuild))) {
    const failedBuild = buildIfStale(copy, { cwd: copy, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 15 * 60_000 }, true);
    if (failedBuild) throw new Error(`the unmutated copy does not build: ${failedBuild.stderr ?? ''}`);
  }
  // Each test file (or script) alone on the unmutated copy: a mutation is judged only by the
  // entries that pass there (another engineer's half-done change may break one for a while).
  const passing = new Set(selected.flatMap((m) => m.tests));
  if (!args.includes('--no-baseline')) {
    for (const entry of [...passing]) {
      const baseline = runTests(copy, [entry]);
      if (!baseline.passed) {
        passing.delete(entry);
        console.log(`baseline  ${entry} fails unmutated, not used: ${failedNames(baseline.output).join(' | ') || baseline.output.trim().split('\n').slice(-2).join(' ')}`);
      }
    }
  }
  for (const m of selected) {
    const path = join(copy, m.file);
    const original = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (original.split(m.find).length !== 2) {
      results.push({ m, outcome: 'stale' });
      console.log(`${'stale'.padEnd(9)} ${m.id}: "${m.find.split('\n')[0]}" is not in ${m.file} exactly once`);
      continue;
    }
    const tests = m.tests.filter((entry) => passing.has(entry));
    if (tests.length === 0) {
      results.push({ m, outcome: 'unjudged' });
      console.log(`${'unjudged'.padEnd(9)} ${m.id}: its tests fail without the mutation`);
      continue;
    }
    writeFileSync(path, original.replace(m.find, () => m.replace));
    const started = Date.now();
    try {
      const run = runTests(copy, tests);
      const outcome = run.unbuilt ? 'unbuilt' : run.passed ? 'SURVIVED' : 'caught';
      results.push({ m, outcome });
      const by = run.unbuilt
        ? `: the mutated copy does not build: ${(/error TS\d+:.*|error:.*/.exec(run.output)?.[0] ?? run.output.trim().split('\n').slice(-2).join(' ')).slice(0, 200)}`
        : run.passed
          ? ''
          : ` by: ${failedNames(run.output).join(' | ') || '(see output)'}`;
      console.log(`${outcome.padEnd(9)} ${m.id} (${Math.round((Date.now() - started) / 1000)} s)${by}`);
    } finally {
      writeFileSync(path, original);
    }
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}

const count = (outcome) => results.filter((r) => r.outcome === outcome).length;
console.log(`\nhand mutations: ${count('caught')} caught, ${count('SURVIVED')} survived, ${count('unbuilt')} unbuilt, ${count('stale')} stale, ${count('unjudged')} unjudged, of ${results.length}`);
for (const { m } of results.filter((r) => r.outcome !== 'caught')) console.log(`  ${m.id}: ${m.bug}`);
process.exit(count('SURVIVED') + count('unbuilt') > 0 ? 1 : 0);
