/**
 * Issue 19.2 and 19.7: every per-process memory of the server half is bounded in size and in
 * time, failures included; "no connection" is remembered briefly; concurrent token requests
 * of one user share one session.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Nango } from '@nangohq/node';
import { BoundedMemory } from '../../src/server/bounded-memory.js';
import { CONNECTING_MS, MAX_DISPLAY_NAMES, MAX_REMEMBERED, NO_CONNECTION_CACHE_MS, stateOf } from '../../src/server/nango-calls.js';
import { SESSION_SHARE_MS } from '../../src/server/reconnect-token-handler.js';
import { createConnectionStatusHandler, createReconnectTokenHandler, type ConnectionRef } from '../../src/server/index.js';
import { readAnswer, request, SECRET_KEY, startFakeNango, type Setup } from './helpers.js';

const CONNECT: RequestInit = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"intent":"connect"}' };
const notFound = () => Promise.reject(Object.assign(new Error('404'), { response: { status: 404, data: { error: { code: 'not_found' } }, headers: {} } }));
/**
 * The attack sizes take a minute on a loaded machine: under StrykerJS (which runs this file for
 * every mutant it covers) they are skipped; BoundedMemory's own tests hold the bound there.
 */
const SLOW = process.env.STRYKER_MUTATOR_WORKER !== undefined && 'slow: skipped under StrykerJS';
const noSetup = { fake: { getSecret: () => undefined }, url: 'http://nango.invalid' } as unknown as Setup;

describe('BoundedMemory', () => {
  it('never holds more than maxEntries: the entry written longest ago goes first', () => {
    const memory = new BoundedMemory<number>(3, () => 0);
    for (let i = 0; i < 5; i++) memory.set(`k${i}`, i, 1000);
    assert.equal(memory.size, 3);
    assert.equal(memory.get('k0'), undefined);
    assert.equal(memory.get('k1'), undefined);
    assert.deepEqual([memory.get('k2'), memory.get('k3'), memory.get('k4')], [2, 3, 4]);
  });

  it('writing a key again makes it the newest (it is not the next to go)', () => {
    const memory = new BoundedMemory<number>(2, () => 0);
    memory.set('a', 1, 1000);
    memory.set('b', 2, 1000);
    memory.set('a', 3, 1000);
    memory.set('c', 4, 1000);
    assert.equal(memory.get('b'), undefined);
    assert.equal(memory.get('a'), 3);
    assert.equal(memory.get('c'), 4);
  });

  it('forgets an entry at its time, to the millisecond; reading does not extend it', () => {
    let now = 1000;
    const memory = new BoundedMemory<string>(10, () => now);
    memory.set('a', 'x', 100);
    now = 1099;
    assert.equal(memory.get('a'), 'x');
    now = 1100;
    assert.equal(memory.get('a'), undefined);
    assert.equal(memory.size, 0, 'an expired entry read is dropped');
  });

  it('drops expired entries at the front before evicting live ones', () => {
    let now = 0;
    const memory = new BoundedMemory<string>(3, () => now);
    memory.set('short', 's', 10);
    memory.set('long1', 'l1', 1000);
    memory.set('long2', 'l2', 1000);
    now = 20;
    memory.set('new', 'n', 1000);
    assert.equal(memory.size, 3);
    assert.equal(memory.get('long1'), 'l1', 'the expired entry made room, not the oldest live one');
    assert.equal(memory.get('long2'), 'l2');
    assert.equal(memory.get('new'), 'n');
  });

  it('drops entries expired at the front on every write, even when not full (exactly at their time)', () => {
    let now = 0;
    const memory = new BoundedMemory<string>(10, () => now);
    memory.set('a', 'x', 10);
    memory.set('b', 'y', 20);
    now = 10;
    memory.set('c', 'z', 1000);
    assert.equal(memory.size, 2, '"a" (until 10) is gone at 10; "b" stays');
    now = 20;
    memory.set('d', 'w', 1000);
    assert.equal(memory.size, 2, '"b" too, at 20');
  });

  it('stops dropping at the first live entry', () => {
    let now = 0;
    const memory = new BoundedMemory<string>(10, () => now);
    memory.set('live', 'l', 1000);
    memory.set('expiring', 'e', 10);
    now = 20;
    memory.set('new', 'n', 1000);
    assert.equal(memory.size, 3, 'an expired entry behind a live one stays until read or evicted');
    assert.equal(memory.get('live'), 'l');
  });

  it('deletes', () => {
    const memory = new BoundedMemory<number>(2);
    memory.set('a', 1, 1000);
    memory.delete('a');
    assert.equal(memory.get('a'), undefined);
    assert.equal(memory.size, 0);
  });

  it('uses the real clock by default', async () => {
    const memory = new BoundedMemory<number>(2);
    memory.set('a', 1, 30);
    assert.equal(memory.get('a'), 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(memory.get('a'), undefined);
  });
});

describe('the handlers\' memories stay bounded (issue 19.2)', () => {
  it('30,000 unknown integration ids: the display-name memory holds at most 1,000', { timeout: 120_000, skip: SLOW }, async () => {
    let asked = 0;
    const nango = {
      getConnection: notFound,
      getIntegration: () => (asked++, notFound()),
    };
    let n = 0;
    const handler = createConnectionStatusHandler({ nango, resolve: () => ({ connectionId: 'conn-1', integrationId: `unknown-${n++}` }) });
    for (let i = 0; i < 30_000; i++) await (await handler(request('/status'))).text();
    assert.equal(asked, 30_000);
    assert.ok(stateOf(nango).displayNames.size <= MAX_DISPLAY_NAMES, `${stateOf(nango).displayNames.size} display names remembered`);
    assert.equal(MAX_DISPLAY_NAMES, 1_000);
  });

  it('a failed display-name lookup is remembered for a minute (not asked on every check), then asked again', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    let asked = 0;
    const nango = { getConnection: notFound, getIntegration: () => (asked++, notFound()) };
    const handler = createConnectionStatusHandler({ nango, resolve: () => ({ connectionId: 'conn-1', integrationId: 'gh' }) });
    await (await handler(request('/status'))).text();
    t.mock.timers.tick(59_999);
    await (await handler(request('/status'))).text();
    assert.equal(asked, 1);
    t.mock.timers.tick(1);
    await (await handler(request('/status'))).text();
    assert.equal(asked, 2);
  });

  it('a failed lookup keeps the name it had; a success keeps it for displayNameCacheMs, never longer', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    let answer: () => Promise<{ data: { display_name: string } }> = async () => ({ data: { display_name: 'GitHub' } });
    let asked = 0;
    const nango = { getConnection: notFound, getIntegration: () => (asked++, answer()) };
    const handler = createConnectionStatusHandler({ nango, resolve: () => ({ connectionId: 'conn-1', integrationId: 'gh' }), displayNameCacheMs: 120_000 });
    const name = async () => (await readAnswer(await handler(request('/status')), noSetup)).body.display_name;
    assert.equal(await name(), 'GitHub');
    t.mock.timers.tick(119_999);
    assert.equal(await name(), 'GitHub');
    assert.equal(asked, 1, 'within displayNameCacheMs');
    t.mock.timers.tick(1);
    answer = notFound as never;
    assert.equal(await name(), 'GitHub', 'Nango failed: the name it had');
    assert.equal(asked, 2);
    t.mock.timers.tick(59_999);
    assert.equal(await name(), 'GitHub');
    assert.equal(asked, 2, 'the failure is retried after a minute, not sooner');
    t.mock.timers.tick(1);
    answer = async () => ({ data: { display_name: 'GitHub Enterprise' } });
    assert.equal(await name(), 'GitHub Enterprise');
    assert.equal(asked, 3);
  });

  it('a display-name cache shorter than a minute retries a failure after that, not after a minute', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    let asked = 0;
    const nango = { getConnection: notFound, getIntegration: () => (asked++, notFound()) };
    const handler = createConnectionStatusHandler({ nango, resolve: () => ({ connectionId: 'conn-1', integrationId: 'gh' }), displayNameCacheMs: 1_000 });
    await (await handler(request('/status'))).text();
    t.mock.timers.tick(1_000);
    await (await handler(request('/status'))).text();
    assert.equal(asked, 2);
  });

  it('12,000 users with a connection (each remembered a minute): the end-user memory holds at most 10,000', { timeout: 120_000, skip: SLOW }, async () => {
    const nango = {
      getConnection: async (integrationId: string, connectionId: string) => ({ connection_id: connectionId, provider_config_key: integrationId, errors: [] }),
      listConnections: async ({ userId }: { userId: string }) => ({
        connections: [{ connection_id: `conn-${userId}`, provider_config_key: 'gh', created: '2026-01-01T00:00:00.000Z', end_user: { id: userId } }],
      }),
    };
    let n = 0;
    const handler = createConnectionStatusHandler({ nango, resolve: () => ({ integrationId: 'gh', endUser: { id: `user-${n++}` }, displayName: 'GH' }) });
    for (let i = 0; i < 12_000; i++) await (await handler(request('/status'))).text();
    assert.ok(stateOf(nango).connectionIds.size <= MAX_REMEMBERED, `${stateOf(nango).connectionIds.size} users remembered`);
    assert.equal(MAX_REMEMBERED, 10_000);
  });
});

describe('load one user can cause (issue 19.7)', () => {
  let setup: Setup;
  let nango: Nango;
  before(async () => {
    setup = await startFakeNango();
  });
  after(() => setup.close());
  beforeEach(() => {
    nango = new Nango({ secretKey: SECRET_KEY, host: setup.url });
    setup.fake.setFailure('none');
    setup.fake.clearRequests();
  });
  const ada = (): ConnectionRef => ({ integrationId: 'github', endUser: { id: 'user-no-connection', email: 'ada@example.com' }, displayName: 'GitHub' });
  const calls = (path: string) => setup.fake.getRequests().filter((call) => call.path === path).length;

  it('20 concurrent token requests of one user with no connection make ONE connect session (one list call), all given its token', async () => {
    const handler = createReconnectTokenHandler({ nango, resolve: ada });
    const answers = await Promise.all(Array.from({ length: 20 }, async () => readAnswer(await handler(request('/token', CONNECT)), setup)));
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    assert.equal(new Set(answers.map((a) => a.body.sessionToken)).size, 1);
    assert.equal(calls('/connect/sessions'), 1);
    assert.equal(calls('/connections'), 1);
  });

  it('shares the session for 5 s after it was made, then makes a new one', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const handler = createReconnectTokenHandler({ nango, resolve: ada });
    const first = await readAnswer(await handler(request('/token', CONNECT)), setup);
    t.mock.timers.tick(SESSION_SHARE_MS - 1);
    const second = await readAnswer(await handler(request('/token', CONNECT)), setup);
    assert.equal(second.body.sessionToken, first.body.sessionToken);
    t.mock.timers.tick(1);
    const third = await readAnswer(await handler(request('/token', CONNECT)), setup);
    assert.notEqual(third.body.sessionToken, first.body.sessionToken);
    assert.equal(calls('/connect/sessions'), 2);
    assert.equal(SESSION_SHARE_MS, 5_000);
  });

  it('sessionShareMs sets the window; 0 shares only requests that arrive while one is being made', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const short = createReconnectTokenHandler({ nango, resolve: ada, sessionShareMs: 1_000 });
    const first = await readAnswer(await short(request('/token', CONNECT)), setup);
    t.mock.timers.tick(999);
    assert.equal((await readAnswer(await short(request('/token', CONNECT)), setup)).body.sessionToken, first.body.sessionToken);
    t.mock.timers.tick(1);
    assert.notEqual((await readAnswer(await short(request('/token', CONNECT)), setup)).body.sessionToken, first.body.sessionToken);

    const other = new Nango({ secretKey: SECRET_KEY, host: setup.url });
    const none = createReconnectTokenHandler({ nango: other, resolve: ada, sessionShareMs: 0 });
    const together = await Promise.all(Array.from({ length: 5 }, async () => readAnswer(await none(request('/token', CONNECT)), setup)));
    assert.equal(new Set(together.map((a) => a.body.sessionToken)).size, 1, 'concurrent: one session');
    const after = await readAnswer(await none(request('/token', CONNECT)), setup);
    assert.notEqual(after.body.sessionToken, together[0]!.body.sessionToken, 'once made, not kept');
  });

  it('never shares a session between users, connections or integrations', async () => {
    const refs: ConnectionRef[] = [
      { integrationId: 'github', endUser: { id: 'user-a' } },
      { integrationId: 'github', endUser: { id: 'user-b' } },
      { integrationId: 'linear-key', endUser: { id: 'user-a' } },
      { integrationId: 'github', connectionId: 'conn-valid' },
      { integrationId: 'github', connectionId: 'conn-expired' },
      { integrationId: 'github', connectionId: 'conn-valid', endUser: { id: 'user-a' } },
    ];
    const tokens = await Promise.all(
      refs.map(async (ref) => (await readAnswer(await createReconnectTokenHandler({ nango, resolve: () => ref })(request('/token', CONNECT)), setup)).body.sessionToken),
    );
    assert.equal(new Set(tokens).size, refs.length);
  });

  it('a failure is not kept: the next request asks Nango again', async () => {
    const handler = createReconnectTokenHandler({ nango, resolve: ada });
    setup.fake.setFailure('500');
    assert.equal((await handler(request('/token', CONNECT))).status, 502);
    setup.fake.setFailure('none');
    assert.equal((await handler(request('/token', CONNECT))).status, 200);
  });

  it('the request that started the shared session going away does not fail the others', async () => {
    const handler = createReconnectTokenHandler({ nango, resolve: ada });
    const gone = new AbortController();
    const first = handler(request('/token', { ...CONNECT, signal: gone.signal }));
    const second = handler(request('/token', CONNECT));
    gone.abort();
    assert.equal((await first).status, 499);
    const answer = await readAnswer(await second, setup);
    assert.equal(answer.status, 200, answer.text);
  });

  it('"no connection" is remembered for 5 s: checks of a user without one cost one list call, then ask again', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const handler = createConnectionStatusHandler({ nango, resolve: ada });
    for (let i = 0; i < 5; i++) assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'disconnected');
    assert.equal(calls('/connections'), 1);
    t.mock.timers.tick(NO_CONNECTION_CACHE_MS - 1);
    await (await handler(request('/status'))).text();
    assert.equal(calls('/connections'), 1);
    t.mock.timers.tick(1);
    await (await handler(request('/status'))).text();
    assert.equal(calls('/connections'), 2);
    assert.equal(NO_CONNECTION_CACHE_MS, 5_000);
  });

  it('"no connection" is never remembered longer than lookupCacheMs', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const handler = createConnectionStatusHandler({ nango, resolve: ada, lookupCacheMs: 1_000 });
    await (await handler(request('/status'))).text();
    t.mock.timers.tick(1_000);
    await (await handler(request('/status'))).text();
    assert.equal(calls('/connections'), 2);
  });

  it('after a connect session, the next check asks Nango (and finds the new connection) instead of remembering "none"', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const resolve = (): ConnectionRef => ({ integrationId: 'linear-key', endUser: { id: 'user-connecting' }, displayName: 'Linear' });
    const status = createConnectionStatusHandler({ nango, resolve });
    assert.equal((await readAnswer(await status(request('/status')), setup)).body.status, 'disconnected');
    const token = await readAnswer(await createReconnectTokenHandler({ nango, resolve })(request('/token', CONNECT)), setup);
    assert.equal(token.body.intent, 'connect');
    // The user connects in Connect UI (its API-key POST), at once.
    const auth = await fetch(`${setup.url}/api-auth/api-key/linear-key?connect_session_token=${token.body.sessionToken}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiKey: 'key' }),
    });
    assert.equal(auth.status, 200);
    const verified = await readAnswer(await status(request('/status')), setup);
    assert.equal(verified.body.status, 'valid', 'the verification check sees the new connection');
    // And while the session may still be used, "none" is not remembered.
    for (const id of setup.fake.connectionIds({ endUserId: 'user-connecting' })) setup.fake.deleteConnection(id);
    setup.fake.clearRequests();
    t.mock.timers.tick(60_000);
    await (await status(request('/status'))).text();
    await (await status(request('/status'))).text();
    assert.equal(calls('/connections'), 2);
    t.mock.timers.tick(CONNECTING_MS - 60_000);
    await (await status(request('/status'))).text();
    await (await status(request('/status'))).text();
    assert.equal(calls('/connections'), 3, 'after the session\'s life, "none" is remembered again');
  });
});
