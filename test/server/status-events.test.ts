/**
 * createStatusEventsHandler over real HTTP (toNodeHandler, node:http): only the signed-in user's
 * news, heartbeats, limits, and nothing left behind when clients go away.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { authWebhookBody, webhookHeaders } from '../../demo/server/nango-webhooks.js';
import {
  createInMemoryHub,
  createStatusEventsHandler,
  createWebhookHandler,
  toNodeHandler,
  type ConnectionRef,
  type StatusEventsHandlerOptions,
} from '../../src/server/index.js';
import { countingHub, eventually, openStream } from './events-helpers.js';

const SECRET = '5f0c1d2e-7a3b-4c4d-9e5f-0a1b2c3d4e5f';
/** Who is signed in, by cookie: Ada by end user, Bob by connection id, Cy with no cookie match. */
const USERS: Record<string, ConnectionRef> = {
  ada: { integrationId: 'github', endUser: { id: 'ada' } },
  bob: { integrationId: 'github', connectionId: 'conn-bob' },
};
const resolve = (request: Request) => USERS[/session=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? ''] ?? null;

async function startApp(options: Partial<StatusEventsHandlerOptions> = {}) {
  const hub = countingHub(createInMemoryHub());
  const events = toNodeHandler(createStatusEventsHandler({ resolve, hub, ...options }));
  const webhook = toNodeHandler(createWebhookHandler({ nango: { secretKey: SECRET }, hub }));
  const server = http.createServer((req, res) => (req.url === '/events' ? events(req, res) : webhook(req, res)));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    hub,
    base,
    open: (user: string) => openStream(`${base}/events`, { headers: { cookie: `session=${user}`, accept: 'text/event-stream' } }),
    webhook: (body: string) => fetch(`${base}/webhook`, { method: 'POST', headers: webhookHeaders(body, SECRET), body }).then((r) => r.status),
    close: () => new Promise<void>((done) => (server.close(() => done()), server.closeAllConnections())),
  };
}

const failure = (connectionId: string, endUser?: { id: string }) =>
  authWebhookBody({ connectionId, providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'refresh', success: false, endUser });
const reconnected = (connectionId: string, endUser?: { id: string }) =>
  authWebhookBody({ connectionId, providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'override', success: true, endUser });

describe('createStatusEventsHandler', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app.close();
  });

  it('answers 401 JSON and opens no stream for a signed-out user; 405 to other methods', async () => {
    const response = await fetch(`${app.base}/events`);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthorized');
    assert.equal(app.hub.listeners(), 0);
    assert.equal((await fetch(`${app.base}/events`, { method: 'POST', headers: { cookie: 'session=ada' } })).status, 405);
  });

  it("streams the user's own news at once, and not another user's", async () => {
    const ada = await app.open('ada');
    const bob = await app.open('bob');
    assert.equal(ada.response.status, 200);
    assert.match(ada.response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(ada.response.headers.get('cache-control'), 'no-store');
    await eventually(() => app.hub.listeners() === 2, () => `${app.hub.listeners()} listeners, expected 2`);

    // Ada's connection (found by her end user id): Ada hears it, Bob does not.
    const started = Date.now();
    assert.equal(await app.webhook(failure('conn-ada-1', { id: 'ada' })), 200);
    assert.deepEqual(await ada.nextEvent(), { status: 'invalid', provider_config_key: 'github' });
    const latency = Date.now() - started;
    assert.ok(latency < 2000, `took ${latency} ms`);
    // Bob's connection id: only Bob hears. Another integration, or Ada's id in another integration: nobody.
    await app.webhook(authWebhookBody({ connectionId: 'conn-bob', providerConfigKey: 'slack', provider: 'slack', authMode: 'OAUTH2', operation: 'refresh', success: false, endUser: { id: 'ada' } }));
    await app.webhook(reconnected('conn-bob'));
    assert.deepEqual(await bob.nextEvent(), { status: 'valid', provider_config_key: 'github' });
    assert.deepEqual(bob.events, [{ status: 'valid', provider_config_key: 'github' }], 'Bob heard only his own news');
    assert.deepEqual(ada.events, [{ status: 'invalid', provider_config_key: 'github' }], "Ada heard only hers: not Bob's, not another integration's");
    ada.close();
    bob.close();
    await eventually(() => app.hub.listeners() === 0, () => `${app.hub.listeners()} listeners left after both clients left`);
  });

  it("with a resolve that answers all the user's connections, one stream hears each of them and nobody else's", async () => {
    const multi = await startApp({
      resolve: (request) =>
        /session=ada/.test(request.headers.get('cookie') ?? '')
          ? [
              { integrationId: 'github', endUser: { id: 'ada' } },
              { integrationId: 'slack', endUser: { id: 'ada' } },
            ]
          : null,
    });
    try {
      const ada = await multi.open('ada');
      await eventually(() => multi.hub.listeners() === 1, () => `${multi.hub.listeners()} listeners`);
      await multi.webhook(failure('conn-ada-gh', { id: 'ada' }));
      assert.deepEqual(await ada.nextEvent(), { status: 'invalid', provider_config_key: 'github' });
      await multi.webhook(authWebhookBody({ connectionId: 'conn-ada-sl', providerConfigKey: 'slack', provider: 'slack', authMode: 'OAUTH2', operation: 'refresh', success: false, endUser: { id: 'ada' } }));
      assert.deepEqual(await ada.nextEvent(), { status: 'invalid', provider_config_key: 'slack' });
      await multi.webhook(failure('conn-bob-gh', { id: 'bob' }));
      await multi.webhook(reconnected('conn-ada-gh', { id: 'ada' }));
      assert.deepEqual(await ada.nextEvent(), { status: 'valid', provider_config_key: 'github' });
      assert.equal(ada.events.length, 3, `Bob's news reached Ada: ${JSON.stringify(ada.events)}`);
      ada.close();
      assert.equal((await fetch(`${multi.base}/events`)).status, 401);
    } finally {
      await multi.close();
    }
  });

  it('leaves no listener behind after 1,000 streams opened and dropped by their clients', async () => {
    // Under StrykerJS 4 rounds of 25 (a leak of one listener per stream shows as well; the
    // attack-sized count would cost 2 s for every mutant of the events handler).
    const [rounds, perRound] = process.env.STRYKER_MUTATOR_WORKER === undefined ? [10, 100] : [4, 25];
    for (let round = 0; round < rounds; round++) {
      const streams = await Promise.all(Array.from({ length: perRound }, () => app.open(round % 2 ? 'ada' : 'bob')));
      assert.ok(streams.every((s) => s.response.status === 200));
      for (const stream of streams) stream.close();
    }
    await eventually(() => app.hub.listeners() === 0, () => `${app.hub.listeners()} listeners leaked after 1,000 streams`, 15_000);
    // The per-process count went back down too: a stream is still accepted.
    const again = await app.open('ada');
    assert.equal(again.response.status, 200);
    again.close();
    await eventually(() => app.hub.listeners() === 0, () => `${app.hub.listeners()} listeners left`);
  });
});

describe('createStatusEventsHandler and createWebhookHandler without a hub', () => {
  it('meet through the process-wide in-memory hub', async () => {
    const events = createStatusEventsHandler({ resolve });
    const webhook = createWebhookHandler({ nango: { secretKey: SECRET } });
    const controller = new AbortController();
    const response = await events(new Request('https://app.example.test/events', { headers: { cookie: 'session=bob' }, signal: controller.signal }));
    assert.equal(response.status, 200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    assert.equal((await reader.read()).value, ': connected\n\n');
    const body = reconnected('conn-bob');
    assert.equal((await webhook(new Request('https://app.example.test/hook', { method: 'POST', headers: webhookHeaders(body, SECRET), body }))).status, 200);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = await Promise.race([reader.read(), new Promise<{ value: string }>((resolve) => (timer = setTimeout(() => resolve({ value: 'nothing within 2 s' }), 2000)))]);
    clearTimeout(timer);
    assert.equal(next.value, 'event: status\ndata: {"status":"valid","provider_config_key":"github"}\n\n');
    controller.abort();
    await reader.cancel();
  });
});

describe('createStatusEventsHandler limits', () => {
  it('sends heartbeat comments, and ends a stream after maxAgeMs with its listener gone', async () => {
    const app = await startApp({ heartbeatMs: 50, maxAgeMs: 400 });
    try {
      const stream = await app.open('ada');
      await eventually(() => stream.blocks.includes(': heartbeat'), () => `no heartbeat; blocks: ${JSON.stringify(stream.blocks)}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([stream.ended, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the stream outlived maxAgeMs by 5 s')), 5400)))]);
      clearTimeout(timer);
      await eventually(() => app.hub.listeners() === 0, () => `${app.hub.listeners()} listeners after the stream ended`);
    } finally {
      await app.close();
    }
  });

  it('answers 503 with Retry-After past maxStreams, and accepts again once one closed', async () => {
    const app = await startApp({ maxStreams: 2 });
    try {
      const a = await app.open('ada');
      const b = await app.open('bob');
      const refused = await fetch(`${app.base}/events`, { headers: { cookie: 'session=ada' } });
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '30');
      await refused.body?.cancel();
      a.close();
      await eventually(() => app.hub.listeners() === 1, () => `${app.hub.listeners()} listeners`);
      const c = await app.open('ada');
      assert.equal(c.response.status, 200);
      b.close();
      c.close();
    } finally {
      await app.close();
    }
  });
});

describe('toNodeHandler with a streamed Response', () => {
  it('sends each chunk as it is made (headers first), and cancels the body when the client leaves', async () => {
    let cancelled = false;
    let push!: (text: string) => void;
    // A handler that ignores request.signal: only the adapter can tell it the client left.
    const handler = toNodeHandler(async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          push = (text) => controller.enqueue(new TextEncoder().encode(text));
        },
        cancel() {
          cancelled = true;
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      // Headers arrive before any byte of the body was made.
      const stream = await openStream(url);
      assert.equal(stream.response.status, 200);
      push('event: status\ndata: {"status":"invalid"}\n\n');
      assert.deepEqual(await stream.nextEvent(2000), { status: 'invalid' });
      push('event: status\ndata: {"status":"valid"}\n\n');
      assert.deepEqual(await stream.nextEvent(2000), { status: 'valid' });
      stream.close();
      await eventually(() => cancelled, () => 'the body was never cancelled after the client left');
    } finally {
      await new Promise<void>((done) => (server.close(() => done()), server.closeAllConnections()));
    }
  });
});
