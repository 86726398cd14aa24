/**
 * The in-memory hub through the shared suite (hub-contract.ts) that the Redis hub passes too
 * (hub.test.ts), and its bound.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
