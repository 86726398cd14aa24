/**
 * toNodeHandler between Node and the Fetch handler, one rule at a time: what another server or a
 * middleware may have done to `req` before us (a rewritten method or URL, a body already read or
 * decoded to strings, a header cleared), how the request body is read (limits, failures, what
 * is left attached afterwards), and how the answer is written (status text, cookies, HEAD,
 * event streams, a client that leaves). Real HTTP on 127.0.0.1; short timeouts, no real waits.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { toNodeHandler } from '../../src/server/index.js';
import { rawRequest } from './helpers.js';
import type { NodeHandlerOptions, NodeRequest } from '../../src/server/index.js';

type Prepare = (req: NodeRequest, res: http.ServerResponse) => void | Promise<void>;

/** A server whose listener runs `prepare` (what a framework or middleware did first), then the adapter. */
async function serve(handler: (request: Request) => Promise<Response>, options: NodeHandlerOptions = {}, prepare?: Prepare) {
  const node = toNodeHandler(handler, { origin: 'https://app.example.com', ...options });
  const server = http.createServer(async (req, res) => {
    await prepare?.(req, res);
    node(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    raw: (text: string) => rawRequest(port, text, { keepOpen: true, giveUpMs: 2_000 }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads the whole request body into `req.body`-less emptiness, as a body parser would. */
async function drain(req: NodeRequest): Promise<void> {
  for await (const chunk of req) void chunk;
}

/** Resolves when `check` holds, polling on timers; rejects naming `what` after `ms`. */
async function until(check: () => boolean, what: string, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** `promise`, or a rejection naming `what` after `ms`: a test fails, never hangs. */
function within<T>(promise: Promise<T>, what: string, ms = 2_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms for ${what}`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A promise and its resolve. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const echo = async (request: Request) => new Response(`${request.method} ${request.url} ${request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()}`);

describe('toNodeHandler: what a framework did to req first', () => {
  it('a method set by middleware (method-override) that is no HTTP token, or one fetch refuses, is 405 without calling the handler', async () => {
    let calls = 0;
    let method: string | undefined;
    const app = await serve(
      async (request) => (calls++, echo(request)),
      {},
      (req) => {
        if (method !== undefined) req.method = method;
      },
    );
    try {
      for (method of ['(GET', 'GET(', 'GET\u0000X', 'M'.repeat(33), 'track', 'CONNECT', 'trace']) {
        const answer = await app.raw('GET /m HTTP/1.1\r\nHost: app.example.com\r\nConnection: close\r\n\r\n');
        assert.equal(answer.status, 405, `${JSON.stringify(method)}: ${answer.raw.slice(0, 80)}`);
        assert.match(answer.raw, /\r\nallow: GET, HEAD, POST\r\n/i);
      }
      assert.equal(calls, 0);
      method = 'purge';
      assert.equal((await app.raw('GET /m HTTP/1.1\r\nHost: app.example.com\r\nConnection: close\r\n\r\n')).body, 'PURGE https://app.example.com/m ');
      method = 'M'.repeat(32);
      assert.equal((await app.raw('GET /m HTTP/1.1\r\nHost: app.example.com\r\nConnection: close\r\n\r\n')).status, 200, 'a 32-character method is a token');
    } finally {
      await app.close();
    }
  });

  it('no method and no URL at all (a hand-made req) are GET and "/"', async () => {
    const app = await serve(echo, {}, (req) => {
      req.method = undefined;
      req.url = undefined;
    });
    try {
      assert.equal((await app.raw('POST /ignored HTTP/1.1\r\nHost: app.example.com\r\nConnection: close\r\n\r\n')).body, 'GET https://app.example.com/ ');
    } finally {
      await app.close();
    }
  });

  it('an origin option that is no web origin (file:) makes every path invalid: 400, never a 500', async () => {
    const app = await serve(echo, { origin: 'file:///srv/app' });
    try {
      const answer = await app.raw('GET /p HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
      assert.equal(answer.status, 400, answer.raw.slice(0, 100));
      assert.deepEqual(JSON.parse(answer.body), { error: { code: 'invalid_path', message: 'The request path is not a path.' } });
    } finally {
      await app.close();
    }
  });

  it('accepts a one-letter host name and one-letter labels', async () => {
    const app = await serve(echo);
    try {
      for (const host of ['a', 'a:8080', 'a.b.example']) {
        assert.equal((await app.raw(`GET /h HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)).status, 200, host);
      }
    } finally {
      await app.close();
    }
  });

  it('a header cleared by middleware (undefined) is not sent as "undefined"; a pseudo-header (":path") is dropped, not a 500', async () => {
    let seen: Headers | undefined;
    const app = await serve(
      async (request) => ((seen = request.headers), new Response('ok')),
      {},
      (req) => {
        req.headers['x-cleared'] = undefined;
        req.headers[':path'] = '/h2';
      },
    );
    try {
      const answer = await app.raw('GET /h HTTP/1.1\r\nHost: app.example.com\r\nX-Cleared: secret\r\nX-Kept: yes\r\nConnection: close\r\n\r\n');
      assert.equal(answer.status, 200, answer.raw.slice(0, 80));
      assert.equal(seen?.has('x-cleared'), false);
      assert.equal(seen?.get('x-kept'), 'yes');
    } finally {
      await app.close();
    }
  });

  it('a body a parser already read is rebuilt: text as is, JSON serialised, bytes copied, null and nothing as no body', async () => {
    let parsed: unknown;
    const app = await serve(
      async (request) => new Response(JSON.stringify(Array.from(new Uint8Array(await request.arrayBuffer())).map((byte) => String.fromCharCode(byte)).join(''))),
      { bodyTimeoutMs: 2_000 },
      async (req) => {
        await drain(req);
        req.body = parsed;
      },
    );
    try {
      const post = async () => JSON.parse((await app.raw('POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: close\r\n\r\nraw')).body);
      parsed = 'plain text';
      assert.equal(await post(), 'plain text');
      parsed = { a: 1 };
      assert.equal(await post(), '{"a":1}');
      parsed = Buffer.from([0xff, 0x00, 0x41]);
      assert.equal(await post(), '\u00ff\u0000A');
      parsed = null;
      assert.equal(await post(), '');
      // A stream read to the end with nothing kept: an empty body at once (never a wait for bytes already gone).
      parsed = undefined;
      const started = Date.now();
      assert.equal(await post(), '');
      assert.ok(Date.now() - started < 1_500, `took ${Date.now() - started} ms`);
    } finally {
      await app.close();
    }
  });

  it('req.body set by a parser that skipped this content type (body-parser sets {}) does not hide the unread body', async () => {
    const app = await serve(async (request) => new Response(await request.text()), {}, (req) => {
      req.body = {};
    });
    try {
      assert.equal((await app.raw('POST /b HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello')).body, 'hello');
    } finally {
      await app.close();
    }
  });

  it('string chunks (something called req.setEncoding) become UTF-8 bytes, counted as bytes against maxBodyBytes', async () => {
    const app = await serve(async (request) => new Response(await request.text()), { maxBodyBytes: 6 }, (req) => {
      req.setEncoding('utf8');
    });
    try {
      // 'héllo' is 6 bytes in 5 characters; the socket sends the text as UTF-8.
      const ok = await app.raw('POST /b HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n6\r\nhéllo\r\n0\r\n\r\n');
      assert.equal(ok.body, 'héllo', ok.raw.slice(0, 100));
      const tooLarge = await app.raw('POST /b HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n7\r\nhéllo!\r\n0\r\n\r\n');
      assert.equal(tooLarge.status, 413, tooLarge.raw.slice(0, 100));
    } finally {
      await app.close();
    }
  });
});

describe('toNodeHandler: reading the request body', () => {
  it('passes bytes that are not UTF-8 through unchanged (a signature is computed over them)', async () => {
    let bytes: number[] = [];
    const app = await serve(async (request) => ((bytes = [...new Uint8Array(await request.arrayBuffer())]), new Response('ok')));
    try {
      const response = await fetch(app.url, { method: 'POST', body: new Uint8Array([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x41]) });
      assert.equal(response.status, 200);
      await response.body?.cancel();
      assert.deepEqual(bytes, [0xff, 0xfe, 0x00, 0xc3, 0x28, 0x41]);
    } finally {
      await app.close();
    }
  });

  it('a declared Content-Length over the limit is 413 before any byte is sent, and the handler is never called', async () => {
    let calls = 0;
    const app = await serve(async (request) => (calls++, new Response(await request.text())), { maxBodyBytes: 16, bodyTimeoutMs: 5_000 });
    try {
      const socket = net.connect(app.port, '127.0.0.1');
      let raw = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => (raw += chunk));
      // The headers only: the 1000 bytes never come.
      socket.write('POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n');
      await until(() => raw.includes('}'), `a 413 answer (got ${JSON.stringify(raw)})`, 2_000).finally(() => socket.destroy());
      assert.match(raw, /^HTTP\/1\.1 413 /);
      assert.equal(calls, 0);
    } finally {
      await app.close();
    }
  });

  it('a handler that never reads the body reads nothing: no listener on req, the stream never set flowing', async () => {
    let req!: NodeRequest;
    const app = await serve(
      async () => {
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        return new Response(JSON.stringify({ data: req.listenerCount('data'), flowing: req.readableFlowing }));
      },
      {},
      (r) => void (req = r),
    );
    try {
      const answer = await app.raw('POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
      assert.deepEqual(JSON.parse(answer.body), { data: 0, flowing: null });
    } finally {
      await app.close();
    }
  });

  it('once the body is read: its listeners are gone from req and its time limit no longer runs (a later throw is a 500, not a 408)', async () => {
    let req!: NodeRequest;
    let before: number[] = [];
    let after: number[] = [];
    const errors: unknown[] = [];
    const counts = () => ['data', 'end', 'error'].map((name) => req.listenerCount(name));
    const app = await serve(
      async (request) => {
        await request.text();
        after = counts();
        // Longer than bodyTimeoutMs after the read began.
        await new Promise((resolve) => setTimeout(resolve, 80));
        throw new Error('handler broke after reading');
      },
      { bodyTimeoutMs: 30, onError: (error) => errors.push(error) },
      (r) => {
        req = r;
        before = counts();
      },
    );
    try {
      const answer = await app.raw('POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
      assert.deepEqual(after, before, 'data, end, error listeners on req after the body ended');
      assert.equal(answer.status, 500, answer.raw.slice(0, 100));
      assert.deepEqual(errors.map((error) => (error as Error).message), ['handler broke after reading']);
    } finally {
      await app.close();
    }
  });

  it('a body the handler cancels: its listeners are gone and its time limit no longer runs', async () => {
    let req!: NodeRequest;
    let before: number[] = [];
    let after: number[] = [];
    const counts = () => ['data', 'end', 'error'].map((name) => req.listenerCount(name));
    const app = await serve(
      async (request) => {
        const reader = request.body!.getReader();
        await reader.read();
        await reader.cancel();
        after = counts();
        await new Promise((resolve) => setTimeout(resolve, 80));
        throw new Error('handler broke after cancelling');
      },
      { bodyTimeoutMs: 30 },
      (r) => {
        req = r;
        before = counts();
      },
    );
    try {
      const socket = net.connect(app.port, '127.0.0.1');
      let raw = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => (raw += chunk));
      // Part of the body, and the rest never: only the cancel ends the read.
      socket.write('POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nfirst');
      await until(() => raw.includes('}'), `an answer (got ${JSON.stringify(raw)})`).finally(() => socket.destroy());
      assert.deepEqual(after, before, 'data, end, error listeners on req after the cancel');
      assert.match(raw, /^HTTP\/1\.1 500 /);
    } finally {
      await app.close();
    }
  });

  it('the body limit wins over the error a handler makes of it: 413 even when the handler throws its own error', async () => {
    const errors: unknown[] = [];
    const app = await serve(
      async (request) => {
        try {
          await request.text();
        } catch {
          throw new Error('could not read the body');
        }
        return new Response('read');
      },
      { maxBodyBytes: 8, onError: (error) => errors.push(error) },
    );
    try {
      const answer = await app.raw('POST /b HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n6\r\n123456\r\n6\r\n789012\r\n0\r\n\r\n');
      assert.equal(answer.status, 413, answer.raw.slice(0, 100));
      assert.deepEqual(JSON.parse(answer.body), { error: { code: 'payload_too_large', message: 'The request body is too large.' } });
      assert.deepEqual(errors, []);
    } finally {
      await app.close();
    }
  });

  it('an upload the client abandons fails the body read at once, not after bodyTimeoutMs', async () => {
    const failed = deferred<unknown>();
    const reading = deferred<void>();
    const app = await serve(
      async (request) => {
        try {
          const text = request.text();
          reading.resolve();
          await text;
          failed.resolve('the body read as complete');
        } catch (error) {
          failed.resolve(error);
        }
        return new Response('x');
      },
      { bodyTimeoutMs: 20_000 },
    );
    try {
      const socket = net.connect(app.port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write('POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\npart');
      // The client leaves once the handler is reading the body.
      await reading.promise;
      socket.destroy();
      const outcome = await Promise.race([failed.promise, new Promise((resolve) => void setTimeout(() => resolve('still waiting after 2 s'), 2_000).unref())]);
      assert.ok(outcome instanceof Error, `the read ended with ${String(outcome)}`);
      assert.notEqual(outcome.constructor.name, 'BodyTimeoutError');
    } finally {
      await app.close();
    }
  });
});

describe('toNodeHandler: writing the answer', () => {
  it("keeps the Response's status text, and Node's standard one when it has none", async () => {
    let statusText = '';
    const app = await serve(async () => new Response('x', { status: 201, statusText }));
    try {
      assert.match((await app.raw('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).raw, /^HTTP\/1\.1 201 Created\r\n/);
      statusText = 'Made It';
      assert.match((await app.raw('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).raw, /^HTTP\/1\.1 201 Made It\r\n/);
    } finally {
      await app.close();
    }
  });

  it('each Set-Cookie on its own line; a cookie set earlier on res (a session middleware) stays when the answer sets none', async () => {
    let cookies: string[] = [];
    const app = await serve(
      async () => {
        const headers = new Headers({ 'Content-Type': 'text/plain', 'X-One': '1' });
        for (const cookie of cookies) headers.append('Set-Cookie', cookie);
        return new Response('x', { headers });
      },
      {},
      (_req, res) => {
        res.setHeader('Set-Cookie', 'session=abc');
      },
    );
    try {
      const none = (await app.raw('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).raw;
      assert.deepEqual(none.match(/^set-cookie: .*$/gim), ['Set-Cookie: session=abc']);
      assert.match(none, /\r\nx-one: 1\r\n/i);
      assert.match(none, /\r\ncontent-type: text\/plain/i);
      cookies = ['a=1; Path=/', 'b=2; Path=/'];
      const two = (await app.raw('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).raw;
      assert.deepEqual(two.match(/^set-cookie: .*$/gim), ['set-cookie: a=1; Path=/', 'set-cookie: b=2; Path=/']);
    } finally {
      await app.close();
    }
  });

  it('an answer with no body (204) is ended, not a 500', async () => {
    const app = await serve(async () => new Response(null, { status: 204 }));
    try {
      assert.match((await app.raw('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).raw, /^HTTP\/1\.1 204 /);
    } finally {
      await app.close();
    }
  });

  it('HEAD gets the headers at once, even when the GET body would never end', async () => {
    const app = await serve(async () => new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), { headers: { 'Content-Type': 'text/plain' } }));
    try {
      const answer = await Promise.race([
        app.raw('HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2_000).unref()),
      ]);
      assert.ok(answer, 'HEAD still unanswered after 2 s');
      assert.match(answer.raw, /^HTTP\/1\.1 200 .*\r\ncontent-type: text\/plain/is);
      assert.equal(answer.body, '');
    } finally {
      await app.close();
    }
  });

  it('an event stream shows its status at once; any other streamed answer that fails before its first byte is still a clean 500', async () => {
    let contentType = 'text/event-stream';
    const errors: unknown[] = [];
    const app = await serve(
      async () =>
        new Response(
          new ReadableStream({
            pull: (controller) =>
              contentType.startsWith('text/event-stream')
                ? new Promise<void>(() => {})
                : new Promise<void>((resolve) => setTimeout(() => (controller.error(new Error('upstream failed')), resolve()), 20)),
          }),
          { headers: { 'Content-Type': contentType } },
        ),
      { onError: (error) => errors.push(error) },
    );
    try {
      const client = new AbortController();
      const events = await within(fetch(app.url, { signal: client.signal }), 'the event stream\'s status');
      assert.equal(events.status, 200);
      client.abort();
      for (contentType of ['text/plain', 'text/plain; note="text/event-stream"']) {
        const answer = await app.raw('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
        assert.equal(answer.status, 500, `${contentType}: ${answer.raw.slice(0, 100)}`);
        assert.deepEqual(JSON.parse(answer.body), { error: { code: 'internal_error', message: 'Something went wrong.' } });
      }
      assert.equal(errors.length, 2);
    } finally {
      await app.close();
    }
  });

  it('bare errors are JSON and never cached', async () => {
    const app = await serve(echo);
    try {
      const answer = await app.raw('TRACE / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
      assert.equal(answer.status, 405);
      assert.match(answer.raw, /\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
      assert.match(answer.raw, /\r\ncache-control: no-store\r\n/i);
    } finally {
      await app.close();
    }
  });

  it("the Request signal is not aborted once the answer was sent whole (a handler's \"client left\" clean-up must not run)", async () => {
    let signal: AbortSignal | undefined;
    const closed = deferred();
    const app = await serve(
      async (request) => ((signal = request.signal), new Response('done')),
      {},
      (_req, res) => void res.once('close', () => closed.resolve()),
    );
    try {
      assert.equal((await app.raw('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).body, 'done');
      await within(closed.promise, 'res close');
      assert.equal(signal?.aborted, false);
    } finally {
      await app.close();
    }
  });

  it('a streamed answer that waited for drain leaves no drain or close listener behind on res', async () => {
    let res!: http.ServerResponse;
    let during = -1;
    const finished = deferred<number[]>();
    const CHUNK = 64 * 1024;
    let made = 0;
    const app = await serve(
      async () => {
        // The adapter's own close listener (it aborts the Request signal) is on already.
        during = res.listenerCount('close');
        return new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              if (made === 8) return controller.close();
              made++;
              controller.enqueue(new Uint8Array(CHUNK));
            },
          }),
          { headers: { 'content-type': 'application/octet-stream' } },
        );
      },
      {},
      (_req, r) => {
        res = r;
        res.once('finish', () => finished.resolve([res.listenerCount('drain'), res.listenerCount('close')]));
      },
    );
    try {
      const answer = await app.raw('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
      assert.equal(answer.body.length, 8 * CHUNK);
      const [drain, close] = await within(finished.promise, 'res finish');
      assert.equal(drain, 0, 'drain listeners left');
      assert.equal(close, during, "the stream's close listener, or a drain wait's, left behind");
    } finally {
      await app.close();
    }
  });

  it('a client that leaves while the answer waits for drain: the wait ends (no drain listener left), no error reported', async () => {
    let res!: http.ServerResponse;
    const closed = deferred();
    const errors: unknown[] = [];
    let cancelled = false;
    const app = await serve(
      async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull: (controller) => controller.enqueue(new Uint8Array(256 * 1024)),
            cancel: () => void (cancelled = true),
          }),
          { headers: { 'content-type': 'application/octet-stream' } },
        ),
      { onError: (error) => errors.push(error) },
      (_req, r) => {
        res = r;
        res.once('close', () => closed.resolve());
      },
    );
    try {
      const socket = net.connect(app.port, '127.0.0.1');
      socket.on('error', () => {});
      socket.pause(); // reads nothing: the server's writes back up
      socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      await until(() => res !== undefined && res.listenerCount('drain') > 0, 'the answer waiting for drain');
      socket.destroy();
      await within(closed.promise, 'res close');
      await until(() => res.listenerCount('drain') === 0, 'the drain wait to end after the client left', 1_000);
      assert.equal(cancelled, true, "the handler's stream was not cancelled");
      assert.deepEqual(errors, []);
    } finally {
      await app.close();
    }
  });

  it('a last chunk made when the client left (on request.signal) is dropped: nothing left waiting on res', async () => {
    let res!: http.ServerResponse;
    const closed = deferred();
    const errors: unknown[] = [];
    const app = await serve(
      async (request) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('data: 1\n\n'));
              request.signal.addEventListener('abort', () => controller.enqueue(new TextEncoder().encode('event: bye\n\n')));
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
      { onError: (error) => errors.push(error) },
      (_req, r) => {
        res = r;
        res.once('close', () => closed.resolve());
      },
    );
    try {
      const client = new AbortController();
      const response = await within(fetch(app.url, { signal: client.signal }), 'the event stream');
      await within(response.body!.getReader().read(), 'the first event');
      client.abort();
      await within(closed.promise, 'res close');
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual([res.listenerCount('drain'), errors], [0, []]);
    } finally {
      await app.close();
    }
  });

  it("a streamed answer that fails because the client left (the handler's upstream aborted with request.signal) is not reported", async () => {
    const errors: unknown[] = [];
    const failed = deferred();
    const started = deferred();
    const app = await serve(
      async (request) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('data: 1\n\n'));
              request.signal.addEventListener('abort', () => {
                controller.error(new Error('upstream aborted'));
                failed.resolve();
              });
              started.resolve();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
      { onError: (error) => errors.push(error) },
    );
    try {
      const client = new AbortController();
      const response = await within(fetch(app.url, { signal: client.signal }), 'the event stream');
      await started.promise;
      const reader = response.body!.getReader();
      await within(reader.read(), 'the first event');
      client.abort();
      await within(failed.promise, 'the upstream abort');
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(errors, []);
    } finally {
      await app.close();
    }
  });
});
