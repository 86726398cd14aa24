/**
 * What the Redis hub asks of its node-redis clients, with a stand-in `redis` package (a module
 * loader hook answers `import('redis')` with it): both clients get an 'error' listener, close()
 * ends each client once, politely when it is ready (pending commands finish) and destroyed when
 * it is still (re)connecting, with `quit()` on node-redis versions before `close()`; and the words
 * when the `redis` package is missing. What the hub stores and publishes in a real Redis is in
 * hub.test.ts; here no redis-server is needed, so this file is fast.
 */
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { describe, it } from 'node:test';
import { createRedisHub } from '../../src/server/index.js';

/** One stand-in client: records what the hub asked of it. */
class FakeClient {
  calls: string[] = [];
  errorListeners: Array<(error: unknown) => void> = [];
  isReady: boolean | undefined = true;
  duplicated: FakeClient | undefined;
  constructor(
    readonly options: unknown,
    readonly api: { close: boolean; destroy: boolean },
  ) {
    if (!api.close) (this as { close?: unknown }).close = undefined;
    if (!api.destroy) (this as { destroy?: unknown }).destroy = undefined;
  }
  on(event: string, listener: (error: unknown) => void) {
    this.calls.push(`on ${event}`);
    if (event === 'error') this.errorListeners.push(listener);
    return this;
  }
  async connect() {
    this.calls.push('connect');
  }
  duplicate() {
    this.duplicated = new FakeClient(this.options, this.api);
    return this.duplicated;
  }
  async subscribe(channel: string) {
    this.calls.push(`subscribe ${channel}`);
  }
  commands: string[][] = [];
  answers: unknown[] = [];
  async sendCommand(args: string[]) {
    this.commands.push(args);
    return this.answers.shift() ?? null;
  }
  async close() {
    this.calls.push('close');
  }
  async quit() {
    this.calls.push('quit');
  }
  destroy() {
    this.calls.push('destroy');
  }
}

interface FakeRedis {
  missing: boolean;
  api: { close: boolean; destroy: boolean };
  made: FakeClient[];
  createClient(options: unknown): FakeClient;
}
const fake: FakeRedis = {
  missing: false,
  api: { close: true, destroy: true },
  made: [],
  createClient(options) {
    const client = new FakeClient(options, fake.api);
    fake.made.push(client);
    return client;
  },
};
(globalThis as { fakeRedis?: FakeRedis }).fakeRedis = fake;

// Each `import('redis')` gets a module of its own (a counter in its URL), so each hub sees the
// stand-in as it is set at that moment (there, or missing).
const HOOKS = `
let n = 0;
export async function resolve(specifier, context, next) {
  if (specifier !== 'redis') return next(specifier, context);
  const source = "const fake = globalThis.fakeRedis;" +
    "if (fake.missing) throw Object.assign(new Error(\\"Cannot find package 'redis'\\"), { code: 'ERR_MODULE_NOT_FOUND' });" +
    "export const createClient = (options) => fake.createClient(options); // " + n++;
  return { url: 'data:text/javascript,' + encodeURIComponent(source), shortCircuit: true };
}`;
register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);

/** A hub on stand-in clients, ready; its two clients. */
async function openHub(options: Parameters<typeof createRedisHub>[0] = {}) {
  fake.made = [];
  const hub = createRedisHub(options);
  await hub.ready;
  const client = fake.made[0]!;
  return { hub, client, subscriber: client.duplicated! };
}

describe('Redis hub and its node-redis clients', () => {
  it('makes one client for the url (none given: node-redis default), duplicates it to subscribe, and listens for errors on both', async () => {
    const { hub, client, subscriber } = await openHub({ url: 'redis://cache.internal:6380/2' });
    assert.equal(fake.made.length, 1);
    assert.deepEqual(client.options, { url: 'redis://cache.internal:6380/2' });
    assert.deepEqual(client.calls, ['on error', 'connect']);
    assert.deepEqual(subscriber.calls, ['on error', 'connect', 'subscribe nango-connection-status:news']);
    await hub.close();
    const bare = await openHub();
    assert.deepEqual(bare.client.options, {});
    await bare.hub.close();
  });

  it('get() is one GET of the prefixed key; put() one EVAL of the compare-and-set script, then a PUBLISH of the news with what it held', async () => {
    const { hub, client } = await openHub({ prefix: 'app:', ttlMs: 60_000 });
    const update = { connectionId: 'team/1', providerConfigKey: 'git hub', status: 'invalid', source: 'webhook', at: 1_700_000_000_000 } as const;
    client.answers.push(JSON.stringify(update));
    assert.deepEqual(await hub.get('git hub', 'team/1'), update);
    assert.deepEqual(client.commands, [['GET', 'app:status:git%20hub:team%2F1']]);
    client.commands = [];
    client.answers.push([1, 'valid'], 1);
    assert.deepEqual(await hub.put(update), { stored: true, previous: 'valid' });
    const [evalCommand, publish] = client.commands;
    assert.deepEqual([evalCommand![0], ...evalCommand!.slice(2)], ['EVAL', '1', 'app:status:git%20hub:team%2F1', JSON.stringify(update), '1700000000000', '60000']);
    assert.match(evalCommand![1]!, /redis\.call\('SET', KEYS\[1\], ARGV\[1\], 'PX', ARGV\[3\]\)/);
    assert.deepEqual(publish, ['PUBLISH', 'app:news', JSON.stringify({ ...update, previous: 'valid' })]);
    assert.equal(client.commands.length, 2);
    await hub.close();
  });

  it("hands both clients' errors to onError; without onError they are still listened to (no crash)", async () => {
    const errors: unknown[] = [];
    const { hub, client, subscriber } = await openHub({ onError: (error) => errors.push(error) });
    const lost = new Error('Socket closed unexpectedly');
    const refused = new Error('connect ECONNREFUSED');
    for (const listener of client.errorListeners) listener(lost);
    for (const listener of subscriber.errorListeners) listener(refused);
    assert.deepEqual(errors, [lost, refused]);
    await hub.close();

    const quiet = await openHub();
    assert.equal(quiet.client.errorListeners.length, 1);
    assert.equal(quiet.subscriber.errorListeners.length, 1);
    assert.doesNotThrow(() => quiet.client.errorListeners[0]!(lost));
    await quiet.hub.close();
  });

  it('close() closes both ready clients politely (pending commands finish), once however often it is called', async () => {
    const { hub, client, subscriber } = await openHub();
    await hub.close();
    await hub.close();
    assert.deepEqual(client.calls.slice(2), ['close']);
    assert.deepEqual(subscriber.calls.slice(3), ['close']);
  });

  it('close() destroys a client still (re)connecting: it has nothing to flush, and close() would wait for it', async () => {
    const { hub, client, subscriber } = await openHub();
    client.isReady = false;
    await hub.close();
    assert.deepEqual(client.calls.slice(2), ['destroy']);
    assert.deepEqual(subscriber.calls.slice(3), ['close'], 'the ready one is closed politely');
  });

  it('a client that does not say whether it is ready (isReady undefined) is closed politely', async () => {
    const { hub, client } = await openHub();
    client.isReady = undefined;
    await hub.close();
    assert.deepEqual(client.calls.slice(2), ['close']);
  });

  it('node-redis before 5 (quit(), no close(), no destroy()): quit() ends each client, ready or not', async () => {
    fake.api = { close: false, destroy: false };
    try {
      const { hub, client, subscriber } = await openHub();
      client.isReady = false;
      await hub.close();
      assert.deepEqual(client.calls.slice(2), ['quit']);
      assert.deepEqual(subscriber.calls.slice(3), ['quit']);
    } finally {
      fake.api = { close: true, destroy: true };
    }
  });

  it('without the redis package, ready rejects naming the package to install, with the import failure as its cause', async () => {
    fake.missing = true;
    try {
      const hub = createRedisHub();
      const error = (await hub.ready.then(
        () => assert.fail('ready resolved without a redis package'),
        (e: unknown) => e,
      )) as Error;
      assert.equal(error.message, 'createRedisHub() needs the "redis" package (node-redis): npm i redis');
      assert.equal((error.cause as { code?: string } | undefined)?.code, 'ERR_MODULE_NOT_FOUND');
      await assert.rejects(hub.get('github', 'conn-1'), { message: error.message });
      await hub.close();
    } finally {
      fake.missing = false;
    }
  });
});
