/**
 * The Redis hub through the shared suite (hub-contract.ts), against a real redis-server. The
 * in-memory hub has its own file (hub-memory.test.ts): it needs no redis-server, so its
 * StrykerJS mutants run a fast file rather than this one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { createRedisHub, type StatusChange } from '../../src/server/index.js';
import { eventually } from './events-helpers.js';
import { freshId, hubContract, update } from './hub-contract.js';
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

describe('Redis hub, as another app on the same Redis sees it', () => {
  let rawClient: ReturnType<typeof createClient>;
  before(async () => {
    rawClient = createClient({ url: redis.url });
    await rawClient.connect();
  });
  after(async () => {
    await rawClient?.close();
  });

  it('stores under nango-connection-status:status:<integration>:<connection> (each escaped), and hears nango-connection-status:news', async () => {
    const hub = createRedisHub({ url: redis.url });
    await hub.ready;
    const id = `team:${freshId()}`;
    const stored = update(id, { status: 'invalid', source: 'webhook' });
    await hub.put(stored);
    assert.deepEqual(JSON.parse((await rawClient.get(`nango-connection-status:status:github:${encodeURIComponent(id)}`)) ?? 'null'), stored);
    const heard: StatusChange[] = [];
    const stop = hub.subscribe((change) => heard.push(change));
    const news = { ...update(id, { status: 'disconnected', source: 'webhook' }), previous: 'valid' };
    await rawClient.publish('nango-connection-status:news', JSON.stringify(news));
    await eventually(() => heard.length > 0, () => 'the hub heard nothing on nango-connection-status:news');
    assert.deepEqual(heard, [news]);
    stop();
    await hub.close();
  });

  it('a prefix keeps its keys and its news apart from the default ones', async () => {
    const hub = createRedisHub({ url: redis.url, prefix: 'app-b:' });
    await hub.ready;
    const id = freshId();
    await hub.put(update(id));
    assert.equal(JSON.parse((await rawClient.get(`app-b:status:github:${id}`)) ?? 'null')?.connectionId, id);
    assert.equal(await rawClient.get(`nango-connection-status:status:github:${id}`), null);
    const heard: StatusChange[] = [];
    const stop = hub.subscribe((change) => heard.push(change));
    await rawClient.publish('nango-connection-status:news', JSON.stringify({ ...update(id, { source: 'webhook', status: 'invalid' }) }));
    await rawClient.publish('app-b:news', JSON.stringify(update(id, { source: 'webhook', status: 'disconnected' })));
    await eventually(() => heard.length > 0, () => 'the hub heard nothing on app-b:news');
    assert.deepEqual(heard.map((change) => change.status), ['disconnected'], 'only the news on its own channel');
    stop();
    await hub.close();
  });

  it('ignores a message on its channel that is not an update (another app, an old version), and hears the next one', async () => {
    const prefix = `garbage-${freshId()}:`;
    const hub = createRedisHub({ url: redis.url, prefix });
    await hub.ready;
    const heard: StatusChange[] = [];
    const stop = hub.subscribe((change) => heard.push(change));
    const id = freshId();
    for (const message of ['not json', '{"hello":"world"}', 'null', JSON.stringify({ ...update(id), status: 'expired' })]) {
      await rawClient.publish(`${prefix}news`, message);
    }
    const news = { ...update(id, { source: 'webhook' }), previous: 'invalid' };
    await rawClient.publish(`${prefix}news`, JSON.stringify(news));
    await eventually(() => heard.length > 0, () => 'the hub heard nothing');
    assert.deepEqual(heard, [news]);
    stop();
    await hub.close();
  });

  it('a Redis lost after connecting: both clients tell onError (the process does not crash), and close() still ends at once', async () => {
    const own = await startRedis();
    const errors: unknown[] = [];
    const hub = createRedisHub({ url: own.url, onError: (error) => errors.push(error) });
    try {
      await hub.ready;
      await own.stop();
      await eventually(() => errors.length >= 2, () => `onError heard ${errors.length} errors after Redis went away`);
    } finally {
      await hub.close();
      await own.stop();
    }
  });
});
