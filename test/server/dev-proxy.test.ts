// The token route behind Vite's usual dev proxy (`proxy: { '/api': 'http://…' }`, which sets
// `changeOrigin`: the backend sees the browser's Origin with its own Host). A real Vite dev
// server proxies to a real Node server running the token handler through toNodeHandler; the
// refusal must reach onError with the headers seen and the two fixes, and each fix must work.
import { Nango } from '@nangohq/node';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createServer, type ViteDevServer } from 'vite';
import { createReconnectTokenHandler, toNodeHandler, type ConnectionStatusError } from '../../src/server/index.js';

/** Nango is never reached: `resolve` answers null (401) once a request passes the guards. */
const nango = new Nango({ secretKey: '00000000-0000-4000-8000-000000000000', host: 'http://127.0.0.1:9' });

describe('the token route behind a Vite dev proxy', { timeout: 60_000 }, () => {
  let backend: http.Server;
  let vite: ViteDevServer;
  let page: string;
  let reported: ConnectionStatusError[] = [];
  /** Which token route the backend serves, switched per test. */
  let route: http.RequestListener;

  before(async () => {
    backend = http.createServer((req, res) => route(req, res));
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const { port } = backend.address() as AddressInfo;
    vite = await createServer({
      configFile: false,
      root: new URL('.', import.meta.url).pathname,
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0, proxy: { '/api': `http://127.0.0.1:${port}` } },
    });
    await vite.listen();
    page = `http://localhost:${(vite.httpServer!.address() as AddressInfo).port}`;
  });

  after(async () => {
    await vite?.close();
    await new Promise<void>((resolve) => {
      backend.close(() => resolve());
      backend.closeAllConnections();
    });
  });

  /** What the element sends, from the page Vite serves. */
  async function requestToken(): Promise<Response> {
    const proxied = new URL('/api/nango/reconnect-token', vite.resolvedUrls!.local[0]);
    return fetch(proxied, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: page, 'Sec-Fetch-Site': 'same-origin' },
      body: '{"intent":"reconnect"}',
    });
  }

  function serve(options: { allowedOrigins?: string[]; origin?: string }) {
    reported = [];
    route = toNodeHandler(
      createReconnectTokenHandler({ nango, resolve: () => null, allowedOrigins: options.allowedOrigins, onError: (error) => reported.push(error) }),
      { origin: options.origin },
    );
  }

  it('refuses it with 403 and tells onError the Origin and Host it saw, and the fixes', async () => {
    serve({});
    const response = await requestToken();
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'cross_origin_request');
    assert.equal(reported.length, 1, 'onError is called once');
    const [error] = reported;
    assert.equal(error.status, 403);
    assert.equal(error.code, 'cross_origin_request');
    const backendHost = `127.0.0.1:${(backend.address() as AddressInfo).port}`;
    assert.ok(error.message.includes(`Origin "${page}"`), `names the Origin: ${error.message}`);
    assert.ok(error.message.includes(`Host "${backendHost}"`), `names the Host the proxy sent: ${error.message}`);
    assert.ok(error.message.includes(`allowedOrigins: ['${page}']`), `names allowedOrigins with the page's origin: ${error.message}`);
    assert.ok(error.message.includes(`{ origin: '${page}' }`), `names toNodeHandler's origin: ${error.message}`);
  });

  it("lets it through with allowedOrigins: [the page's origin]", async () => {
    serve({ allowedOrigins: [page] });
    const response = await requestToken();
    assert.equal(response.status, 401, 'past the origin check: resolve answered null');
    assert.deepEqual(reported, []);
  });

  it("lets it through with toNodeHandler's origin set to the page's", async () => {
    serve({ origin: page });
    const response = await requestToken();
    assert.equal(response.status, 401, 'past the origin check: resolve answered null');
    assert.deepEqual(reported, []);
  });
});
