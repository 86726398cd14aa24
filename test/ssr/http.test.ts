// The browser modules' HTTP rules (src/http.ts, src/token-request.ts), run in Node without a
// DOM against a real HTTP server: these functions need nothing but `fetch`, and here StrykerJS
// can mutate them (`npm run mutation`). The browser suites test the same code in Chromium.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  DEFAULT_TIMEOUT_MS,
  MAX_BODY_BYTES,
  MAX_REASON_LENGTH,
  MAX_RETRY_AFTER_MS,
  failureReason,
  looksLikeJson,
  parseJsonObject,
  parseRetryAfter,
  send,
  serverReason,
  shortenReason,
  type HttpAnswer,
  type RequestSettings,
} from '../../src/http.js';
import { readSessionToken, requestSessionToken } from '../../src/token-request.js';

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const routes = new Map<string, Route>();
/** What the server saw of each request, by path. */
const seen = new Map<string, { headers: http.IncomingHttpHeaders; method: string; body: string }>();
let base = '';
let server: http.Server;

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.set(path, { headers: req.headers, method: req.method ?? '', body });
      const route = routes.get(path);
      if (route) route(req, res);
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const settings = (extra: Partial<RequestSettings> = {}): RequestSettings => ({ credentials: 'same-origin', timeoutMs: 2000, ...extra });
const live = () => new AbortController().signal;

function route(path: string, handler: Route): string {
  routes.set(path, handler);
  return `${base}${path}`;
}

/** Streams `total` bytes of a valid JSON object in 16 KiB chunks; reports how much it wrote and whether the client hung up first. */
function streamingJson(path: string, total: number) {
  const report = { written: 0, total, closedEarly: false, done: Promise.resolve() };
  const url = route(path, (_req, res) => {
    report.done = new Promise<void>((resolve) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const head = '{"status":"valid","pad":"';
      const tail = '"}';
      let left = total - head.length - tail.length;
      res.write(head);
      report.written = head.length;
      res.on('close', () => {
        report.closedEarly = !res.writableFinished;
        resolve();
      });
      const pump = () => {
        if (res.destroyed) return;
        if (left <= 0) {
          res.end(tail);
          report.written += tail.length;
          return;
        }
        const size = Math.min(left, 16 * 1024);
        left -= size;
        report.written += size;
        res.write('x'.repeat(size));
        // One chunk per tick, so the client's cancel can land before everything is written.
        setTimeout(pump, 1);
      };
      pump();
    });
  });
  return { url, report };
}

describe('http constants', () => {
  it('gives up after 10 s by default, caps bodies at 256 KiB, reasons at 160 characters and Retry-After at 5 minutes', () => {
    assert.equal(DEFAULT_TIMEOUT_MS, 10_000);
    assert.equal(MAX_BODY_BYTES, 256 * 1024);
    assert.equal(MAX_REASON_LENGTH, 160);
    assert.equal(MAX_RETRY_AFTER_MS, 300_000);
  });
});

describe('send', { timeout: 30_000 }, () => {
  it('answers status, headers and body text, asking for JSON with the extra headers on top', async () => {
    const url = route('/ok', (_req, res) => res.writeHead(201, { 'X-Answer': 'yes' }).end('{"a":1}'));
    const answer = await send(url, { method: 'GET', headers: { 'X-Init': 'i', Accept: 'text/plain' } }, settings({ headers: { 'X-Extra': 'e' } }), live());
    assert.equal(answer.kind, 'response');
    const response = answer as Extract<HttpAnswer, { kind: 'response' }>;
    assert.equal(response.status, 201);
    assert.equal(response.redirected, false);
    assert.equal(response.headers.get('x-answer'), 'yes');
    assert.equal(response.text, '{"a":1}');
    const { headers } = seen.get('/ok')!;
    // The caller's own headers win over the default Accept; the settings' headers over both.
    assert.equal(headers.accept, 'text/plain');
    assert.equal(headers['x-init'], 'i');
    assert.equal(headers['x-extra'], 'e');
    await send(url, { method: 'GET' }, settings({ headers: { 'X-Init': 'from-settings' } }), live());
    assert.equal(seen.get('/ok')!.headers.accept, 'application/json');
  });

  it('asks fetch for no-store, the caller\'s credentials mode and redirect: follow', async () => {
    const url = route('/init', (_req, res) => res.end('{}'));
    const original = globalThis.fetch;
    const inits: RequestInit[] = [];
    // A spy, not a stub: the real fetch still does the request.
    globalThis.fetch = (input, init) => {
      inits.push(init ?? {});
      return original(input, init);
    };
    try {
      await send(url, { method: 'GET' }, settings({ credentials: 'omit' }), live());
    } finally {
      globalThis.fetch = original;
    }
    assert.equal(inits.length, 1);
    assert.equal(inits[0].cache, 'no-store');
    assert.equal(inits[0].credentials, 'omit');
    assert.equal(inits[0].redirect, 'follow');
    assert.equal(inits[0].method, 'GET');
  });

  it('follows a redirect and says so', async () => {
    route('/target', (_req, res) => res.end('<html>'));
    const url = route('/moved', (_req, res) => res.writeHead(302, { Location: '/target' }).end());
    const answer = (await send(url, { method: 'GET' }, settings(), live())) as Extract<HttpAnswer, { kind: 'response' }>;
    assert.equal(answer.redirected, true);
    assert.equal(answer.text, '<html>');
  });

  it('gives up after timeoutMs: timeout, not network', async () => {
    const url = route('/hang', () => {});
    const started = performance.now();
    const answer = await send(url, { method: 'GET' }, settings({ timeoutMs: 300 }), live());
    const elapsed = performance.now() - started;
    assert.deepEqual(answer, { kind: 'timeout' });
    assert.ok(elapsed >= 290 && elapsed < 3000, `gave up after ${Math.round(elapsed)} ms, not at 300 ms`);
  });

  it('reports a dropped connection as network', async () => {
    const url = route('/drop', (req) => req.socket.destroy());
    assert.deepEqual(await send(url, { method: 'GET' }, settings(), live()), { kind: 'network' });
  });

  it("rejects with the caller's abort reason, before or during the request", async () => {
    const url = route('/slow', () => {});
    const early = new AbortController();
    early.abort(new Error('already gone'));
    await assert.rejects(send(url, { method: 'GET' }, settings(), early.signal), /already gone/);
    const late = new AbortController();
    const started = performance.now();
    const pending = send(url, { method: 'GET' }, settings({ timeoutMs: 5000 }), late.signal);
    setTimeout(() => late.abort(new Error('user moved on')), 50);
    await assert.rejects(pending, /user moved on/);
    // At once, not when the request's own timeout ends it.
    assert.ok(performance.now() - started < 2000, 'the request is cancelled with the caller');
  });

  it('reads a body of exactly 256 KiB, multi-byte characters split across chunks intact', async () => {
    // "é" is two bytes: chunks of an odd size cut through characters.
    const text = `"${'é'.repeat((MAX_BODY_BYTES - 2) / 2)}"`;
    assert.equal(Buffer.byteLength(text), MAX_BODY_BYTES);
    const url = route('/exact', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i += 9999) res.write(bytes.subarray(i, i + 9999));
      res.end();
    });
    const answer = (await send(url, { method: 'GET' }, settings(), live())) as Extract<HttpAnswer, { kind: 'response' }>;
    assert.equal(answer.text?.length, text.length);
    assert.equal(answer.text, text);
  });

  it('stops reading a valid JSON body over 256 KiB: no text, and the connection is dropped before the server wrote it all', async () => {
    const { url, report } = streamingJson('/huge', 4 * MAX_BODY_BYTES);
    const answer = (await send(url, { method: 'GET' }, settings({ timeoutMs: 5000 }), live())) as Extract<HttpAnswer, { kind: 'response' }>;
    assert.equal(answer.kind, 'response');
    assert.equal(answer.text, undefined);
    await report.done;
    assert.ok(report.closedEarly, 'the client hung up before the end');
    assert.ok(report.written < report.total, `read ${report.written} of ${report.total} bytes`);
  });

  it('refuses a body one byte over the cap, and one declared over the cap by Content-Length without reading it', async () => {
    const over = route('/over', (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(`"${'x'.repeat(MAX_BODY_BYTES - 1)}"`));
    assert.equal(((await send(over, { method: 'GET' }, settings(), live())) as { text?: string }).text, undefined);
    let wrote = 0;
    let closedEarly = false;
    const declared = route('/declared', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(10 * MAX_BODY_BYTES) });
      res.on('close', () => (closedEarly = !res.writableFinished));
      const pump = () => {
        if (res.destroyed || wrote >= 10 * MAX_BODY_BYTES) return res.end();
        wrote += 16 * 1024;
        res.write(' '.repeat(16 * 1024));
        setTimeout(pump, 2);
      };
      pump();
    });
    const answer = (await send(declared, { method: 'GET' }, settings({ timeoutMs: 5000 }), live())) as { kind: string; text?: string };
    assert.equal(answer.kind, 'response');
    assert.equal(answer.text, undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(closedEarly, 'the client hung up');
    // Refused on the header alone: far less than the cap was sent before the client hung up.
    assert.ok(wrote < MAX_BODY_BYTES, `${wrote} bytes written`);
  });

  it('reads a body whose Content-Length is exactly the cap', async () => {
    const body = `"${'x'.repeat(MAX_BODY_BYTES - 2)}"`;
    const url = route('/declared-exact', (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(MAX_BODY_BYTES) }).end(body));
    const answer = (await send(url, { method: 'GET' }, settings(), live())) as { text?: string };
    assert.equal(answer.text?.length, MAX_BODY_BYTES);
  });

  it('answers an empty body as empty text', async () => {
    const url = route('/empty', (_req, res) => res.writeHead(204).end());
    const answer = (await send(url, { method: 'GET' }, settings(), live())) as { text?: string };
    assert.equal(answer.text, '');
  });
});

describe('parseJsonObject', () => {
  it('parses objects only', () => {
    assert.deepEqual(parseJsonObject('{"a":1}'), { a: 1 });
    for (const text of [undefined, '', 'nope', '{"a"', '[1]', 'null', '3', '"s"', 'true']) assert.equal(parseJsonObject(text), undefined, String(text));
  });
});

describe('looksLikeJson', () => {
  it('believes a JSON content type or a body that starts like JSON', () => {
    const type = (value: string) => new Headers({ 'Content-Type': value });
    assert.equal(looksLikeJson(type('application/json; charset=utf-8'), ''), true);
    assert.equal(looksLikeJson(type('application/problem+JSON'), ''), true);
    assert.equal(looksLikeJson(type('application/jsonp'), 'x'), false);
    assert.equal(looksLikeJson(type('text/html'), '<html>'), false);
    assert.equal(looksLikeJson(new Headers(), '  \n{"a":1}'), true);
    assert.equal(looksLikeJson(new Headers(), '[1]'), true);
    assert.equal(looksLikeJson(new Headers(), 'x{'), false);
    assert.equal(looksLikeJson(new Headers(), undefined), false);
    assert.equal(looksLikeJson(new Headers(), ''), false);
  });
});

describe('shortenReason', () => {
  it('keeps one line of plain text, without control characters, cut to 160 characters with an ellipsis', () => {
    assert.equal(shortenReason(42), undefined);
    assert.equal(shortenReason(undefined), undefined);
    assert.equal(shortenReason(''), undefined);
    assert.equal(shortenReason(' \n\t '), undefined);
    assert.equal(shortenReason('\u0007\u009f'), undefined);
    assert.equal(shortenReason('  Token\u0000expired\n\nagain\u007f. '), 'Token expired again .');
    assert.equal(shortenReason('a\u001fb'), 'a b');
    // Bidi controls could reorder the widget's own words around the server's.
    assert.equal(shortenReason('x\u202ey\u2066z\u2069'), 'x y z');
    const exact = 'x'.repeat(MAX_REASON_LENGTH);
    assert.equal(shortenReason(exact), exact);
    const long = shortenReason('y'.repeat(MAX_REASON_LENGTH + 1))!;
    assert.equal(long, `${'y'.repeat(MAX_REASON_LENGTH - 1)}…`);
    assert.equal(long.length, MAX_REASON_LENGTH);
    // The cut does not leave a space before the ellipsis.
    assert.equal(shortenReason(`${'z'.repeat(MAX_REASON_LENGTH - 2)} and more`), `${'z'.repeat(MAX_REASON_LENGTH - 2)}…`);
  });
});

describe('failureReason and serverReason', () => {
  it('names a timeout and a network error', () => {
    assert.equal(failureReason({ kind: 'timeout' }), 'Timed out');
    assert.equal(failureReason({ kind: 'network' }), 'Network error');
  });

  it('reads error.message, a string error, or message, in that order', () => {
    assert.equal(serverReason(undefined), undefined);
    assert.equal(serverReason({}), undefined);
    assert.equal(serverReason({ error: 'Session  expired' }), 'Session expired');
    assert.equal(serverReason({ error: { message: 'Refresh failed' }, message: 'other' }), 'Refresh failed');
    assert.equal(serverReason({ error: { message: '  ' }, message: 'Fallback' }), 'Fallback');
    assert.equal(serverReason({ error: { code: 'x' }, message: 'Fallback' }), 'Fallback');
    assert.equal(serverReason({ error: null, message: 'Top' }), 'Top');
    assert.equal(serverReason({ error: 3, message: 'Top' }), 'Top');
    assert.equal(serverReason({ error: '' , message: 'Top' }), undefined);
  });
});

describe('parseRetryAfter', () => {
  const headers = (value?: string) => new Headers(value === undefined ? {} : { 'Retry-After': value });
  const now = Date.parse('2026-11-29T10:00:00Z');

  it('reads seconds and HTTP dates, clamped to 0 … 5 minutes', () => {
    assert.equal(parseRetryAfter(headers('3'), now), 3000);
    assert.equal(parseRetryAfter(headers(' 0 '), now), 0);
    assert.equal(parseRetryAfter(headers('300'), now), 300_000);
    assert.equal(parseRetryAfter(headers('301'), now), MAX_RETRY_AFTER_MS);
    assert.equal(parseRetryAfter(headers('Sun, 29 Nov 2026 10:00:04 GMT'), now), 4000);
    assert.equal(parseRetryAfter(headers('Sun, 29 Nov 2026 09:59:00 GMT'), now), 0);
    assert.equal(parseRetryAfter(headers('Sun, 29 Nov 2026 11:00:00 GMT'), now), MAX_RETRY_AFTER_MS);
  });

  it('ignores an absent, empty or unreadable value', () => {
    for (const value of [undefined, '', '  ', 'soon', '3s', 'Someday, 99 Foo', '1e3', '0x10']) assert.equal(parseRetryAfter(headers(value), now), undefined, String(value));
  });

  it('measures a date from now by default', () => {
    const inTenSeconds = new Date(Date.now() + 10_500).toUTCString();
    const ms = parseRetryAfter(headers(inTenSeconds))!;
    assert.ok(ms > 8000 && ms <= 10_500, String(ms));
  });
});

describe('the token request', { timeout: 30_000 }, () => {
  it('reads the token from { sessionToken }, { token } and Nango\'s { data: { token } }', () => {
    assert.equal(readSessionToken({ sessionToken: 'a', token: 'b' }), 'a');
    assert.equal(readSessionToken({ token: 'b', data: { token: 'c' } }), 'b');
    assert.equal(readSessionToken({ data: { token: 'c' } }), 'c');
    for (const body of [undefined, {}, { sessionToken: '' }, { token: '  ' }, { token: 5 }, { data: 'c' }, { data: null }, { data: { token: 1 } }]) {
      assert.equal(readSessionToken(body as Record<string, unknown> | undefined), undefined, JSON.stringify(body));
    }
  });

  it('POSTs { intent } as JSON with X-Requested-With, and answers the token', async () => {
    const url = route('/token', (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"sessionToken":"tok"}'));
    assert.deepEqual(await requestSessionToken(url, 'reconnect', settings({ headers: { 'X-CSRF': 'c' } }), live()), { token: 'tok', intent: undefined });
    const request = seen.get('/token')!;
    assert.equal(request.method, 'POST');
    assert.deepEqual(JSON.parse(request.body), { intent: 'reconnect' });
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['x-requested-with'], 'nango-connection-status');
    assert.equal(request.headers['x-csrf'], 'c');
  });

  it('describes what went wrong: HTTP status with the server reason, no token, timeout', async () => {
    const ask = (url: string, extra?: Partial<RequestSettings>) => requestSessionToken(url, 'connect', settings(extra), live());
    const refused = route('/token-403', (_req, res) => res.writeHead(403).end('{"error":{"message":"Forbidden"}}'));
    assert.deepEqual(await ask(refused), { error: 'HTTP 403: Forbidden', said: undefined });
    const bare = route('/token-500', (_req, res) => res.writeHead(500).end('oops'));
    assert.deepEqual(await ask(bare), { error: 'HTTP 500', said: undefined });
    const redirect = route('/token-300', (_req, res) => res.writeHead(300).end());
    assert.equal(((await ask(redirect)) as { error: string }).error, 'HTTP 300');
    const empty = route('/token-empty', (_req, res) => res.writeHead(200).end('{"ok":true}'));
    assert.deepEqual(await ask(empty), { error: 'No session token in the answer' });
    for (const body of ['', 'not json', '[]']) {
      const unreadable = route(`/token-unreadable-${body.length}`, (_req, res) => res.writeHead(200).end(body));
      assert.deepEqual(await ask(unreadable), { error: 'No session token in the answer' }, body);
    }
    const hang = route('/token-hang', () => {});
    assert.deepEqual(await ask(hang, { timeoutMs: 100 }), { error: 'Timed out' });
    const created = route('/token-201', (_req, res) => res.writeHead(201).end('{"token":"t2"}'));
    assert.deepEqual(await ask(created), { token: 't2', intent: undefined });
  });

  it("takes the backend's intent when it names one (it knows Nango's state better than the widget)", async () => {
    const ask = (url: string) => requestSessionToken(url, 'reconnect', settings(), live());
    for (const [intent, expected] of [
      ['connect', 'connect'],
      ['reconnect', 'reconnect'],
      ['delete', undefined],
      [1, undefined],
    ] as const) {
      const url = route(`/token-intent-${intent}`, (_req, res) => res.writeHead(200).end(JSON.stringify({ sessionToken: 'tok', intent })));
      assert.deepEqual(await ask(url), { token: 'tok', intent: expected }, String(intent));
    }
  });

  it('passes on what the server said for a permanent refusal (a 4xx other than 401, 403, 408, 429), in its language', async () => {
    const ask = (url: string) => requestSessionToken(url, 'connect', settings(), live());
    const said = route('/token-422', (_req, res) =>
      res.writeHead(422, { 'Content-Type': 'application/json', 'Content-Language': 'fr-FR , en' }).end('{"error":{"code":"not_connectable","message":"Non"}}'),
    );
    assert.deepEqual(await ask(said), { error: 'HTTP 422: Non', said: { text: 'Non', code: 'not_connectable', lang: 'fr-FR' } });
    const topCode = route('/token-400', (_req, res) => res.writeHead(400).end('{"code":"nope"}'));
    assert.deepEqual(await ask(topCode), { error: 'HTTP 400', said: { text: undefined, code: 'nope', lang: 'en' } });
    for (const status of [401, 403, 408, 429, 500]) {
      const passing = route(`/token-${status}-passing`, (_req, res) => res.writeHead(status).end('{"error":{"code":"x","message":"m"}}'));
      assert.equal(((await ask(passing)) as { said?: unknown }).said, undefined, String(status));
    }
    const numericCode = route('/token-409', (_req, res) => res.writeHead(409).end('{"error":{"code":5}}'));
    assert.equal(((await ask(numericCode)) as { said?: { code?: string } }).said?.code, undefined);
  });
});
