/**
 * Two app instances (each its own HTTP server, Nango client and Redis hub) behind one real
 * redis-server and one fake Nango: what one learns, the other answers and streams.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Nango } from '@nangohq/node';
import { authWebhookBody, webhookHeaders } from '../../demo/server/nango-webhooks.js';
import {
  createConnectionStatusHandler,
  createRedisHub,
  createStatusEventsHandler,
  createWebhookHandler,
  toNodeHandler,
  type ConnectionRef,
} from '../../src/server/index.js';
import { countingHub, eventually, openStream } from './events-helpers.js';
import { connectionCalls, SECRET_KEY, startFakeNango, type Setup } from './helpers.js';
import { startRedis, type RedisServer } from './redis-server.js';

const USERS: Record<string, ConnectionRef> = {
  ada: { integrationId: 'github', connectionId: 'conn-valid', endUser: { id: 'ada' }, displayName: 'GitHub' },
  bob: { integrationId: 'github', connectionId: 'conn-bob', endUser: { id: 'bob' }, displayName: 'GitHub' },
};
const resolve = (request: Request) => USERS[/session=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? ''] ?? null;

async function startInstance(nangoUrl: string, redisUrl: string) {
  const hub = countingHub(createRedisHub({ url: redisUrl }));
  await hub.ready;
  const nango = new Nango({ secretKey: SECRET_KEY, host: nangoUrl });
  const routes: Record<string, ReturnType<typeof toNodeHandler>> = {
    '/status': toNodeHandler(createConnectionStatusHandler({ nango, resolve, hub })),
    '/events': toNodeHandler(createStatusEventsHandler({ resolve, hub })),
    '/webhook': toNodeHandler(createWebhookHandler({ nango, hub })),
  };
  const server = http.createServer((req, res) => routes[req.url ?? '']!(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    hub,
    status: async (user: string) => ((await (await fetch(`${base}/status`, { headers: { cookie: `session=${user}` } })).json()) as { status: string }).status,
    open: (user: string) => openStream(`${base}/events`, { headers: { cookie: `session=${user}` } }),
    webhook: (body: string) => fetch(`${base}/webhook`, { method: 'POST', headers: webhookHeaders(body, SECRET_KEY), body }).then((r) => r.status),
    close: async () => {
      await new Promise<void>((done) => (server.close(() => done()), server.closeAllConnections()));
      await hub.close();
    },
  };
}

describe('two app instances through a real Redis', () => {
  let redis: RedisServer;
  let setup: Setup;
  let a: Awaited<ReturnType<typeof startInstance>>;
  let b: Awaited<ReturnType<typeof startInstance>>;
  before(async () => {
    redis = await startRedis();
    setup = await startFakeNango();
    setup.fake.addConnection({ connectionId: 'conn-bob', integrationId: 'github', provider: 'github', authMode: 'OAUTH2' });
    a = await startInstance(setup.url, redis.url);
    b = await startInstance(setup.url, redis.url);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await setup?.close();
    await redis?.stop();
  });
  beforeEach(() => {
    setup.fake.healConnection('conn-valid');
    setup.fake.clearRequests();
  });

  it('50 checks of a healthy connection, alternating between the instances, cost 1 Nango read', async () => {
    for (let i = 0; i < 50; i++) assert.equal(await (i % 2 ? b : a).status('ada'), 'valid');
    const calls = connectionCalls(setup);
    assert.ok(calls.length <= 2, `${calls.length} Nango reads`);
    assert.equal(calls.length, 1);
  });

  it("a signed failure webhook on one instance reaches the user's stream on the other within 2 s, and nobody else's; a success flips it back", async () => {
    const ada = await b.open('ada');
    const bob = await b.open('bob');
    await eventually(() => b.hub.listeners() === 2, () => `${b.hub.listeners()} listeners on B`);
    assert.equal(await a.status('ada'), 'valid');

    setup.fake.breakConnection('conn-valid', 'expired');
    const started = Date.now();
    const body = authWebhookBody({ connectionId: 'conn-valid', providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'refresh', success: false, endUser: { id: 'ada' } });
    assert.equal(await a.webhook(body), 200);
    assert.deepEqual(await ada.nextEvent(2000), { status: 'invalid', provider_config_key: 'github' });
    const latency = Date.now() - started;
    assert.equal(await b.status('ada'), 'invalid', 'the other instance never answers its cached valid');

    setup.fake.healConnection('conn-valid');
    assert.equal(await b.webhook(authWebhookBody({ connectionId: 'conn-valid', providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'override', success: true, endUser: { id: 'ada' } })), 200);
    assert.deepEqual(await ada.nextEvent(2000), { status: 'valid', provider_config_key: 'github' });
    assert.equal(await a.status('ada'), 'valid');
    assert.deepEqual(bob.events, [], "Bob's page heard nothing");
    ada.close();
    bob.close();
    await eventually(() => b.hub.listeners() === 0, () => `${b.hub.listeners()} listeners left on B`);
    assert.ok(latency < 2000, `${latency} ms`);
  });
});
