/**
 * The Redis hub through the shared suite (hub-contract.ts), against a real redis-server. The
 * in-memory hub has its own file (hub-memory.test.ts): it needs no redis-server, so its
 * StrykerJS mutants run a fast file rather than this one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRedisHub } from '../../src/server/index.js';
import { hubContract } from './hub-contract.js';
import { startRedis, type RedisServer } from './redis-server.js';

let redis: RedisServer;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis?.stop();
});

let prefixes = 0;
hubContract('Redis', {
  async openHub(options) {
    // A TTL of its own gets a store of its own (a prefix), as another app on the same Redis would.
    return createRedisHub({ url: redis.url, ...(options?.ttlMs ? { ttlMs: options.ttlMs, prefix: `ttl-${++prefixes}:` } : {}) });
  },
});

// How long the hub must stay not-ready with nothing to connect to: 3 s, or 0.5 s under StrykerJS
// (this wait would otherwise be paid by every Redis-hub mutant; a hub that claims readiness at
// once still fails in 0.5 s).
const NOT_THERE_MS = process.env.STRYKER_MUTATOR_WORKER === undefined ? 3000 : 500;

describe('Redis hub, when Redis is not there', () => {
  it('never claims to be ready, and closes without hanging', async () => {
    const hub = createRedisHub({ url: 'redis://127.0.0.1:1', onError: () => {} });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      hub.ready.then(() => 'ready', (error: Error) => `rejected: ${error.message}`),
      new Promise((resolve) => (timer = setTimeout(() => resolve(`still pending after ${NOT_THERE_MS} ms`), NOT_THERE_MS))),
    ]);
    clearTimeout(timer);
    await hub.close();
    assert.notEqual(outcome, 'ready');
  });
});
