/**
 * The one test suite every hub passes (in memory, Redis): what the webhook, status and events
 * handlers rely on. `openHub()` gives a handle on one shared store: for Redis a new client (as
 * another process would have), for memory the same hub.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ConnectionStatusHub, StatusChange, StatusUpdate } from '../../src/server/index.js';

export interface HubFactory {
  /** A handle on the shared store; `ttlMs` makes a handle with that TTL on a fresh store. */
  openHub(options?: { ttlMs?: number }): Promise<ConnectionStatusHub>;
}

let ids = 0;
/** A connection id no other test touched. */
export const freshId = () => `conn-${process.pid}-${++ids}-${Math.random().toString(36).slice(2, 8)}`;

export function update(connectionId: string, fields: Partial<StatusUpdate> = {}): StatusUpdate {
  return { connectionId, providerConfigKey: 'github', status: 'valid', source: 'nango', at: Date.now(), ...fields };
}

/**
 * The next change a hub tells, or a failure naming what came instead (nothing, or others) after
 * `ms`. `matching` filters out other tests' news.
 */
export function nextChange(hub: ConnectionStatusHub, matching: (change: StatusChange) => boolean, ms = 5000): Promise<StatusChange> {
  return new Promise((resolve, reject) => {
    const others: StatusChange[] = [];
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching change within ${ms} ms; heard instead: ${JSON.stringify(others)}`));
    }, ms);
    const stop = hub.subscribe((change) => {
      if (!matching(change)) return void others.push(change);
      clearTimeout(timer);
      stop();
      resolve(change);
    });
  });
}

/** Every change about one connection during `ms` (to prove that nothing came). */
export async function changesDuring(hub: ConnectionStatusHub, connectionId: string, ms: number, action: () => Promise<unknown>): Promise<StatusChange[]> {
  const heard: StatusChange[] = [];
  const stop = hub.subscribe((change) => change.connectionId === connectionId && heard.push(change));
  try {
    await action();
    // The news would travel through Redis: give it the same time a real message takes, and more.
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    stop();
  }
  return heard;
}

export function hubContract(name: string, factory: HubFactory): void {
  describe(`${name} hub (shared suite)`, () => {
    const opened: ConnectionStatusHub[] = [];
    const open = async (options?: { ttlMs?: number }) => {
      const hub = await factory.openHub(options);
      opened.push(hub);
      await hub.ready;
      return hub;
    };
    after(async () => {
      await Promise.all(opened.map((hub) => hub.close()));
    });

    it('knows nothing about a connection it was never told about', async () => {
      const hub = await open();
      assert.equal(await hub.get('github', freshId()), undefined);
    });

    it('answers the last update stored, with its fields', async () => {
      const hub = await open();
      const id = freshId();
      const stored = update(id, { status: 'invalid', source: 'webhook', endUserId: 'user-1', provider: 'github', errors: [{ type: 'auth' }], error: { type: 'refresh_token_external_error', description: 'no' } });
      assert.deepEqual(await hub.put(stored), { stored: true, previous: undefined });
      assert.deepEqual(await hub.get('github', id), stored);
      assert.equal(await hub.get('other-integration', id), undefined, 'keyed by integration and connection id');
    });

    it('drops an update older than the one it holds, and says what it held', async () => {
      const hub = await open();
      const id = freshId();
      const now = Date.now();
      await hub.put(update(id, { status: 'invalid', source: 'webhook', at: now }));
      // A read that started before the webhook and finished after it.
      assert.deepEqual(await hub.put(update(id, { status: 'valid', at: now - 50 })), { stored: false, previous: 'invalid' });
      assert.equal((await hub.get('github', id))?.status, 'invalid');
      assert.deepEqual(await hub.put(update(id, { status: 'valid', at: now + 1 })), { stored: true, previous: 'invalid' });
      assert.equal((await hub.get('github', id))?.status, 'valid');
    });

    it('says which status it held before, whichever it was (valid, invalid, disconnected)', async () => {
      const hub = await open();
      const id = freshId();
      const at = Date.now();
      assert.deepEqual(await hub.put(update(id, { status: 'valid', at })), { stored: true, previous: undefined });
      assert.deepEqual(await hub.put(update(id, { status: 'disconnected', source: 'webhook', at: at + 1 })), { stored: true, previous: 'valid' });
      assert.deepEqual(await hub.put(update(id, { status: 'invalid', at: at + 2 })), { stored: true, previous: 'disconnected' });
      assert.deepEqual(await hub.put(update(id, { status: 'valid', at: at + 3 })), { stored: true, previous: 'invalid' });
    });

    it('tells listeners on every handle about a webhook, and about a read that changed the status', async () => {
      const hub = await open();
      const other = await open();
      const id = freshId();
      const heard = nextChange(other, (change) => change.connectionId === id);
      await hub.put(update(id, { status: 'invalid', source: 'webhook', endUserId: 'user-1' }));
      const change = await heard;
      assert.equal(change.status, 'invalid');
      assert.equal(change.endUserId, 'user-1');
      assert.equal(change.previous, undefined);
      const changed = nextChange(other, (c) => c.connectionId === id);
      await hub.put(update(id, { status: 'valid', source: 'nango', at: Date.now() + 1 }));
      assert.deepEqual([(await changed).status, (await changed).previous], ['valid', 'invalid']);
    });

    it('stays quiet about a read that only confirms what it holds, or that it held nothing about', async () => {
      const hub = await open();
      const other = await open();
      const id = freshId();
      const heard = await changesDuring(other, id, 300, async () => {
        await hub.put(update(id, { status: 'valid' }));
        await hub.put(update(id, { status: 'valid', at: Date.now() + 1 }));
      });
      assert.deepEqual(heard, []);
    });

    it('stops telling a listener that unsubscribed, and only that one', async () => {
      const hub = await open();
      const id = freshId();
      const heardByStopped: StatusChange[] = [];
      const listener = (change: StatusChange) => change.connectionId === id && heardByStopped.push(change);
      const stop = hub.subscribe(listener);
      const keep = hub.subscribe(listener);
      stop();
      stop();
      const heard = nextChange(hub, (c) => c.connectionId === id);
      await hub.put(update(id, { source: 'webhook' }));
      await heard;
      assert.equal(heardByStopped.length, 1, 'the same function subscribed twice: one subscription left');
      keep();
    });

    it('a listener that throws does not keep the news from the others', async () => {
      const hub = await open();
      const id = freshId();
      const stop = hub.subscribe(() => {
        throw new Error('broken listener');
      });
      const heard = nextChange(hub, (c) => c.connectionId === id);
      await hub.put(update(id, { source: 'webhook' }));
      assert.equal((await heard).connectionId, id);
      stop();
    });

    it('forgets an entry after its TTL', async () => {
      const hub = await open({ ttlMs: 400 });
      assert.equal(hub.ttlMs, 400);
      const id = freshId();
      const start = Date.now();
      await hub.put(update(id));
      assert.equal((await hub.get('github', id))?.status, 'valid');
      const deadline = start + 5000;
      while ((await hub.get('github', id)) !== undefined) {
        assert.ok(Date.now() < deadline, 'the entry was still there 5 s after a 400 ms TTL');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(Date.now() - start >= 390, `gone after ${Date.now() - start} ms, before its 400 ms TTL`);
    });
  });
}
