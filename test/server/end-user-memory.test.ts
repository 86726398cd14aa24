/**
 * The end-user memory and its timing, to the millisecond (issue 19: survivors sat in what is
 * forgotten after a 404 and in what extends a cache period). Small stand-in clients count the
 * Nango calls; the clock is node:test's mock Date.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { stateOf } from '../../src/server/nango-calls.js';
import { createConnectionStatusHandler, createReconnectTokenHandler, type ConnectionRef } from '../../src/server/index.js';
import { request } from './helpers.js';

const notFound = () => Object.assign(new Error('404'), { response: { status: 404, data: { error: { code: 'not_found' } }, headers: {} } });

/** A client whose connections (by id) and listed connections (per end user) the test sets. */
function client(options: { known?: string[]; listed?: Record<string, string[]> } = {}) {
  const known = new Set(options.known ?? []);
  const listed = options.listed ?? {};
  const calls: string[] = [];
  const nango = {
    calls,
    known,
    listed,
    getConnection: async (integrationId: string, connectionId: string) => {
      calls.push(`get ${connectionId}`);
      if (!known.has(connectionId)) throw notFound();
      return { connection_id: connectionId, provider_config_key: integrationId, errors: [] };
    },
    listConnections: async ({ userId, integrationId }: { userId: string; integrationId: string }) => {
      calls.push(`list ${userId}`);
      return {
        connections: (listed[userId] ?? []).map((id, i) => ({
          connection_id: id,
          provider_config_key: integrationId,
          created: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
          end_user: { id: userId },
        })),
      };
    },
    createReconnectSession: async ({ connection_id }: { connection_id: string }) => {
      calls.push(`reconnect ${connection_id}`);
      if (!known.has(connection_id)) throw Object.assign(new Error('400'), { response: { status: 400, data: { error: { code: 'invalid_body' } }, headers: {} } });
      return { data: { token: `tok-${connection_id}`, expires_at: new Date(Date.now() + 60_000).toISOString() } };
    },
    createConnectSession: async () => {
      calls.push('connect');
      return { data: { token: 'tok-new', expires_at: new Date(Date.now() + 60_000).toISOString() } };
    },
  };
  return nango;
}

const ada = (extra: Partial<ConnectionRef> = {}) => () => ({ integrationId: 'gh', endUser: { id: 'ada' }, displayName: 'GH', ...extra }) as ConnectionRef;
const check = async (handler: (request: Request) => Promise<Response>) => (await (await handler(request('/status'))).json()) as { status: string; connection_id?: string };
const clock = (t: TestContext) => t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });

describe('the end-user memory', () => {
  it('remembers the id for exactly lookupCacheMs from the lookup', async (t) => {
    clock(t);
    const nango = client({ known: ['c1'], listed: { ada: ['c1'] } });
    const status = createConnectionStatusHandler({ nango, resolve: ada(), lookupCacheMs: 1_000 });
    await check(status);
    t.mock.timers.tick(999);
    await check(status);
    assert.deepEqual(nango.calls, ['list ada', 'get c1', 'get c1']);
    t.mock.timers.tick(1);
    await check(status);
    assert.deepEqual(nango.calls.slice(3), ['list ada', 'get c1']);
  });

  it('using the remembered id does not extend it', async (t) => {
    clock(t);
    const nango = client({ known: ['c1'], listed: { ada: ['c1'] } });
    const status = createConnectionStatusHandler({ nango, resolve: ada(), lookupCacheMs: 1_000 });
    await check(status);
    for (let i = 0; i < 3; i++) {
      t.mock.timers.tick(300);
      await check(status);
    }
    assert.equal(nango.calls.filter((call) => call.startsWith('list')).length, 1);
    t.mock.timers.tick(100);
    await check(status);
    assert.equal(nango.calls.filter((call) => call.startsWith('list')).length, 2, 'at 1,000 ms from the lookup, whatever used it since');
  });

  it('the default is a minute', async (t) => {
    clock(t);
    const nango = client({ known: ['c1'], listed: { ada: ['c1'] } });
    const status = createConnectionStatusHandler({ nango, resolve: ada() });
    await check(status);
    t.mock.timers.tick(59_999);
    await check(status);
    assert.equal(nango.calls.filter((call) => call.startsWith('list')).length, 1);
    t.mock.timers.tick(1);
    await check(status);
    assert.equal(nango.calls.filter((call) => call.startsWith('list')).length, 2);
  });

  it("resolve's own id is never remembered for the end user (only ids found by a lookup)", async () => {
    const nango = client({ known: ['c-own'], listed: { ada: ['c-listed'] } });
    const status = createConnectionStatusHandler({ nango, resolve: ada({ connectionId: 'c-own' }) });
    assert.equal((await check(status)).connection_id, 'c-own');
    assert.equal(stateOf(nango).connectionIds.size, 0);
    assert.deepEqual(nango.calls, ['get c-own']);
  });

  it("a 404 for resolve's id forgets nothing else: the remembered id is used without a lookup", async () => {
    const nango = client({ known: ['c-ada'], listed: { ada: ['c-ada'] } });
    await check(createConnectionStatusHandler({ nango, resolve: ada() }));
    nango.calls.length = 0;
    const answer = await check(createConnectionStatusHandler({ nango, resolve: ada({ connectionId: 'c-gone' }) }));
    assert.equal(answer.connection_id, 'c-ada');
    assert.deepEqual(nango.calls, ['get c-gone', 'get c-ada']);
    nango.calls.length = 0;
    await check(createConnectionStatusHandler({ nango, resolve: ada() }));
    assert.deepEqual(nango.calls, ['get c-ada'], 'still remembered');
  });

  it('a 404 for the remembered id forgets it and looks again, once', async () => {
    const nango = client({ known: ['c-1'], listed: { ada: ['c-1'] } });
    const status = createConnectionStatusHandler({ nango, resolve: ada() });
    await check(status);
    nango.known.delete('c-1');
    nango.known.add('c-2');
    nango.listed.ada = ['c-2'];
    nango.calls.length = 0;
    assert.equal((await check(status)).connection_id, 'c-2');
    assert.deepEqual(nango.calls, ['get c-1', 'list ada', 'get c-2']);
    nango.calls.length = 0;
    await check(status);
    assert.deepEqual(nango.calls, ['get c-2'], 'the new id is remembered');
  });

  it('a lookup that finds an id Nango then does not know: disconnected, one lookup only (no loop)', async () => {
    const nango = client({ known: [], listed: { ada: ['c-ghost'] } });
    const status = createConnectionStatusHandler({ nango, resolve: ada() });
    assert.equal((await check(status)).status, 'disconnected');
    assert.deepEqual(nango.calls, ['list ada', 'get c-ghost']);
    assert.equal(stateOf(nango).connectionIds.get('gh\u0000ada'), undefined, 'the ghost is forgotten');
  });

  it('the remembered id is per integration and per end user', async () => {
    const nango = client({ known: ['c-ada', 'c-bob'], listed: { ada: ['c-ada'], bob: ['c-bob'] } });
    await check(createConnectionStatusHandler({ nango, resolve: ada() }));
    const bob = await check(createConnectionStatusHandler({ nango, resolve: () => ({ integrationId: 'gh', endUser: { id: 'bob' }, displayName: 'GH' }) }));
    assert.equal(bob.connection_id, 'c-bob');
    const other = await check(createConnectionStatusHandler({ nango, resolve: () => ({ integrationId: 'other', endUser: { id: 'ada' }, displayName: 'O' }) }));
    assert.equal(other.connection_id, 'c-ada');
    assert.equal(nango.calls.filter((call) => call.startsWith('list')).length, 3);
  });

  it('the token handler uses and keeps the same memory: a remembered id is reconnected without a lookup', async () => {
    const nango = client({ known: ['c-ada'], listed: { ada: ['c-ada'] } });
    await check(createConnectionStatusHandler({ nango, resolve: ada() }));
    nango.calls.length = 0;
    const response = await createReconnectTokenHandler({ nango, resolve: ada() })(
      request('/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
    );
    assert.equal(((await response.json()) as { intent: string }).intent, 'reconnect');
    assert.deepEqual(nango.calls, ['reconnect c-ada']);
  });

  it('a remembered id Nango refuses to reconnect (gone) is forgotten; the lookup finds none: a connect session', async () => {
    const nango = client({ known: ['c-ada'], listed: { ada: ['c-ada'] } });
    await check(createConnectionStatusHandler({ nango, resolve: ada() }));
    nango.known.delete('c-ada');
    nango.listed.ada = [];
    nango.calls.length = 0;
    const response = await createReconnectTokenHandler({ nango, resolve: ada() })(
      request('/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
    );
    assert.equal(((await response.json()) as { intent: string }).intent, 'connect');
    assert.deepEqual(nango.calls, ['reconnect c-ada', 'get c-ada', 'list ada', 'connect']);
  });
});
