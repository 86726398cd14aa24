/**
 * The in-memory hub through the shared suite (hub-contract.ts) that the Redis hub passes too
 * (hub.test.ts), and its bound.
 */
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { createInMemoryHub, type ConnectionStatusHub } from '../../src/server/index.js';
import { hubContract } from './hub-contract.js';

let shared: ConnectionStatusHub | undefined;
hubContract('in-memory', {
  async openHub(options) {
    if (options?.ttlMs) return createInMemoryHub({ ttlMs: options.ttlMs });
    // Two handles on one process's hub are the hub itself; its close() must not end the others'.
    shared ??= createInMemoryHub();
    const hub = shared;
    return { ...hub, close: async () => {} };
  },
});

describe('in-memory hub, bounded', () => {
  it('keeps at most maxEntries connections, dropping the longest unwritten first', async () => {
    const hub = createInMemoryHub({ maxEntries: 2 });
    const now = Date.now();
    const put = (id: string, at: number) => hub.put({ connectionId: id, providerConfigKey: 'github', status: 'valid', source: 'nango', at });
    await put('a', now);
    await put('b', now);
    await put('a', now + 1); // written again: now the newest
    await put('c', now);
    assert.equal(await hub.get('github', 'b'), undefined);
    assert.equal((await hub.get('github', 'a'))?.status, 'valid');
    assert.equal((await hub.get('github', 'c'))?.status, 'valid');
    await hub.close();
  });
});

describe('in-memory hub, options and edges', () => {
  it('takes a positive ttlMs and maxEntries; anything else (0, negative, NaN, Infinity, a string) is the default', async () => {
    assert.equal(createInMemoryHub({ ttlMs: 1234 }).ttlMs, 1234);
    for (const ttlMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '60000' as unknown as number]) {
      assert.equal(createInMemoryHub({ ttlMs }).ttlMs, 5 * 60_000, String(ttlMs));
    }
    // maxEntries 0 or less is the default (100,000), not "keep nothing" or "keep one".
    for (const maxEntries of [0, -1, Number.NaN]) {
      const hub = createInMemoryHub({ maxEntries });
      for (const id of ['a', 'b', 'c']) await hub.put({ connectionId: id, providerConfigKey: 'github', status: 'valid', source: 'nango', at: 1 });
      for (const id of ['a', 'b', 'c']) assert.equal((await hub.get('github', id))?.status, 'valid', `maxEntries ${maxEntries}: ${id} kept`);
    }
  });

  it('an entry is gone at exactly its TTL, not a millisecond later', async () => {
    mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    try {
      const hub = createInMemoryHub({ ttlMs: 1000 });
      await hub.put({ connectionId: 'c', providerConfigKey: 'github', status: 'valid', source: 'nango', at: Date.now() });
      mock.timers.tick(999);
      assert.equal((await hub.get('github', 'c'))?.status, 'valid');
      mock.timers.tick(1);
      assert.equal(await hub.get('github', 'c'), undefined);
    } finally {
      mock.timers.reset();
    }
  });

  it('an update as old as the one held replaces it (only an older one is refused)', async () => {
    const hub = createInMemoryHub();
    await hub.put({ connectionId: 'c', providerConfigKey: 'github', status: 'valid', source: 'nango', at: 5000 });
    assert.deepEqual(await hub.put({ connectionId: 'c', providerConfigKey: 'github', status: 'invalid', source: 'webhook', at: 5000 }), { stored: true, previous: 'valid' });
    assert.deepEqual(await hub.put({ connectionId: 'c', providerConfigKey: 'github', status: 'valid', source: 'nango', at: 4999 }), { stored: false, previous: 'invalid' });
    assert.equal((await hub.get('github', 'c'))?.status, 'invalid');
  });

  it('close() forgets every entry and every listener', async () => {
    const hub = createInMemoryHub();
    const heard: string[] = [];
    hub.subscribe((change) => heard.push(change.connectionId));
    await hub.put({ connectionId: 'before', providerConfigKey: 'github', status: 'invalid', source: 'webhook', at: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    await hub.close();
    assert.equal(await hub.get('github', 'before'), undefined, 'an entry survived close()');
    await hub.put({ connectionId: 'after', providerConfigKey: 'github', status: 'invalid', source: 'webhook', at: 2 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(heard, ['before'], 'a listener was told after close()');
  });
});
