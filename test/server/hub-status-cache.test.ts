/**
 * The status handler with a hub: answers a healthy connection from it, reads Nango when it has
 * nothing (or after the TTL), writes back what Nango said, and never hides a failure.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { authWebhookBody, webhookHeaders } from '../../demo/server/nango-webhooks.js';
import {
  createConnectionStatusHandler,
  createInMemoryHub,
  createWebhookHandler,
  type ConnectionRef,
  type ConnectionStatusHub,
  type NangoConnectionReader,
} from '../../src/server/index.js';
import { throughHub, type CheckedStatus } from '../../src/server/hub/status-cache.js';
import { connectionCalls, request, SECRET_KEY, startFakeNango, type Setup } from './helpers.js';

describe('status handler with a hub', () => {
  let setup: Setup;
  before(async () => {
    setup = await startFakeNango();
    setup.fake.addConnection({ connectionId: 'conn-ada', integrationId: 'github', provider: 'github', authMode: 'OAUTH2', endUser: { id: 'ada', email: 'ada@example.com' } });
  });
  after(async () => {
    await setup.close();
  });
  beforeEach(() => {
    setup.fake.setFailure('none');
    setup.fake.healConnection('conn-valid');
    setup.fake.healConnection('conn-ada');
    setup.fake.clearRequests();
  });

  const byId: ConnectionRef = { connectionId: 'conn-valid', integrationId: 'github', displayName: 'GitHub' };
  const byEndUser: ConnectionRef = { endUser: { id: 'ada' }, integrationId: 'github', displayName: 'GitHub' };
  const reads = () => connectionCalls(setup).length;
  const statusOf = async (handler: (r: Request) => Promise<Response>) => ((await (await handler(request('/status'))).json()) as { status: string }).status;
  const refreshFailure = (connectionId: string) =>
    authWebhookBody({ connectionId, providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'refresh', success: false });
  const postWebhook = (hub: ConnectionStatusHub, body: string) =>
    createWebhookHandler({ nango: setup.nango, hub })(new Request('https://app.example.test/hook', { method: 'POST', headers: webhookHeaders(body, SECRET_KEY), body }));

  it('50 checks of a healthy connection cost 50 Nango reads without a hub, 1 with one (by id), 2 by end user', async () => {
    const without = createConnectionStatusHandler({ nango: setup.nango, resolve: () => byId });
    for (let i = 0; i < 50; i++) assert.equal(await statusOf(without), 'valid');
    assert.equal(reads(), 50);

    setup.fake.clearRequests();
    const hub = createInMemoryHub();
    const withHub = createConnectionStatusHandler({ nango: setup.nango, resolve: () => byId, hub });
    for (let i = 0; i < 50; i++) assert.equal(await statusOf(withHub), 'valid');
    assert.equal(reads(), 1);

    setup.fake.clearRequests();
    const endUserHub = createInMemoryHub();
    const byUser = createConnectionStatusHandler({ nango: setup.nango, resolve: () => byEndUser, hub: endUserHub });
    // At once, as 50 widgets of one page would: one lookup, one read.
    const answers = await Promise.all(Array.from({ length: 50 }, () => statusOf(byUser)));
    assert.deepEqual(new Set(answers), new Set(['valid']));
    assert.ok(reads() <= 2, `${reads()} Nango calls: ${JSON.stringify(connectionCalls(setup).map((c) => c.path))}`);
  });

  it('answers from the hub the same body Nango gave', async () => {
    const hub = createInMemoryHub();
    const handler = createConnectionStatusHandler({ nango: setup.nango, resolve: () => byId, hub });
    const first = await (await handler(request('/status'))).json();
    const second = await (await handler(request('/status'))).json();
    assert.deepEqual(second, first);
    assert.equal(reads(), 1);
  });

  it('reads Nango again once the entry expired', async () => {
    const hub = createInMemoryHub({ ttlMs: 300 });
    const handler = createConnectionStatusHandler({ nango: setup.nango, resolve: () => byId, hub });
    await statusOf(handler);
    await statusOf(handler);
    assert.equal(reads(), 1);
    const deadline = Date.now() + 5000;
    while ((await hub.get('github', 'conn-valid')) !== undefined) {
      assert.ok(Date.now() < deadline, 'entry outlived its TTL');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await statusOf(handler);
    assert.equal(reads(), 2);
  });

  it('never hides a refresh-failure webhook behind a cached valid', async () => {
    const hub = createInMemoryHub();
    const handler = createConnectionStatusHandler({ nango: setup.nango, resolve: () => byId, hub });
    assert.equal(await statusOf(handler), 'valid');
    setup.fake.breakConnection('conn-valid', 'expired');
    assert.equal((await postWebhook(hub, refreshFailure('conn-valid'))).status, 200);
    assert.equal(await statusOf(handler), 'invalid');
    // And while broken, every check asks Nango: a reconnect shows at once, webhook or not.
    setup.fake.healConnection('conn-valid');
    assert.equal(await statusOf(handler), 'valid');
  });

  it('a read that started before the failure webhook cannot write its valid over it', async () => {
    const hub = createInMemoryHub();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let answered!: () => void;
    const nangoAnswered = new Promise<void>((resolve) => (answered = resolve));
    // The real client; its answer is held back until the webhook has landed.
    const slow: NangoConnectionReader = {
      getConnection: async (key, id) => {
        const connection = await setup.nango.getConnection(key, id);
        answered();
        await gate;
        return connection;
      },
    };
    const handler = createConnectionStatusHandler({ nango: slow, resolve: () => byId, hub });
    const inFlight = statusOf(handler);
    await nangoAnswered;
    setup.fake.breakConnection('conn-valid', 'expired');
    await postWebhook(hub, refreshFailure('conn-valid'));
    release();
    assert.equal(await inFlight, 'valid', 'the read answers what Nango said when asked');
    assert.equal((await hub.get('github', 'conn-valid'))?.status, 'invalid', 'but its write-back lost to the newer webhook');
    assert.equal(await statusOf(handler), 'invalid');
  });

  it('still answers from Nango when the hub fails or hangs', async () => {
    const broken: ConnectionStatusHub = {
      ...createInMemoryHub(),
      get: () => Promise.reject(new Error('hub down')),
      put: () => new Promise(() => {}),
    };
    const handler = createConnectionStatusHandler({ nango: setup.nango, resolve: () => byId, hub: broken });
    assert.equal(await statusOf(handler), 'valid');
  });
});

describe('throughHub (the status handler\'s use of a hub), on its own', () => {
  it('answers a valid the hub got from a Nango read without reading again; an entry without provider or errors reads as null and []', async () => {
    const hub = createInMemoryHub();
    await hub.put({ connectionId: 'c1', providerConfigKey: 'github', status: 'valid', source: 'nango', at: Date.now(), scopes: { granted: ['repo'], override: undefined } });
    const reads: string[] = [];
    const check = throughHub(hub, 'github', undefined, async (id) => (reads.push(id), undefined));
    assert.deepEqual(await check('c1'), { status: 'valid', provider: null, errors: [], scopes: { granted: ['repo'], override: undefined } });
    assert.deepEqual(reads, []);
  });

  it('a connection Nango does not know is answered as such, and stored as disconnected (with the end user)', async () => {
    const hub = createInMemoryHub();
    const check = throughHub(hub, 'github', 'ada', async () => undefined);
    assert.equal(await check('gone'), undefined);
    const stored = await hub.get('github', 'gone');
    assert.deepEqual(
      { ...stored, at: typeof stored?.at },
      { connectionId: 'gone', providerConfigKey: 'github', status: 'disconnected', endUserId: 'ada', provider: undefined, errors: undefined, scopes: undefined, source: 'nango', at: 'number' },
    );
  });

  it('stores what a Nango read said, fields and all', async () => {
    const hub = createInMemoryHub();
    const read: CheckedStatus = { status: 'invalid', provider: 'github', errors: [{ type: 'auth' }] };
    const check = throughHub(hub, 'github', undefined, async () => read);
    assert.equal(await check('c2'), read);
    const stored = await hub.get('github', 'c2');
    assert.deepEqual([stored?.status, stored?.provider, stored?.errors, stored?.source], ['invalid', 'github', [{ type: 'auth' }], 'nango']);
  });
});
