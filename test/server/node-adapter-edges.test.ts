/**
 * toNodeHandler's edge cases, over raw sockets (for what `fetch` will not send): request
 * targets (absolute form, fragments, `//`), Host and method tokens, the body limits and
 * what reaches the handler. Short timeouts everywhere: nothing waits real seconds.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { toNodeHandler } from '../../src/server/index.js';
import { rawRequest } from './helpers.js';

describe('toNodeHandler edge cases', () => {
  let server: http.Server;
  let port: number;
  const seen: Array<{ method: string; url: string; body: string; host: string | null }> = [];

  before(async () => {
    const handler = toNodeHandler(
      async (request) => {
        const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
        seen.push({ method: request.method, url: request.url, body, host: request.headers.get('host') });
        return new Response(`${request.method} ${request.url}`, { status: 200, headers: { 'Content-Type': 'text/plain' } });
      },
      { origin: 'https://app.example.com/ignored/path', maxBodyBytes: 16, bodyTimeoutMs: 150 },
    );
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  const get = (target: string, host = 'app.example.com') => rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

  it('keeps only the origin of the origin option, and the raw path and query', async () => {
    const answer = await get('/a/b?c=1&d');
    assert.equal(answer.body, 'GET https://app.example.com/a/b?c=1&d');
  });

  it('an absolute-form target keeps its path and query only, never its host', async () => {
    const answer = await get('http://evil.test:8080/x/y?z=1');
    assert.equal(answer.body, 'GET https://app.example.com/x/y?z=1');
  });

  it('an absolute-form target that is not a URL is 400 invalid_path', async () => {
    const answer = await get('http://[::1');
    assert.equal(answer.status, 400, answer.raw);
    assert.deepEqual(JSON.parse(answer.body), { error: { code: 'invalid_path', message: 'The request path is not a path.' } });
  });

  it('"//other.example/x" stays a path on our origin', async () => {
    const answer = await get('//other.example/x');
    assert.equal(answer.body, 'GET https://app.example.com//other.example/x');
  });

  it('a fragment in the target is dropped', async () => {
    const answer = await get('/a#frag');
    assert.equal(answer.body, 'GET https://app.example.com/a');
  });

  for (const host of ['app.example.com', 'app.example.com:8443', 'localhost', '127.0.0.1:80', '[::1]:3000', 'a-b.c', 'example.com.']) {
    it(`accepts Host ${host}`, async () => {
      assert.equal((await get('/h', host)).status, 200);
    });
  }

  for (const host of ['user@app.example.com', 'app.example.com/path', 'app.example.com?x', 'a b', '-a.com', 'a-.com', 'app.example.com:123456', '[zz]']) {
    it(`refuses Host ${host} with 400 invalid_host`, async () => {
      const answer = await get('/h', host);
      assert.equal(answer.status, 400, answer.raw.slice(0, 100));
      assert.deepEqual(JSON.parse(answer.body), { error: { code: 'invalid_host', message: 'The Host header is not a host.' } });
    });
  }

  it('no Host at all (HTTP/1.0) is fine', async () => {
    const answer = await rawRequest(port, 'GET /no-host HTTP/1.0\r\n\r\n');
    assert.equal(answer.body, 'GET https://app.example.com/no-host');
  });

  // (Node's own parser refuses unknown or lower-case methods, and CONNECT never reaches a request handler.)
  for (const method of ['TRACE']) {
    it(`answers ${method} with 405 and Allow, without calling the handler`, async () => {
      const before = seen.length;
      const answer = await rawRequest(port, `${method} /x HTTP/1.1\r\nHost: app.example.com\r\nConnection: close\r\n\r\n`);
      assert.equal(answer.status, 405, answer.raw.slice(0, 100));
      assert.match(answer.raw, /allow: GET, HEAD, POST/i);
      assert.deepEqual(JSON.parse(answer.body), { error: { code: 'method_not_allowed', message: 'This method is not allowed here.' } });
      assert.equal(seen.length, before);
    });
  }

  it('passes other methods on, upper-cased', async () => {
    const answer = await rawRequest(port, 'PATCH /m HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab');
    assert.equal(answer.body, 'PATCH https://app.example.com/m');
    assert.equal(seen.at(-1)?.body, 'ab');
  });

  it('a body of exactly maxBodyBytes is read; one byte more is 413 (declared or streamed)', async () => {
    const exact = await rawRequest(port, `POST /b HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: 16\r\nConnection: close\r\n\r\n${'x'.repeat(16)}`);
    assert.equal(exact.status, 200);
    assert.equal(seen.at(-1)?.body, 'x'.repeat(16));
    const declared = await rawRequest(port, `POST /b HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: 17\r\nConnection: close\r\n\r\n${'x'.repeat(17)}`);
    assert.equal(declared.status, 413);
    const tooLarge = { error: { code: 'payload_too_large', message: 'The request body is too large.' } };
    assert.deepEqual(JSON.parse(declared.body), tooLarge);
    const chunked = await rawRequest(
      port,
      `POST /b HTTP/1.1\r\nHost: app.example.com\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n8\r\n${'y'.repeat(8)}\r\n9\r\n${'y'.repeat(9)}\r\n0\r\n\r\n`,
    );
    assert.equal(chunked.status, 413, chunked.raw.slice(0, 100));
    assert.deepEqual(JSON.parse(chunked.body), tooLarge);
  });

  it('a body slower than bodyTimeoutMs is 408, after about bodyTimeoutMs', { timeout: 5_000 }, async () => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    socket.unref();
    const answer = await new Promise<string>((resolve) => {
      let raw = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => (raw += chunk));
      socket.on('close', () => resolve(raw));
      socket.on('error', () => resolve(raw));
      socket.write('POST /slow HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: 10\r\nConnection: close\r\n\r\nab');
    });
    socket.destroy();
    const took = Date.now() - started;
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(answer.endsWith('{"error":{"code":"request_timeout","message":"The request took too long to arrive."}}'), answer);
    assert.ok(took >= 140 && took < 2_000, `after ${took} ms`);
  });

  it('HEAD gets the headers, no body', async () => {
    const answer = await rawRequest(port, 'HEAD /head HTTP/1.1\r\nHost: app.example.com\r\nConnection: close\r\n\r\n');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '');
  });
});

describe('toNodeHandler defaults', () => {
  it('without options: http://localhost as the URL origin, a 1 MiB body limit', async () => {
    let url = '';
    let size = 0;
    const handler = toNodeHandler(async (request) => {
      url = request.url;
      size = (await request.arrayBuffer()).byteLength;
      return new Response('ok');
    });
    const server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const ok = await fetch(`http://127.0.0.1:${port}/p?q`, { method: 'POST', body: 'x'.repeat(1024 * 1024) });
      assert.equal(ok.status, 200);
      assert.equal(url, 'http://localhost/p?q');
      assert.equal(size, 1024 * 1024);
      const big = await fetch(`http://127.0.0.1:${port}/p`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
      assert.equal(big.status, 413);
      await big.body?.cancel();
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  });
});

describe('toNodeHandler writing a streamed answer', () => {
  async function serve(handler: Parameters<typeof toNodeHandler>[0], onError?: (error: unknown) => void) {
    const server = http.createServer(toNodeHandler(handler, { origin: 'https://app.example.com', ...(onError ? { onError } : {}) }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return { url, close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())) };
  }

  it('waits for a slow client (drain) and still delivers every byte of a large streamed body', async () => {
    const CHUNK = 64 * 1024;
    const CHUNKS = 128; // 8 MiB: far past the socket's buffers, so writes must wait for drain.
    let made = 0;
    const { url, close } = await serve(async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            if (made === CHUNKS) return controller.close();
            controller.enqueue(new Uint8Array(CHUNK).fill(made++ % 251));
          },
        }),
        { headers: { 'content-type': 'application/octet-stream' } },
      ),
    );
    try {
      const response = await fetch(url);
      const reader = response.body!.getReader();
      // Nothing read yet: the server must stop pulling from the handler once the socket is full,
      // not buffer the whole answer in memory. Wait until it stops making chunks.
      for (let last = -1, still = 0; still < 5 && made < CHUNKS; ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        still = made === last ? still + 1 : 0;
        last = made;
      }
      assert.ok(made < CHUNKS / 2, `${made} of ${CHUNKS} chunks made before the client read a byte: writes did not wait for drain`);
      let received = 0;
      let wrong = 0;
      const deadline = Date.now() + 10_000;
      for (;;) {
        const step = await Promise.race([reader.read(), new Promise<'stalled'>((resolve) => setTimeout(() => resolve('stalled'), Math.max(0, deadline - Date.now())).unref())]);
        assert.notEqual(step, 'stalled', `the body stopped after ${received} of ${CHUNK * CHUNKS} bytes`);
        if (step === 'stalled' || step.done) break;
        for (let i = 0; i < step.value.length; i++) if (step.value[i] !== Math.floor((received + i) / CHUNK) % 251) wrong++;
        received += step.value.length;
        // A slow reader: let the server's writes back up.
        if (received % (1024 * 1024) < step.value.length) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.equal(received, CHUNK * CHUNKS);
      assert.equal(wrong, 0, 'bytes out of order or changed');
    } finally {
      await close();
    }
  });

  it('a body that fails after its headers went out: the connection is cut (never a truncated "success"), onError told', async () => {
    const errors: unknown[] = [];
    const { url, close } = await serve(
      async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('partial'));
              setTimeout(() => controller.error(new Error('generator broke')), 20);
            },
          }),
          { headers: { 'content-type': 'text/plain' } },
        ),
      (error) => errors.push(error),
    );
    try {
      const response = await fetch(url);
      assert.equal(response.status, 200);
      await assert.rejects(response.text(), 'the body read as complete');
      assert.equal(errors.length, 1);
      assert.equal((errors[0] as Error).message, 'generator broke');
    } finally {
      await close();
    }
  });
});
