import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createConnectionStatusHandler, createReconnectTokenHandler, toNodeHandler } from '../../src/server/index.js';
import type { NodeHandler } from '../../src/server/index.js';
import { readAnswer, startFakeNango, type Setup } from './helpers.js';

async function serve(listener: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('toNodeHandler', () => {
  let setup: Setup;
  let app: { url: string; close: () => Promise<void> };
  before(async () => {
    setup = await startFakeNango();
    const resolve = (request: Request) =>
      request.headers.get('cookie') === 'session=ada' ? { connectionId: 'conn-valid', integrationId: 'github' } : null;
    const status = toNodeHandler(createConnectionStatusHandler({ nango: setup.nango, resolve }));
    const token = toNodeHandler(createReconnectTokenHandler({ nango: setup.nango, resolve }));
    app = await serve((req, res) => {
      if (req.url === '/api/status') return status(req, res);
      if (req.url === '/api/token') return token(req, res);
      res.statusCode = 404;
      res.end();
    });
  });
  after(async () => {
    await app.close();
    await setup.close();
  });

  it('serves the status handler through http.createServer', async () => {
    const answer = await readAnswer(await fetch(`${app.url}/api/status`, { headers: { cookie: 'session=ada' } }), setup);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'valid');
  });

  it('passes the cookie through to resolve (no cookie → 401)', async () => {
    const answer = await readAnswer(await fetch(`${app.url}/api/status`), setup);
    assert.equal(answer.status, 401);
  });

  it('answers HEAD without a body', async () => {
    const response = await fetch(`${app.url}/api/status`, { method: 'HEAD', headers: { cookie: 'session=ada' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(await response.text(), '');
  });

  it('serves the token handler for a POST with a JSON body, and 405 with Allow for GET', async () => {
    const answer = await readAnswer(
      await fetch(`${app.url}/api/token`, {
        method: 'POST',
        headers: { cookie: 'session=ada', 'Content-Type': 'application/json', 'X-Requested-With': 'nango-connection-status' },
        body: '{}',
      }),
      setup,
    );
    assert.equal(answer.status, 200, answer.text);
    assert.equal(setup.fake.getSession(answer.body.sessionToken)?.connectionId, 'conn-valid');
    const wrong = await fetch(`${app.url}/api/token`, { headers: { cookie: 'session=ada' } });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'POST');
    await wrong.body?.cancel();
  });

  it('rejects a form-encoded POST like a cross-site form would send', async () => {
    const response = await fetch(`${app.url}/api/token`, {
      method: 'POST',
      headers: { cookie: 'session=ada', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    assert.equal(response.status, 415);
    await response.body?.cancel();
  });
});

describe('toNodeHandler request and response mapping', () => {
  const seen: Request[] = [];
  const bodies: string[] = [];
  let app: { url: string; close: () => Promise<void> };
  let nextErrors: unknown[] = [];

  before(async () => {
    const echo = toNodeHandler(async (request) => {
      seen.push(request);
      bodies.push(await request.text());
      const headers = new Headers({ 'Content-Type': 'text/plain', 'X-Echo': request.headers.get('x-test') ?? '' });
      headers.append('Set-Cookie', 'a=1; Path=/');
      headers.append('Set-Cookie', 'b=2; Path=/');
      return new Response(`${request.method} ${request.url}`, { status: 201, headers });
    });
    const failing: NodeHandler = toNodeHandler(async () => {
      throw new Error('handler broke: /secret/path');
    });
    app = await serve((req, res) => {
      if (req.url?.startsWith('/echo')) return echo(req, res);
      if (req.url === '/fail-with-next') {
        return failing(req, res, (error) => {
          nextErrors.push(error);
          res.statusCode = 599;
          res.end('next handled it');
        });
      }
      if (req.url === '/mounted') {
        // What Express does for app.use('/api', handler): url is stripped, originalUrl kept.
        Object.assign(req, { originalUrl: '/api/mounted', url: '/mounted' });
        return echo(req, res);
      }
      return failing(req, res);
    });
  });
  after(async () => {
    await app.close();
  });

  it('builds the URL from the configured origin (default http://localhost), and copies method, headers and body', async () => {
    const response = await fetch(`${app.url}/echo?x=1`, { method: 'PUT', headers: { 'X-Test': 'yes' }, body: 'hello body' });
    assert.equal(response.status, 201);
    assert.equal(await response.text(), 'PUT http://localhost/echo?x=1');
    assert.equal(response.headers.get('x-echo'), 'yes');
    assert.deepEqual(response.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/']);
    assert.equal(bodies.at(-1), 'hello body');
    assert.equal(seen.at(-1)?.headers.get('x-test'), 'yes');
  });

  it('uses Express\'s originalUrl when mounted under a path', async () => {
    const response = await fetch(`${app.url}/mounted`);
    assert.equal(await response.text(), 'GET http://localhost/api/mounted');
  });

  it('answers 413 to a body over maxBodyBytes', async () => {
    const small = toNodeHandler(async (request) => new Response(await request.text()), { maxBodyBytes: 10 });
    const server = await serve((req, res) => small(req, res));
    try {
      const response = await fetch(server.url, { method: 'POST', body: 'x'.repeat(100) });
      assert.equal(response.status, 413);
      await response.body?.cancel();
    } finally {
      await server.close();
    }
  });

  it('answers a thrown error itself, never through next (a framework could render its stack)', async () => {
    nextErrors = [];
    const response = await fetch(`${app.url}/fail-with-next`);
    assert.equal(response.status, 500);
    assert.deepEqual(JSON.parse(await response.text()), { error: { code: 'internal_error', message: 'Something went wrong.' } });
    assert.equal(nextErrors.length, 0);
  });

  it('answers a bare 500 without details when there is no next', async () => {
    const response = await fetch(`${app.url}/other`);
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), { error: { code: 'internal_error', message: 'Something went wrong.' } });
    assert.ok(!text.includes('/secret/path'));
  });

  it('aborts the Request signal when the client goes away', async () => {
    let signal: AbortSignal | undefined;
    let aborted: Promise<void> | undefined;
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    const slow = toNodeHandler(async (request) => {
      signal = request.signal;
      // The abort, or 2 s without it: the test then fails on the assertion instead of hanging.
      aborted = new Promise<void>((resolve) => {
        const giveUp = setTimeout(resolve, 2000);
        request.signal.addEventListener('abort', () => (clearTimeout(giveUp), resolve()));
      });
      started();
      await aborted;
      return new Response('too late');
    });
    const server = await serve((req, res) => slow(req, res));
    try {
      const client = new AbortController();
      const pending = fetch(server.url, { signal: client.signal }).catch(() => undefined);
      await startedPromise;
      assert.equal(signal!.aborted, false, 'not aborted while the client waits');
      client.abort();
      await pending;
      await aborted;
      assert.equal(signal!.aborted, true, "the handler's Request signal is aborted when the client goes away");
    } finally {
      await server.close();
    }
  });
});
