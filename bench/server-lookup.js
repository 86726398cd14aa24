// @ts-check
/**
 * `npm run bench:server`: what a status check costs when `resolve` names the end user
 * (the handlers find the connection, then remember it) against one by connection id, through
 * the real handlers and the real @nangohq/node client against the fake Nango over HTTP.
 * Target: a check by end user within 1.2× a check by id, and one Nango call per check.
 * Prints a Markdown table for bench/results.md. Timings are reported, never asserted.
 */
import { Nango } from '@nangohq/node';
import { createFakeNango } from '../demo/server/fake-nango.js';
import { createConnectionStatusHandler } from '../src/server/index.js';

const ROUNDS = 60;
const CHECKS_PER_ROUND = 50;
const CONCURRENT = 50;

const fake = createFakeNango();
fake.addConnection({
  connectionId: 'conn-bench',
  integrationId: 'github',
  provider: 'github',
  displayName: 'GitHub',
  authMode: 'OAUTH2',
  endUser: { id: 'user-bench', email: 'bench@example.com' },
});
for (let i = 0; i < 20; i++) {
  // Other users' connections, so the lookup has something to filter.
  fake.addConnection({ connectionId: `conn-other-${i}`, integrationId: 'github', provider: 'github', authMode: 'OAUTH2', endUser: { id: `user-${i}` } });
}
const { url, close } = await fake.listen();
const nango = new Nango({ secretKey: fake.secretKey, host: url });

const byId = createConnectionStatusHandler({ nango, resolve: () => ({ integrationId: 'github', connectionId: 'conn-bench', displayName: 'GitHub' }) });
const byEndUser = createConnectionStatusHandler({ nango, resolve: () => ({ integrationId: 'github', endUser: { id: 'user-bench' }, displayName: 'GitHub' }) });

/** @param {(request: Request) => Promise<Response>} handler */
async function check(handler) {
  const response = await handler(new Request('http://localhost/api/status'));
  const body = await response.json();
  if (body.status !== 'valid') throw new Error(`bench: unexpected answer ${response.status} ${JSON.stringify(body)}`);
}

/** Milliseconds per check over CHECKS_PER_ROUND sequential checks. @param {(request: Request) => Promise<Response>} handler */
async function round(handler) {
  const started = performance.now();
  for (let i = 0; i < CHECKS_PER_ROUND; i++) await check(handler);
  return (performance.now() - started) / CHECKS_PER_ROUND;
}

/** Nango calls per check for `count` checks. @param {(request: Request) => Promise<Response>} handler @param {boolean} concurrent */
async function callsPerCheck(handler, count, concurrent) {
  fake.clearRequests();
  if (concurrent) await Promise.all(Array.from({ length: count }, () => check(handler)));
  else for (let i = 0; i < count; i++) await check(handler);
  return fake.getRequests().length / count;
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

try {
  // Warm up both paths (JIT, keep-alive sockets, the end user's remembered connection).
  for (let i = 0; i < 100; i++) {
    await check(byId);
    await check(byEndUser);
  }
  // Rounds interleaved, each going first in turn, so machine load hits both alike.
  const idTimes = [];
  const userTimes = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      idTimes.push(await round(byId));
      userTimes.push(await round(byEndUser));
    } else {
      userTimes.push(await round(byEndUser));
      idTimes.push(await round(byId));
    }
  }
  const id = median(idTimes);
  const user = median(userTimes);
  const freshNango = new Nango({ secretKey: fake.secretKey, host: url });
  const coldHandler = createConnectionStatusHandler({ nango: freshNango, resolve: () => ({ integrationId: 'github', endUser: { id: 'user-bench' }, displayName: 'GitHub' }) });
  const coldCalls = await callsPerCheck(coldHandler, 1, false);
  const warmCalls = await callsPerCheck(byEndUser, 100, false);
  const concurrentCalls = await callsPerCheck(byEndUser, CONCURRENT, true);

  console.log(`Node ${process.version}, ${ROUNDS} interleaved rounds × ${CHECKS_PER_ROUND} sequential checks each, median per check\n`);
  console.log('| measure | result | target / note |');
  console.log('|---|---|---|');
  console.log(`| status check by connection id | ${id.toFixed(3)} ms | one \`getConnection\` |`);
  console.log(`| status check by end user (connection remembered) | ${user.toFixed(3)} ms: ×${(user / id).toFixed(2)} | ≤ 1.2 × by id |`);
  console.log(`| Nango calls: first check by end user | ${coldCalls} | \`listConnections\` + \`getConnection\` |`);
  console.log(`| Nango calls per check by end user, within the TTL | ${warmCalls.toFixed(2)} | 1 |`);
  console.log(`| Nango calls per check, ${CONCURRENT} concurrent checks of one connection | ${concurrentCalls.toFixed(2)} | coalesced |`);
} finally {
  await close();
}
