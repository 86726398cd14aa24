// The script-tag build under a strict Content Security Policy with Trusted Types enforced, in
// real Chromium: the page has no inline script or style, records every securitypolicyviolation,
// and runs the whole reconnect flow (invalid → Reconnect → Connect UI iframe → connect → valid),
// the flow file fetched on need with integrity (src/on-need-script.ts), the language files too.
// Variants find out which directives a site needs; docs/loading-and-csp.md states the result.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startConnectUiServer } from '../../demo/server/connect-ui-origin.js';
import { CHROMIUM_ARGS } from '../../demo/server/harness.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const BUNDLE = join(ROOT, 'dist/nango-connection-status.iife.js');
/** The files the main file loads beside itself, by their path under the script's folder. */
const EXTRA_FILES = new Set([
  'nango-connection-status.flow.js',
  'nango-connection-status.events.js',
  'nango-connection-status.languages.js',
  'locales/fr.json',
  'locales/de.json',
  'locales/es.json',
  'locales/ja.json',
]);

/** A script-tag build older than the sources would test yesterday's code: rebuild it. */
function ensureBundle() {
  const newestSource = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
        entry.isDirectory() ? newestSource(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
      ),
    );
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= newestSource(join(ROOT, 'src'))) return;
  const build = spawnSync('npx', ['vite', 'build', '--mode', 'iife', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, `vite build --mode iife failed:\n${build.stderr}`);
}

/** Records violations, errors and Connect UI's messages; loaded before the widget, from a file. */
const RECORDER = `
window.__csp = { violations: [], errors: [], messages: [], reconnectErrors: [], statuses: [] };
document.addEventListener('reconnecterror', (event) => window.__csp.reconnectErrors.push(event.detail));
document.addEventListener('statuschange', (event) => window.__csp.statuses.push(event.detail.status));
document.addEventListener('securitypolicyviolation', (event) => {
  window.__csp.violations.push({
    directive: event.effectiveDirective,
    blockedURI: event.blockedURI,
    sample: event.sample,
    source: event.sourceFile,
  });
}, true);
window.addEventListener('error', (event) => window.__csp.errors.push(String(event.message)));
window.addEventListener('message', (event) => {
  if (event.data && typeof event.data.type === 'string') window.__csp.messages.push(event.data.type);
});
`;

interface Recorded {
  violations: Array<{ directive: string; blockedURI: string; sample: string; source: string }>;
  errors: string[];
  messages: string[];
  reconnectErrors: Array<{ stage: string; message: string }>;
  statuses: string[];
}

/** Each page gets its own status and token routes, keyed by `id`. */
interface PageSpec {
  policy: string;
  /** How many copies of the script-tag build the page loads. */
  copies?: number;
  /** `valid`: the status route says the connection works (no flow is ever needed). */
  status?: 'valid';
  lang?: string;
  /**
   * The widget has an `events-url` (`/events/<id>`): the status route says `valid` until the
   * stream has sent its one event, `invalid` after it, so only the event can flip the widget.
   */
  events?: boolean;
}

const connectStep = { type: 'connect', payload: { connectionId: 'conn-1', providerConfigKey: 'github' } };
const scriptedToken = `script:${encodeURIComponent(JSON.stringify([connectStep, { wait: 100 }, { type: 'close' }]))}`;

let server: Server;
let origin: string;
let connectUi: { url: string; close: () => Promise<void> };
let browser: Browser;
const pages = new Map<string, PageSpec & { reconnected: boolean; tokenRequests: number; files: string[]; validAnswered?: boolean; broken?: boolean }>();

function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', origin);
  const [, kind, id] = url.pathname.split('/');
  const spec = pages.get(id);
  // The script and the files beside it, per page (`/files/<id>/…`), so each page's downloads are known.
  const file = url.pathname.split('/').slice(3).join('/');
  if (kind === 'recorder.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(RECORDER);
  } else if (kind === 'files' && spec && (file === 'nango-connection-status.iife.js' || EXTRA_FILES.has(file))) {
    spec.files.push(file);
    res.writeHead(200, { 'Content-Type': file.endsWith('.json') ? 'application/json' : 'text/javascript', 'Cache-Control': 'no-store' });
    res.end(readFileSync(join(ROOT, 'dist', file)));
  } else if (kind === 'page' && spec) {
    const scripts = Array.from({ length: spec.copies ?? 1 }, () => `<script src="/files/${id}/nango-connection-status.iife.js"></script>`).join('');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': spec.policy, 'Cache-Control': 'no-store' });
    res.end(`<!doctype html>
<html lang="${spec.lang ?? 'en'}">
  <head><meta charset="utf-8"><title>CSP</title><script src="/recorder.js"></script>${scripts}</head>
  <body>
    <nango-connection-status status-url="/status/${id}" token-url="/token/${id}" connect-ui-url="${connectUi.url}" api-url="http://127.0.0.1:9/api"${spec.events ? ` events-url="/events/${id}"` : ''}></nango-connection-status>
  </body>
</html>`);
  } else if (kind === 'status' && spec && spec.events) {
    spec.validAnswered ||= !spec.broken;
    res.writeHead(spec.broken ? 400 : 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(spec.broken ? { error: { message: 'Credentials expired' }, provider: 'github' } : { provider: 'github' }));
  } else if (kind === 'events' && spec) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    // Once the widget has shown `valid`, the connection breaks and the stream says so.
    const send = setInterval(() => {
      if (!spec.validAnswered || res.destroyed) return;
      clearInterval(send);
      spec.broken = true;
      res.write('data: {"status":"invalid","provider_config_key":"github"}\n\n');
    }, 20);
    res.on('close', () => clearInterval(send));
  } else if (kind === 'status' && spec) {
    if (spec.status === 'valid') spec.reconnected = true;
    res.writeHead(spec.reconnected ? 200 : 400, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(spec.reconnected ? { provider: 'github' } : { error: { message: 'Credentials expired' }, provider: 'github' }));
  } else if (kind === 'token' && spec && req.method === 'POST') {
    spec.tokenRequests++;
    // The scripted Connect UI reports `connect`: from now on the status route agrees.
    spec.reconnected = true;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ sessionToken: scriptedToken }));
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  }
}

/** The policy a strict site would start from, plus `extra` directives. */
function policy(...extra: string[]): string {
  return [
    "default-src 'self'",
    "style-src 'self'",
    "script-src 'self'",
    `frame-src ${new URL(connectUi.url).origin}`,
    "connect-src 'self'",
    "require-trusted-types-for 'script'",
    "base-uri 'self'",
    ...extra,
  ].join('; ');
}

let nextId = 1;
async function open(spec: PageSpec): Promise<{ page: Page; recorded: () => Promise<Recorded>; id: string }> {
  const id = String(nextId++);
  pages.set(id, { ...spec, reconnected: false, tokenRequests: 0, files: [] });
  const page = await browser.newPage();
  const response = await page.goto(`${origin}/page/${id}`);
  assert.equal(response?.headers()['content-security-policy'], spec.policy);
  return { page, id, recorded: () => page.evaluate(() => (window as unknown as { __csp: Recorded }).__csp) };
}

/** invalid → click Reconnect → Connect UI iframe → scripted connect → valid. */
async function reconnect(page: Page) {
  const widget = page.locator('nango-connection-status');
  await widget.and(page.locator('[status="invalid"]')).waitFor({ timeout: 10_000 });
  // Playwright's locators pierce the open shadow root.
  await widget.getByRole('button', { name: 'Reconnect' }).click();
  await page.locator('iframe#connect-ui').waitFor({ state: 'attached', timeout: 5_000 });
  await widget.and(page.locator('[status="valid"]')).waitFor({ timeout: 15_000 });
  await page.locator('iframe#connect-ui').waitFor({ state: 'detached', timeout: 5_000 });
}

describe('strict CSP and Trusted Types (script-tag build, Chromium)', () => {
  before(async () => {
    ensureBundle();
    connectUi = await startConnectUiServer();
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
  });

  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await connectUi?.close();
  });

  it("runs the whole reconnect flow with no violation under default-src/script-src/style-src 'self' and require-trusted-types-for 'script'", async () => {
    const { page, id, recorded } = await open({ policy: policy() });
    await reconnect(page);
    const { violations, errors, messages } = await recorded();
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    // The iframe really loaded (frame-src) and spoke the protocol.
    assert.deepEqual(
      ['ready', 'standin:token-received', 'connect', 'close'].filter((type) => messages.includes(type)),
      ['ready', 'standin:token-received', 'connect', 'close'],
    );
    assert.equal(pages.get(id)!.tokenRequests, 1);
    // The flow file was fetched (once) and accepted under script-src 'self' and Trusted Types.
    assert.deepEqual(pages.get(id)!.files, ['nango-connection-status.iife.js', 'nango-connection-status.flow.js']);
    await page.close();
  });

  it('a page whose connection works downloads the main file and nothing else', async () => {
    const { page, id, recorded } = await open({ policy: policy(), status: 'valid' });
    await page.locator('nango-connection-status[status="valid"]').waitFor({ timeout: 10_000 });
    // A request for any other file would have been started when the status was set: ask the server now.
    await page.evaluate(() => fetch('/recorder.js').then((response) => response.text()));
    assert.deepEqual(pages.get(id)!.files, ['nango-connection-status.iife.js']);
    assert.deepEqual((await recorded()).violations, []);
    await page.close();
  });

  it('shows French from locales/fr.json under script-src and connect-src \'self\', with no violation', async () => {
    const { page, id, recorded } = await open({ policy: policy(), lang: 'fr' });
    const widget = page.locator('nango-connection-status');
    await widget.getByRole('button', { name: /^Reconnecter/ }).waitFor({ timeout: 10_000 });
    // The languages file (a script: script-src 'self', Trusted Types), then the French data (connect-src 'self').
    const files = pages.get(id)!.files;
    assert.ok(files.includes('nango-connection-status.languages.js') && files.includes('locales/fr.json'), JSON.stringify(files));
    const { violations, errors } = await recorded();
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("follows an events-url under the same policy: the events file under script-src 'self' and Trusted Types, the stream under connect-src 'self'", async () => {
    const { page, id, recorded } = await open({ policy: policy(), events: true });
    await page.locator('nango-connection-status[status="invalid"]').waitFor({ timeout: 10_000 });
    const { violations, errors, statuses } = await recorded();
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    // Only the event can have broken it: the status route said valid until the stream had spoken.
    assert.deepEqual(statuses.slice(0, 2), ['valid', 'invalid']);
    assert.deepEqual(pages.get(id)!.files.slice(0, 2), ['nango-connection-status.iife.js', 'nango-connection-status.events.js']);
    await page.close();
  });

  it("without 'nango-connection-status' in a trusted-types allow-list the flow file cannot be added: Reconnect fails clearly (reconnecterror connect-ui), never stuck", async () => {
    const { page, recorded } = await open({ policy: policy('trusted-types lit-html') });
    const widget = page.locator('nango-connection-status');
    await widget.and(page.locator('[status="invalid"]')).waitFor({ timeout: 10_000 });
    await widget.getByRole('button', { name: 'Reconnect' }).click();
    await page.waitForFunction(() => (window as unknown as { __csp: Recorded }).__csp.reconnectErrors.length > 0, undefined, { timeout: 10_000 });
    const { violations, reconnectErrors } = await recorded();
    assert.equal(reconnectErrors[0].stage, 'connect-ui');
    assert.ok(violations.some((violation) => violation.directive === 'trusted-types' && violation.sample === 'nango-connection-status'), JSON.stringify(violations));
    await widget.and(page.locator('[status="invalid"]')).waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('iframe#connect-ui').count(), 0);
    await page.close();
  });

  it("fails under trusted-types 'none': Lit must create its 'lit-html' policy (the recorder sees it)", async () => {
    const { page, recorded } = await open({ policy: policy("trusted-types 'none'") });
    await page.waitForFunction(() => (window as unknown as { __csp: Recorded }).__csp.violations.length > 0, undefined, { timeout: 5_000 });
    const { violations } = await recorded();
    assert.ok(violations.some((violation) => violation.directive === 'trusted-types' && violation.sample === 'lit-html'), JSON.stringify(violations));
    assert.equal(await page.evaluate(() => customElements.get('nango-connection-status')), undefined);
    await page.close();
  });

  it('runs with no violation under a Trusted Types allow-list of lit-html and nango-connection-status', async () => {
    const { page, recorded } = await open({ policy: policy('trusted-types lit-html nango-connection-status') });
    await reconnect(page);
    const { violations, errors } = await recorded();
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('loads two parts under that allow-list (the languages file, then the flow file) with the one policy: French, Reconnect, no violation', async () => {
    const { page, id, recorded } = await open({ policy: policy('trusted-types lit-html nango-connection-status'), lang: 'fr' });
    const button = page.locator('nango-connection-status').getByRole('button', { name: /^Reconnecter/ });
    await button.waitFor({ timeout: 10_000 });
    await button.click();
    await page.waitForFunction(
      () => {
        const csp = (window as unknown as { __csp: Recorded }).__csp;
        return csp.statuses.includes('valid') || csp.reconnectErrors.length > 0;
      },
      undefined,
      { timeout: 15_000 },
    );
    const { violations, errors, reconnectErrors, statuses } = await recorded();
    assert.deepEqual({ violations, errors, reconnectErrors }, { violations: [], errors: [], reconnectErrors: [] });
    assert.equal(statuses.at(-1), 'valid');
    const scripts = pages.get(id)!.files.filter((file) => file.endsWith('.js'));
    assert.deepEqual(scripts, ['nango-connection-status.iife.js', 'nango-connection-status.languages.js', 'nango-connection-status.flow.js']);
    await page.close();
  });

  it("needs 'allow-duplicates' when Lit is on the page twice (two copies, or the site's own Lit)", async () => {
    const strict = await open({ policy: policy('trusted-types lit-html nango-connection-status'), copies: 2 });
    await strict.page.waitForFunction(() => (window as unknown as { __csp: Recorded }).__csp.violations.length > 0, undefined, { timeout: 5_000 });
    const { violations } = await strict.recorded();
    assert.ok(violations.some((violation) => violation.directive === 'trusted-types' && violation.sample === 'lit-html'), JSON.stringify(violations));
    await strict.page.close();

    const lenient = await open({ policy: policy("trusted-types lit-html nango-connection-status 'allow-duplicates'"), copies: 2 });
    await reconnect(lenient.page);
    const recorded = await lenient.recorded();
    assert.deepEqual(recorded.violations, []);
    assert.deepEqual(recorded.errors, []);
    await lenient.page.close();
  });

  it('cannot reconnect without frame-src for the Connect UI origin (default-src blocks the iframe)', async () => {
    const { page, recorded } = await open({ policy: policy().replace(/frame-src [^;]+; /, '') });
    await page.locator('nango-connection-status[status="invalid"]').waitFor({ timeout: 10_000 });
    await page.locator('nango-connection-status').getByRole('button', { name: 'Reconnect' }).click();
    await page.waitForFunction(() => (window as unknown as { __csp: Recorded }).__csp.violations.length > 0, undefined, { timeout: 5_000 });
    const { violations } = await recorded();
    assert.ok(violations.some((violation) => violation.directive === 'frame-src' && violation.blockedURI.startsWith(new URL(connectUi.url).origin)), JSON.stringify(violations));
    await page.close();
  });
});
