/**
 * The server half's defences from the adversarial review (issue 9, items 2 and 7–13), each
 * tried the way an attacker would: raw sockets for headers `fetch` refuses to send, real
 * @nangohq/node against the fake Nango over HTTP.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Nango } from '@nangohq/node';
import {
  ConnectionStatusError,
  createConnectionStatusHandler,
  createReconnectTokenHandler,
  toNodeHandler,
  type ConnectionRef,
} from '../../src/server/index.js';
import { TOKEN_BODY_TIMEOUT_MS } from '../../src/server/request-guards.js';
import { assertError, closedPortUrl, connectionCalls, rawRequest, readAnswer, request, SECRET_KEY, startFakeNango, type Setup } from './helpers.js';

const JSON_POST: RequestInit = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"intent":"reconnect"}' };

async function serve(listener: http.RequestListener): Promise<{ port: number; url: string; close: () => Promise<void> }> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('server hardening', () => {
  let setup: Setup;
  before(async () => {
    setup = await startFakeNango();
  });
  after(async () => {
    await setup.close();
  });
  beforeEach(() => {
    setup.fake.setFailure('none');
    setup.fake.clearRequests();
  });

  describe('item 7: toNodeHandler never builds the URL from Host', () => {
    let app: Awaited<ReturnType<typeof serve>>;
    const seen: string[] = [];
    before(async () => {
      // Like the demo: resolve reads the integration from the path.
      const handler = toNodeHandler(async (request) => {
        seen.push(request.url);
        return new Response(new URL(request.url).pathname);
      });
      app = await serve((req, res) => {
        if (req.url === '/api/integrations/github/status') return handler(req, res);
        res.statusCode = 404;
        res.end();
      });
    });
    after(() => app.close());

    it('refuses a Host with a path in it (400), so request.url cannot show another path than the router matched', async () => {
      const answer = await rawRequest(app.port, 'GET /api/integrations/github/status HTTP/1.1\r\nHost: x/api/integrations/slack/status?\r\nConnection: close\r\n\r\n');
      assert.equal(answer.status, 400, answer.raw);
      assert.match(answer.raw, /"invalid_host"/);
      assert.ok(!seen.some((url) => url.includes('slack')), seen.join());
    });

    it('refuses a Host with userinfo (400)', async () => {
      const answer = await rawRequest(app.port, 'GET /api/integrations/github/status HTTP/1.1\r\nHost: evil.example@localhost\r\nConnection: close\r\n\r\n');
      assert.equal(answer.status, 400, answer.raw);
    });

    it('builds the URL from the configured origin and the raw path', async () => {
      const handler = toNodeHandler(async (request) => new Response(request.url), { origin: 'https://app.example.com' });
      const server = await serve((req, res) => handler(req, res));
      try {
        const answer = await rawRequest(server.port, 'GET //other.example/x?y=1 HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n');
        assert.equal(answer.status, 200, answer.raw);
        assert.ok(answer.raw.includes('\r\nhttps://app.example.com//other.example/x?y=1\r\n'), answer.raw);
      } finally {
        await server.close();
      }
    });
  });

  describe('item 8: nothing escapes the adapter', () => {
    it('answers TRACE with 405 and a malformed Host with 400, and never calls next', async () => {
      const nextCalls: unknown[] = [];
      const handler = toNodeHandler(async () => new Response('ok'));
      const server = await serve((req, res) => handler(req, res, (error) => nextCalls.push(error)));
      try {
        const trace = await rawRequest(server.port, 'TRACE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
        assert.equal(trace.status, 405, trace.raw);
        const badHost = await rawRequest(server.port, 'GET / HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n');
        assert.equal(badHost.status, 400, badHost.raw);
        assert.deepEqual(nextCalls, []);
        assert.ok(!trace.raw.includes('    at ') && !badHost.raw.includes('    at '));
      } finally {
        await server.close();
      }
    });
  });

  describe('item 9: headers are checked before the body is read', () => {
    it('refuses a form post with 415 while its body is still arriving, without resolving', { timeout: 5000 }, async () => {
      let resolved = 0;
      const handler = toNodeHandler(createReconnectTokenHandler({ nango: setup.nango, resolve: () => (resolved++, { connectionId: 'conn-valid', integrationId: 'github' }) }));
      const server = await serve((req, res) => handler(req, res));
      const socket = net.connect(server.port, '127.0.0.1');
      // A failing run must end, not keep the process alive.
      socket.unref();
      try {
        const answered = new Promise<string>((resolve) => {
          let raw = '';
          socket.setEncoding('utf8');
          socket.on('data', (chunk) => {
            raw += chunk;
            if (raw.includes('\r\n\r\n')) resolve(raw);
          });
        });
        // 1 MB announced, 1 byte sent: the answer must not wait for the rest.
        socket.write('POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\na');
        assert.match(await answered, /^HTTP\/1\.1 415/);
        assert.equal(resolved, 0);
      } finally {
        socket.destroy();
        await server.close();
      }
    });

    it('caps the token route body at 4 KiB (413) without a Content-Length to go by', async () => {
      const handler = createReconnectTokenHandler({ nango: setup.nango, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github' }) });
      const big = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`{"intent":"reconnect","pad":"${'x'.repeat(5000)}"}`));
          controller.close();
        },
      });
      const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big, duplex: 'half' } as RequestInit;
      assertError(await readAnswer(await handler(request('/token', init)), setup), 413, 'payload_too_large');
      assert.deepEqual(setup.fake.getRequests(), []);
    });

    it('gives up on a token body that trickles in (408 after bodyTimeoutMs), without calling Nango', { timeout: 10_000 }, async () => {
      // bodyTimeoutMs (default 5 s, TOKEN_BODY_TIMEOUT_MS) short here: the test must not wait real seconds.
      const handler = createReconnectTokenHandler({ nango: setup.nango, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github' }), bodyTimeoutMs: 400 });
      let timer: ReturnType<typeof setInterval> | undefined;
      const slow = new ReadableStream<Uint8Array>({
        start(controller) {
          timer = setInterval(() => controller.enqueue(new Uint8Array([0x20])), 50);
          timer.unref();
        },
        cancel() {
          clearInterval(timer);
        },
      });
      const started = Date.now();
      try {
        const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: slow, duplex: 'half' } as RequestInit;
        assertError(await readAnswer(await handler(request('/token', init)), setup), 408, 'request_timeout');
      } finally {
        clearInterval(timer);
      }
      const took = Date.now() - started;
      assert.ok(took >= 390 && took < 3000, `answered after ${took} ms, not after about 400`);
      assert.deepEqual(setup.fake.getRequests(), []);
      assert.equal(TOKEN_BODY_TIMEOUT_MS, 5000, 'the default');
    });

    it('the adapter bounds the time to read a body too (bodyTimeoutMs)', { timeout: 5000 }, async () => {
      const handler = toNodeHandler(async (request) => new Response(await request.text()), { bodyTimeoutMs: 200 });
      const server = await serve((req, res) => handler(req, res));
      const socket = net.connect(server.port, '127.0.0.1');
      socket.unref();
      try {
        const answered = new Promise<string>((resolve) => {
          let raw = '';
          socket.setEncoding('utf8');
          socket.on('data', (chunk) => (raw += chunk));
          socket.on('close', () => resolve(raw));
          socket.on('error', () => resolve(raw));
        });
        socket.write('POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{');
        assert.match(await answered, /^HTTP\/1\.1 408/);
      } finally {
        socket.destroy();
        await server.close();
      }
    });
  });

  describe('item 10: Nango calls follow their request', () => {
    it('does not call Nango for a request the client already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      let started = 0;
      const counting = { getConnection: (key: string, id: string) => (started++, setup.nango.getConnection(key, id)) };
      const handler = createConnectionStatusHandler({ nango: counting, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github', displayName: 'GitHub' }) });
      const response = await handler(new Request('https://app.example.test/status', { signal: controller.signal }));
      assert.equal(response.status, 499);
      // A call started in the background would have begun by now.
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(started, 0);
      const sessions = { createReconnectSession: () => (started++, Promise.reject(new Error('must not be called'))) };
      const token = createReconnectTokenHandler({ nango: sessions, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github' }) });
      const tokenAnswer = await token(new Request('https://app.example.test/token', { ...JSON_POST, signal: controller.signal }));
      assert.equal(tokenAnswer.status, 499);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(started, 0);
    });

    it('shares one Nango call among concurrent checks of one connection', async () => {
      const handler = createConnectionStatusHandler({ nango: setup.nango, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github', displayName: 'GitHub' }) });
      const answers = await Promise.all(Array.from({ length: 8 }, () => handler(request('/status'))));
      assert.deepEqual(answers.map((answer) => answer.status), Array(8).fill(200));
      assert.equal(connectionCalls(setup).length, 1);
    });

    it('after a timeout, a retry joins nothing stale and the next check asks again', { timeout: 5000 }, async () => {
      setup.fake.setFailure('hang');
      const handler = createConnectionStatusHandler({ nango: setup.nango, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github', displayName: 'GitHub' }), timeoutMs: 100 });
      const [a, b] = await Promise.all([handler(request('/status')), handler(request('/status'))]);
      assert.deepEqual([a.status, b.status], [504, 504]);
      assert.equal(connectionCalls(setup).length, 1, 'two concurrent checks, one Nango call');
      setup.fake.setFailure('none');
      assert.equal((await handler(request('/status'))).status, 200);
    });
  });

  describe('item 11: ids that could reach another connection', () => {
    for (const ref of [
      { connectionId: 'victim#alice', integrationId: 'github' },
      { connectionId: '../connections/conn-valid', integrationId: 'github' },
      { connectionId: 'conn-valid', integrationId: 'github?provider_config_key=x' },
      { integrationId: 'github', endUser: { id: 'ada/../bob' } },
      { connectionId: 'x'.repeat(256), integrationId: 'github' },
      // Issue 19.8: path segments URL parsing removes (`/connections/..` is `/`, `/connections/.` is the list route).
      { connectionId: '.', integrationId: 'github' },
      { connectionId: '..', integrationId: 'github' },
      { connectionId: 'conn-valid', integrationId: '..' },
      { integrationId: 'github', endUser: { id: '.' } },
      { integrationId: 'github', endUser: { id: '..' } },
    ] as ConnectionRef[]) {
      it(`refuses ${JSON.stringify(ref).slice(0, 70)} with 500 server_misconfigured, without calling Nango`, async () => {
        for (const handler of [
          createConnectionStatusHandler({ nango: setup.nango, resolve: () => ref }),
          createReconnectTokenHandler({ nango: setup.nango, resolve: () => ref }),
        ]) {
          const init = handler.name === 'connectionStatusHandler' ? {} : JSON_POST;
          assertError(await readAnswer(await handler(request('/x', init)), setup), 500, 'server_misconfigured');
        }
        assert.deepEqual(setup.fake.getRequests(), []);
      });
    }

    it('accepts ids with dots that are not just "." or ".." (".x", "...", "a..b")', async () => {
      for (const connectionId of ['.x', '...', 'a..b', 'x.']) {
        setup.fake.clearRequests();
        const handler = createConnectionStatusHandler({ nango: setup.nango, resolve: () => ({ connectionId, integrationId: 'github', displayName: 'GitHub' }) });
        assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'disconnected', connectionId);
        assert.equal(setup.fake.getRequests().length, 1, connectionId);
      }
    });

    it('ignores listed connections with the id "." or ".."', async () => {
      const nango = {
        getConnection: () => Promise.reject(new Error('must not be asked about "." or ".."')),
        listConnections: async () => ({
          connections: ['.', '..'].map((id) => ({ connection_id: id, provider_config_key: 'github', created: '2026-05-01T00:00:00.000Z', end_user: { id: 'ada' } })),
        }),
      };
      const handler = createConnectionStatusHandler({ nango, resolve: () => ({ integrationId: 'github', endUser: { id: 'ada' }, displayName: 'GitHub' }) });
      assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'disconnected');
    });

    it('accepts the characters real ids use (UUIDs, emails, colons)', async () => {
      const handler = createConnectionStatusHandler({ nango: setup.nango, resolve: () => ({ connectionId: 'ada+test@example.com:1=2', integrationId: 'github', displayName: 'GitHub' }) });
      assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'disconnected');
    });

    it('answers 502 when Nango answers about another connection than the one asked for', async () => {
      const nango = { getConnection: async () => ({ connection_id: 'someone-else', provider_config_key: 'github', errors: [] }) };
      const handler = createConnectionStatusHandler({ nango, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github' }) });
      assertError(await readAnswer(await handler(request('/status')), setup), 502, 'nango_error');
      const otherIntegration = { getConnection: async () => ({ connection_id: 'conn-valid', provider_config_key: 'slack', errors: [] }) };
      const second = createConnectionStatusHandler({ nango: otherIntegration, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github' }) });
      assertError(await readAnswer(await second(request('/status')), setup), 502, 'nango_error');
    });
  });

  describe('item 12: the token route refuses other sites', () => {
    const tokenHandler = (allowedOrigins?: string[]) =>
      createReconnectTokenHandler({ nango: setup.nango, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github' }), allowedOrigins });
    const post = (headers: Record<string, string>) => request('/token', { ...JSON_POST, headers: { 'Content-Type': 'application/json', ...headers } });

    it('answers 403 to Sec-Fetch-Site: cross-site, before resolving or calling Nango', async () => {
      assertError(await readAnswer(await tokenHandler()(post({ 'Sec-Fetch-Site': 'cross-site' })), setup), 403, 'cross_origin_request');
      assert.deepEqual(setup.fake.getRequests(), []);
    });

    it('answers 403 to an Origin that is not the request\'s own, or "null"', async () => {
      assertError(await readAnswer(await tokenHandler()(post({ Origin: 'https://evil.example' })), setup), 403, 'cross_origin_request');
      assertError(await readAnswer(await tokenHandler()(post({ Origin: 'null' })), setup), 403, 'cross_origin_request');
      assert.deepEqual(setup.fake.getRequests(), []);
    });

    it('accepts its own origin, same-site fetches, no Origin at all, and listed origins', async () => {
      assert.equal((await tokenHandler()(post({ Origin: 'https://app.example.test', 'Sec-Fetch-Site': 'same-origin' }))).status, 200);
      assert.equal((await tokenHandler()(post({ 'Sec-Fetch-Site': 'same-site' }))).status, 200);
      assert.equal((await tokenHandler()(post({}))).status, 200);
      const listed = tokenHandler(['https://admin.example.com/']);
      assert.equal((await listed(post({ Origin: 'https://admin.example.com', 'Sec-Fetch-Site': 'cross-site' }))).status, 200);
    });

    it('issue 19.9: without the origin option, the placeholder http://localhost is not the request\'s own origin — Host is', async () => {
      const handler = toNodeHandler(tokenHandler());
      const server = await serve((req, res) => handler(req, res));
      try {
        // A page on the user's own machine (http://localhost) posting to an app on another host, no Sec-Fetch-Site.
        for (const origin of ['http://localhost', 'http://localhost:80']) {
          const raw = await rawRequest(
            server.port,
            `POST /token HTTP/1.1\r\nHost: app.example.test\r\nOrigin: ${origin}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
          );
          assert.equal(raw.status, 403, `${origin}: ${raw.raw.slice(0, 200)}`);
        }
        const own = await rawRequest(
          server.port,
          'POST /token HTTP/1.1\r\nHost: app.example.test\r\nOrigin: https://app.example.test\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
        );
        assert.equal(own.status, 200, own.raw.slice(0, 300));
        // When the app is really served on http://localhost, its Host says so, and it is accepted.
        const local = await rawRequest(
          server.port,
          'POST /token HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
        );
        assert.equal(local.status, 200, local.raw.slice(0, 300));
      } finally {
        await server.close();
      }
    });

    it('with the origin option, that origin is the request\'s own', async () => {
      const handler = toNodeHandler(tokenHandler(), { origin: 'https://app.example.com' });
      const server = await serve((req, res) => handler(req, res));
      try {
        const raw = await rawRequest(
          server.port,
          'POST /token HTTP/1.1\r\nHost: internal:8080\r\nOrigin: https://app.example.com\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
        );
        assert.equal(raw.status, 200, raw.raw.slice(0, 300));
      } finally {
        await server.close();
      }
    });

    it('through toNodeHandler, the Host the browser sent is the request\'s own origin', async () => {
      const handler = toNodeHandler(tokenHandler());
      const server = await serve((req, res) => handler(req, res));
      try {
        const own = await fetch(server.url, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.url }, body: '{}' });
        assert.equal(own.status, 200, await own.text());
        const other = await fetch(server.url, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:1' }, body: '{}' });
        assert.equal(other.status, 403);
        await other.body?.cancel();
      } finally {
        await server.close();
      }
    });
  });

  describe('item 13: onError never sees the secret key', () => {
    it('hands onError a ConnectionStatusError with status, code and a redacted cause, at every call site', { timeout: 10_000 }, async () => {
      const reported: ConnectionStatusError[] = [];
      const onError = (error: ConnectionStatusError) => reported.push(error);
      const unreachable = new Nango({ secretKey: SECRET_KEY, host: await closedPortUrl() });
      const wrongKey = '0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b';
      const refused = new Nango({ secretKey: wrongKey, host: setup.url });
      const byId = (connectionId: string) => () => ({ connectionId, integrationId: 'github', displayName: 'GitHub' });
      const cases: Array<[string, () => Promise<Response>]> = [
        ['status 500', async () => (setup.fake.setFailure('500'), createConnectionStatusHandler({ nango: setup.nango, resolve: byId('conn-valid'), onError })(request('/s')))],
        // A fresh client: a session made for the same resolve answer moments ago would be shared.
        ['token 500', async () => createReconnectTokenHandler({ nango: new Nango({ secretKey: SECRET_KEY, host: setup.url }), resolve: byId('conn-valid'), onError })(request('/t', JSON_POST))],
        ['status unreachable', async () => (setup.fake.setFailure('none'), createConnectionStatusHandler({ nango: unreachable, resolve: byId('conn-valid'), onError })(request('/s')))],
        ['token unreachable', async () => createReconnectTokenHandler({ nango: unreachable, resolve: byId('conn-valid'), onError })(request('/t', JSON_POST))],
        ['status wrong key', async () => createConnectionStatusHandler({ nango: refused, resolve: byId('conn-valid'), onError })(request('/s'))],
        ['token wrong key', async () => createReconnectTokenHandler({ nango: refused, resolve: byId('conn-valid'), onError })(request('/t', JSON_POST))],
        ['status unknown integration', async () => createConnectionStatusHandler({ nango: setup.nango, resolve: () => ({ connectionId: 'x', integrationId: 'nope', displayName: 'N' }), onError })(request('/s'))],
        ['token not connectable', async () => createReconnectTokenHandler({ nango: setup.nango, resolve: byId('conn-nope'), onError })(request('/t', JSON_POST))],
      ];
      for (const [label, run] of cases) {
        const before = reported.length;
        const response = await run();
        await response.body?.cancel();
        assert.ok(reported.length > before, `${label}: onError was called`);
      }
      setup.fake.setFailure('none');
      for (const error of reported) {
        assert.ok(error instanceof ConnectionStatusError);
        assert.equal(typeof error.status, 'number');
        assert.match(error.code, /^[a-z_]+$/);
        const text = inspect(error, { depth: Infinity, showHidden: true });
        for (const secret of [SECRET_KEY, wrongKey]) assert.ok(!text.includes(secret), `${error.code}: the secret key is in util.inspect(error)`);
        assert.ok(!JSON.stringify(error).includes(SECRET_KEY));
      }
      const wrong = reported.find((error) => error.nangoStatus === 401);
      assert.ok(wrong, 'Nango\'s 401 is reported with its status');
      assert.equal(wrong.code, 'server_misconfigured');
      assert.equal(wrong.nangoCode, 'unknown_account');
    });
  });

  describe('item 14: the @nangohq/node peer range', () => {
    it('has an upper bound and holds the version the tests run against', async () => {
      const { readFile } = await import('node:fs/promises');
      const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
      const installed = JSON.parse(await readFile(new URL('../../node_modules/@nangohq/node/package.json', import.meta.url), 'utf8')).version as string;
      const match = /^>=(\d+)\.(\d+)\.(\d+) <(\d+)\.(\d+)\.(\d+)$/.exec(pkg.peerDependencies['@nangohq/node']);
      assert.ok(match, `a bounded range, not ${pkg.peerDependencies['@nangohq/node']}`);
      const toNumber = (parts: string[]) => parts.reduce((sum, part) => sum * 1000 + Number(part), 0);
      const version = toNumber(installed.split('.'));
      assert.ok(version >= toNumber(match.slice(1, 4)) && version < toNumber(match.slice(4, 7)), `${installed} is in the range`);
    });
  });

  describe('item 2: the Retry-After passed on is at least 1 s', () => {
    for (const [header, expected] of [
      ['0', '1'],
      ['Thu, 01 Jan 1970 00:00:00 GMT', '1'],
      ['7', '7'],
      ['99999999', '3600'],
    ] as const) {
      it(`Nango's Retry-After: ${header} → ${expected}`, async () => {
        const error = Object.assign(new Error('429'), { response: { status: 429, data: {}, headers: { 'retry-after': header } } });
        const handler = createConnectionStatusHandler({ nango: { getConnection: () => Promise.reject(error) }, resolve: () => ({ connectionId: 'c', integrationId: 'github' }) });
        const answer = await readAnswer(await handler(request('/status')), setup);
        assertError(answer, 503, 'nango_busy');
        assert.equal(answer.headers.get('retry-after'), expected);
      });
    }
  });
});
