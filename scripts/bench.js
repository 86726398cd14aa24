// npm run bench: measures the script-tag build in real Chromium (playwright-core, Debian's
// chromium or CHROME_PATH) against a local server, prints a markdown table and writes it to
// bench/results.md. Timings are reported, never asserted: they depend on the machine.
//
//   1. size: the script-tag main file raw/gzip/brotli, the files it loads on need, and the floor (Lit alone);
//   2. overhead: element connected → status on screen, vs a bare fetch of the same route;
//   3. scale: 1,000 widgets sharing 10 status URLs: requests, time to settle, heap per widget;
//   4. click → Connect UI: iframe in the DOM in the click's task? time to the token reaching it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startConnectUiServer } from '../demo/server/connect-ui-origin.js';
import { CHROMIUM_ARGS } from '../demo/server/harness.js';
import { floorSizes, sizes } from './size.js';

const BUNDLE = 'dist/nango-connection-status.iife.js';
const OVERHEAD_RUNS = 31;
const SCALE = { widgets: 1000, urls: 10, delayMs: 20 };
const TOKEN_DELAY_MS = 500;
const CLICK_RUNS = 9;

/** Rebuilds the script-tag bundle when it is missing or older than the sources. */
function ensureBundle() {
  const newest = (dir) =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= newest('src')) return;
  console.error('building the script-tag bundle…');
  const build = spawnSync('npx', ['vite', 'build', '--mode', 'iife', '--logLevel', 'error'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}

/** Status routes answer after `?delay=` ms and are counted by path; the token route after 500 ms. */
function startServer(connectUiUrl) {
  const requests = new Map();
  const scriptedToken = `script:${encodeURIComponent(JSON.stringify([{ type: 'close' }]))}`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status, body) => res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
    if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script src="/${BUNDLE}"></script><script src="/bench/page.js"></script></head>
<body><nango-connection-status id="reconnect" status-url="/status/invalid" token-url="/token" connect-ui-url="${connectUiUrl}" api-url="http://127.0.0.1:9/api"></nango-connection-status></body></html>`);
    } else if (url.pathname === `/${BUNDLE}` || url.pathname === '/dist/nango-connection-status.flow.js' || url.pathname === '/bench/page.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(readFileSync(url.pathname.slice(1)));
    } else if (url.pathname === '/status/invalid') {
      // 4xx JSON other than 401/403 (those mean the user is signed out: error, not invalid).
      json(400, { error: { message: 'Credentials expired' }, provider: 'github' });
    } else if (url.pathname.startsWith('/status/')) {
      requests.set(url.pathname, (requests.get(url.pathname) ?? 0) + 1);
      setTimeout(() => json(200, { provider: 'github' }), Number(url.searchParams.get('delay') ?? 0));
    } else if (url.pathname === '/token' && req.method === 'POST') {
      setTimeout(() => json(200, { sessionToken: scriptedToken }), TOKEN_DELAY_MS);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        requests,
        close: () => new Promise((done) => (server.closeAllConnections(), server.close(done))),
      }),
    ),
  );
}

const kib = (n) => `${(n / 1024).toFixed(2)} KiB`;
const ms = (n) => `${n.toFixed(1)} ms`;

ensureBundle();
const ours = sizes(readFileSync(BUNDLE));
const [flow, events, languages] = ['flow', 'events', 'languages'].map((part) => sizes(readFileSync(`dist/nango-connection-status.${part}.js`)));
const floor = await floorSizes();

const connectUi = await startConnectUiServer();
const server = await startServer(connectUi.url);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: [
    ...CHROMIUM_ARGS,
    // Heap per widget: exact numbers, after a full collection.
    '--enable-precise-memory-info',
    '--js-flags=--expose-gc',
  ],
});
let rows;
try {
  const page = await browser.newPage();
  // The page on localhost, Connect UI on 127.0.0.1: another site, as connect.nango.dev is for an app.
  await page.goto(`http://localhost:${server.port}/`);
  await page.waitForFunction(() => window.bench && customElements.get('nango-connection-status'));

  const instant = await page.evaluate((runs) => window.bench.overhead({ runs, delayMs: 0 }), OVERHEAD_RUNS);
  const slow = await page.evaluate((runs) => window.bench.overhead({ runs, delayMs: 50 }), OVERHEAD_RUNS);

  const scaleStart = new Map(server.requests);
  const scale = await page.evaluate((options) => window.bench.scale(options), SCALE);
  const scaleRequests = [...server.requests].filter(([path]) => path.startsWith('/status/scale-')).reduce((sum, [path, n]) => sum + n - (scaleStart.get(path) ?? 0), 0);

  const click = await page.evaluate((runs) => window.bench.clickToConnectUi({ runs }), CLICK_RUNS);
  // A real mouse click (trusted event, user activation), through the shadow root.
  await page.locator('nango-connection-status#reconnect[status="invalid"]').waitFor();
  await page.evaluate(() => window.bench.watchRealClick());
  await page.locator('nango-connection-status#reconnect').getByRole('button', { name: 'Reconnect' }).click();
  const realClick = await page.evaluate(() => window.__realClick);

  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, Chromium ${browser.version()}`;
  rows = {
    machine,
    table: [
      '| measure | result | target / note |',
      '|---|---|---|',
      `| script-tag main file (raw / gzip / brotli) | ${kib(ours.raw)} / ${kib(ours.gzip)} / ${kib(ours.brotli)} | on need: the flow file ${kib(flow.gzip)} gzip, the events file ${kib(events.gzip)}, the languages file ${kib(languages.gzip)} |`,
      `| floor: Lit's \`ReactiveElement\` and \`lit-html\` alone (raw / gzip / brotli) | ${kib(floor.raw)} / ${kib(floor.gzip)} / ${kib(floor.brotli)} | ours above the floor: ${kib(ours.gzip - floor.gzip)} gzip |`,
      `| connected → status shown, route answers at once (median of ${OVERHEAD_RUNS}) | widget ${ms(instant.widget)} vs bare fetch ${ms(instant.bare)}: ×${(instant.widget / instant.bare).toFixed(2)} | ≤ 1.1 |`,
      `| connected → status shown, route answers after 50 ms (median of ${OVERHEAD_RUNS}) | widget ${ms(slow.widget)} vs bare fetch ${ms(slow.bare)}: ×${(slow.widget / slow.bare).toFixed(2)} | ≤ 1.1 |`,
      `| ${SCALE.widgets.toLocaleString('en')} widgets, ${SCALE.urls} status URLs (${SCALE.delayMs} ms each): requests | ${scaleRequests} | ${SCALE.urls} |`,
      `| … time until every widget shows its status | ${ms(scale.elapsed)} | |`,
      `| … JS heap per widget | ${(scale.heapPerWidget / 1024).toFixed(1)} KiB | |`,
      `| click → Connect UI iframe in the DOM in the click's task | in-page click(): ${click.inDomAfterClick ? 'yes' : 'no'}; real mouse click: ${realClick ? 'yes' : 'no'} | yes |`,
      `| click → Connect UI loaded (\`ready\`), median of ${CLICK_RUNS} | ${ms(click.ready)} | cross-site iframe, in parallel with the token request |`,
      `| click → token in Connect UI (\`standin:token-received\`), ${TOKEN_DELAY_MS} ms token route, median of ${CLICK_RUNS} | ${ms(click.token)} | ≈ ${TOKEN_DELAY_MS} ms: the token is the only wait |`,
    ].join('\n'),
  };
} finally {
  await browser.close();
  await server.close();
  await connectUi.close();
}

console.log(`${rows.machine}\n\n${rows.table}`);
// The other sections of results.md (the server half, mutation scores) come from their own scripts: keep them.
const previous = existsSync('bench/results.md') ? readFileSync('bench/results.md', 'utf8') : '';
const otherSections = previous.includes('\n## ') ? previous.slice(previous.indexOf('\n## ')) : '';
writeFileSync(
  'bench/results.md',
  `# Benchmarks\n\n\`npm run bench\` (scripts/bench.js) on ${new Date().toISOString().slice(0, 10)}. Timings depend on the machine and its load; they are reported, never asserted.\n\nMachine: ${rows.machine}\n\n${rows.table}\n${otherSections}`,
);
