// @ts-check
/**
 * `npm run bench:live`: what live status costs and how fast it is, through the real handlers,
 * the real @nangohq/node client, the fake Nango over HTTP, a real redis-server and real Chromium.
 *
 *   1. Nango calls per 1,000 status checks of a healthy connection: without a hub, with the
 *      in-memory hub, and alternating between two instances sharing a Redis hub.
 *   2. Webhook → page latency for 100 open widgets (one page, one events stream, 100
 *      connections): a signed webhook is posted, the time until the widget's `statuschange`
 *      (page clock = this machine's clock) is taken; median and p95 of 60 flips
 *      (30 refresh failures, 30 reconnects). One app process with the in-memory hub; then two
 *      app processes through Redis (webhook posted to one, the page served by the other).
 *
 * Prints a Markdown table for bench/results.md. Timings are reported, never asserted.
 * Run with tsx (the handlers are TypeScript): `node --import tsx bench/live-status.js`.
 */
import { fork, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Nango } from '@nangohq/node';

const WIDGETS = Number(process.env.BENCH_WIDGETS ?? 100);
const FLIPS = Number(process.env.BENCH_FLIPS ?? 60);
const CHECKS = 1000;
const BUNDLE = 'dist/nango-connection-status.iife.js';
const SECRET = '3b0e8f4a-6c2d-4e1f-9a7b-5c4d3e2f1a0b';
const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--instance') await runInstance(JSON.parse(process.argv[3] ?? '{}'));
else await main();

/**
 * One app instance (a child process): the status, events and webhook routes, and a page of
 * WIDGETS widgets. Tells the parent its URL over IPC.
 * @param {{ nangoUrl: string, redisUrl?: string }} options
 */
async function runInstance({ nangoUrl, redisUrl }) {
  const server = await import('../src/server/index.js');
  const hub = redisUrl ? server.createRedisHub({ url: redisUrl }) : server.createInMemoryHub();
  await hub.ready;
  const nango = new Nango({ secretKey: SECRET, host: nangoUrl });
  // One user's page with WIDGETS integrations (int-0…), each its own connection.
  const refs = Array.from({ length: WIDGETS }, (_, i) => ({ integrationId: `int-${i}`, connectionId: `conn-${i}`, displayName: `Integration ${i}` }));
  const status = server.toNodeHandler(
    server.createConnectionStatusHandler({ nango, hub, resolve: (request) => refs[Number(/\/status\/(\d+)$/.exec(new URL(request.url).pathname)?.[1])] ?? null }),
  );
  const events = server.toNodeHandler(server.createStatusEventsHandler({ hub, resolve: () => refs }));
  const webhook = server.toNodeHandler(server.createWebhookHandler({ nango, hub }));
  const page = `<!doctype html><html lang="en"><title>live bench</title><script src="/iife.js"></script>
<script>window.__flips=[];document.addEventListener('statuschange',e=>window.__flips.push({id:e.target.id,status:e.detail.status,at:Date.now()}));</script>
${refs.map((_, i) => `<nango-connection-status id="w${i}" status-url="/status/${i}" events-url="/events"></nango-connection-status>`).join('\n')}`;
  const app = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (path === '/iife.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(BUNDLE));
    if (path.startsWith('/status/')) return status(req, res);
    if (path === '/events') return events(req, res);
    if (path === '/webhook') return webhook(req, res);
    res.writeHead(404).end();
  });
  await new Promise((resolve) => app.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (app.address());
  process.send?.({ url: `http://127.0.0.1:${address.port}` });
  process.on('message', async (message) => {
    if (message === 'stop') {
      app.closeAllConnections();
      app.close();
      await hub.close();
      process.exit(0);
    }
  });
}

/** @param {object} options @returns {Promise<{ url: string, stop: () => void }>} */
function startInstance(options) {
  const child = fork(self, ['--instance', JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`instance exited (${code})`)));
    child.once('message', (/** @type {any} */ message) => resolve({ url: message.url, stop: () => child.connected && child.send('stop') }));
  });
}

function ensureBundle() {
  /** @param {string} dir @returns {number} */
  const newest = (dir) =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= newest('src')) return;
  console.error('building the script-tag bundle…');
  const build = spawnSync('npx', ['vite', 'build', '--mode', 'iife'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('bench: the script-tag build failed');
}

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function main() {
  ensureBundle();
  const { createFakeNango } = await import('../demo/server/fake-nango.js');
  const { authWebhookBody, webhookHeaders } = await import('../demo/server/nango-webhooks.js');
  const { startRedis } = await import('../test/server/redis-server.ts');
  const server = await import('../src/server/index.js');
  const { chromium } = await import('playwright-core');
  const { CHROMIUM_ARGS } = await import('../demo/server/harness.js');

  const fake = createFakeNango({ secretKey: SECRET });
  for (let i = 0; i < WIDGETS; i++) fake.addConnection({ connectionId: `conn-${i}`, integrationId: `int-${i}`, provider: 'github', displayName: `Integration ${i}`, authMode: 'OAUTH2' });
  const nangoApi = await fake.listen();
  const redis = await startRedis();
  const rows = [];

  // ---- 1. Nango calls per 1,000 checks
  const nango = new Nango({ secretKey: SECRET, host: nangoApi.url });
  const resolve = () => ({ integrationId: 'int-0', connectionId: 'conn-0', displayName: 'Integration 0' });
  /** @param {Array<(request: Request) => Promise<Response>>} handlers */
  const callsFor = async (handlers) => {
    fake.clearRequests();
    for (let i = 0; i < CHECKS; i++) {
      const response = await handlers[i % handlers.length](new Request('http://localhost/status'));
      if (((await response.json()).status) !== 'valid') throw new Error('bench: unexpected status');
    }
    return fake.getRequests().filter((r) => r.path.startsWith('/connections')).length;
  };
  const none = await callsFor([server.createConnectionStatusHandler({ nango, resolve })]);
  const memoryHub = server.createInMemoryHub();
  const memory = await callsFor([server.createConnectionStatusHandler({ nango, resolve, hub: memoryHub })]);
  const redisHubs = [server.createRedisHub({ url: redis.url, prefix: 'calls:' }), server.createRedisHub({ url: redis.url, prefix: 'calls:' })];
  await Promise.all(redisHubs.map((hub) => hub.ready));
  const twoInstances = await callsFor(redisHubs.map((hub) => server.createConnectionStatusHandler({ nango: new Nango({ secretKey: SECRET, host: nangoApi.url }), resolve, hub })));
  rows.push(['Nango reads per 1,000 checks of a healthy connection, no hub', String(none), 'one per check (today)']);
  rows.push(['… with the in-memory hub', String(memory), `≤ 1 per TTL (${memoryHub.ttlMs / 60_000} min)`]);
  rows.push(['… alternating between 2 instances, Redis hub', String(twoInstances), '≤ 1 per TTL, whole fleet']);
  await Promise.all(redisHubs.map((hub) => hub.close()));
  await memoryHub.close();

  // ---- 2. webhook → page latency
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  /** @param {string} pageUrl @param {string} webhookUrl */
  async function flips(pageUrl, webhookUrl) {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    await page.waitForFunction((n) => document.querySelectorAll('nango-connection-status[status="valid"]').length === n, WIDGETS, { timeout: 60_000 });
    /** @type {number[]} */
    const latencies = [];
    fake.clearRequests();
    for (let flip = 0; flip < FLIPS; flip++) {
      const i = (Math.floor(flip / 2) * 37) % WIDGETS; // broken, then reconnected
      const failing = flip % 2 === 0;
      const id = `conn-${i}`;
      if (failing) fake.breakConnection(id, 'expired');
      else fake.healConnection(id);
      const body = authWebhookBody({ connectionId: id, providerConfigKey: `int-${i}`, provider: 'github', authMode: 'OAUTH2', operation: failing ? 'refresh' : 'override', success: !failing });
      const want = failing ? 'invalid' : 'valid';
      const seen = await page.evaluate(() => window.__flips.length);
      const sentAt = Date.now();
      const response = await fetch(webhookUrl, { method: 'POST', headers: webhookHeaders(body, SECRET), body });
      if (response.status !== 200) throw new Error(`bench: webhook answered ${response.status}`);
      const handle = await page.waitForFunction(
        ([from, widget, status]) => window.__flips.slice(from).find((f) => f.id === widget && f.status === status)?.at,
        [seen, `w${i}`, want],
        { timeout: 10_000, polling: 5 },
      ).catch(async (error) => {
        const shown = await page.evaluate((w) => document.getElementById(w)?.getAttribute('status'), `w${i}`);
        throw new Error(`bench: flip ${flip} of w${i} to ${want} not seen (it shows ${shown}): ${error.message}`);
      });
      latencies.push(Number(await handle.jsonValue()) - sentAt);
    }
    const reads = fake.getRequests().filter((r) => r.path.startsWith('/connections')).length;
    await page.close();
    return { median: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), reads };
  }

  /** @type {Array<{ stop: () => void }>} */
  const instances = [];
  let one, two;
  try {
    const single = await startInstance({ nangoUrl: nangoApi.url });
    instances.push(single);
    one = await flips(`${single.url}/`, `${single.url}/webhook`);
    single.stop();
    const [a, b] = await Promise.all([startInstance({ nangoUrl: nangoApi.url, redisUrl: redis.url }), startInstance({ nangoUrl: nangoApi.url, redisUrl: redis.url })]);
    instances.push(a, b);
    two = await flips(`${b.url}/`, `${a.url}/webhook`);
  } finally {
    for (const instance of instances) instance.stop();
    await browser.close();
    await redis.stop();
  }
  const ms = (/** @type {number} */ n) => `${n} ms`;
  rows.push([`webhook → widget flipped, ${WIDGETS} widgets open, 1 process (median / p95 of ${FLIPS})`, `${ms(one.median)} / ${ms(one.p95)}`, `≤ 2 s; ${one.reads} Nango reads in ${FLIPS} flips (a reconnect is answered from the hub)`]);
  rows.push([`… 2 processes through Redis (webhook to one, page on the other)`, `${ms(two.median)} / ${ms(two.p95)}`, `≤ 2 s; ${two.reads} Nango reads`]);

  await nangoApi.close();
  console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| measure | result | target / note |\n|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
