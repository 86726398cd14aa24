/**
 * The token route's request guards, one rule at a time: where a request comes from, which
 * origins are listed, and how its small body is read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crossOriginRefusal, isSameOriginRequest, originSet, placeholderOrigins, readSmallBody } from '../../src/server/request-guards.js';

const post = (headers: Record<string, string>, url = 'https://app.example.com/token') => new Request(url, { method: 'POST', headers });

describe('isSameOriginRequest', () => {
  const none = new Set<string>();
  it('no Origin, no Sec-Fetch-Site: allowed (same-origin GETs and old browsers send none)', () => {
    assert.equal(isSameOriginRequest(post({}), none), true);
  });
  it('Sec-Fetch-Site: cross-site is refused whatever the case and spaces; other values are not', () => {
    assert.equal(isSameOriginRequest(post({ 'Sec-Fetch-Site': ' Cross-Site ' }), none), false);
    assert.equal(isSameOriginRequest(post({ 'Sec-Fetch-Site': 'same-site' }), none), true);
    assert.equal(isSameOriginRequest(post({ 'Sec-Fetch-Site': 'none' }), none), true);
  });
  it('Sec-Fetch-Site: cross-site is refused even with an Origin that is the URL\'s own', () => {
    assert.equal(isSameOriginRequest(post({ Origin: 'https://app.example.com', 'Sec-Fetch-Site': 'CROSS-SITE' }), none), false);
    assert.equal(isSameOriginRequest(post({ Origin: 'https://app.example.com', 'Sec-Fetch-Site': 'same-origin' }), none), true);
  });
  it("the request URL's own origin, or the Host (any case), is its own", () => {
    assert.equal(isSameOriginRequest(post({ Origin: 'https://app.example.com' }), none), true);
    assert.equal(isSameOriginRequest(post({ Origin: 'http://app.example.com' }), none), false, 'another scheme, no Host');
    assert.equal(isSameOriginRequest(post({ Origin: 'http://proxy.example', Host: 'Proxy.Example' }), none), true);
    assert.equal(isSameOriginRequest(post({ Origin: 'http://proxy.example:8080', Host: 'proxy.example' }), none), false, 'the port counts');
    assert.equal(isSameOriginRequest(post({ Origin: 'https://evil.example', Host: 'app.example.com' }), none), false);
  });
  it('"null" and garbage Origins are refused', () => {
    assert.equal(isSameOriginRequest(post({ Origin: 'null' }), none), false);
    assert.equal(isSameOriginRequest(post({ Origin: 'not a url' }), none), false);
  });
  it('a listed origin passes even cross-site; an unlisted one does not', () => {
    const listed = originSet(['https://admin.example.com/some/path', 'not a url']);
    assert.deepEqual([...listed], ['https://admin.example.com']);
    assert.equal(isSameOriginRequest(post({ Origin: 'https://admin.example.com', 'Sec-Fetch-Site': 'cross-site' }), listed), true);
    assert.equal(isSameOriginRequest(post({ Origin: 'https://other.example.com', 'Sec-Fetch-Site': 'cross-site' }), listed), false);
    assert.deepEqual([...originSet(undefined)], []);
  });
  it("a placeholder URL origin (toNodeHandler without origin) is not the request's own: only Host is", () => {
    const request = post({ Origin: 'http://localhost' }, 'http://localhost/token');
    assert.equal(isSameOriginRequest(request, none), true, 'unmarked: the URL origin counts');
    placeholderOrigins.add(request);
    assert.equal(isSameOriginRequest(request, none), false);
    const withHost = post({ Origin: 'http://localhost', Host: 'localhost' }, 'http://localhost/token');
    placeholderOrigins.add(withHost);
    assert.equal(isSameOriginRequest(withHost, none), true);
  });
});

describe('crossOriginRefusal', () => {
  it('names the Origin, Host, URL origin and Sec-Fetch-Site it judged by, and suggests the Origin as the page to list', () => {
    const request = post({ Origin: 'https://page.example:5173', Host: 'backend.internal:3000', 'Sec-Fetch-Site': 'Cross-Site' });
    assert.equal(
      crossOriginRefusal(request),
      'Refused a token request as cross-origin (Origin "https://page.example:5173", Host "backend.internal:3000", URL origin "https://app.example.com", ' +
        'Sec-Fetch-Site: cross-site). If that page is yours, e.g. behind a dev server proxy that rewrites Host (changeOrigin), ' +
        "list its origin in allowedOrigins: ['https://page.example:5173'], or give toNodeHandler the origin the page is served from: { origin: 'https://page.example:5173' }.",
    );
  });
  it('no Origin, no Host, not cross-site: "(none)", and an example page origin to list', () => {
    const message = crossOriginRefusal(post({ 'Sec-Fetch-Site': 'same-site' }));
    assert.ok(message.startsWith('Refused a token request as cross-origin (Origin "(none)", Host "(none)", URL origin "https://app.example.com"). '), message);
    assert.ok(message.endsWith("allowedOrigins: ['https://your-page.example'], or give toNodeHandler the origin the page is served from: { origin: 'https://your-page.example' }."), message);
  });
  it('Origin "null" (a sandboxed frame) is shown but never suggested as an origin to list', () => {
    const message = crossOriginRefusal(post({ Origin: 'null' }));
    assert.ok(message.startsWith('Refused a token request as cross-origin (Origin "null", Host "(none)", URL origin "https://app.example.com"). '), message);
    assert.ok(message.includes("allowedOrigins: ['https://your-page.example']"), message);
    assert.ok(!message.includes("'null'"), message);
  });
});

describe('readSmallBody', () => {
  const stream = (chunks: string[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
  const withBody = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    new Request('https://x.test/', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

  it('reads a body made of several chunks, in order, as UTF-8', async () => {
    assert.deepEqual(await readSmallBody(withBody(stream(['{"a":', '"é"', '}']))), { ok: true, text: '{"a":"é"}' });
  });
  it('no body: empty text', async () => {
    assert.deepEqual(await readSmallBody(new Request('https://x.test/', { method: 'POST' })), { ok: true, text: '' });
  });
  it('exactly maxBytes is read; one more is 413, declared or streamed', async () => {
    assert.deepEqual(await readSmallBody(withBody(stream(['12345'])), 5), { ok: true, text: '12345' });
    assert.deepEqual(await readSmallBody(withBody(stream(['123', '456'])), 5), { ok: false, status: 413 });
    assert.deepEqual(await readSmallBody(withBody('x', { 'Content-Length': '6' }), 5), { ok: false, status: 413 });
    assert.deepEqual(await readSmallBody(withBody('12345', { 'Content-Length': '5' }), 5), { ok: true, text: '12345' });
  });
  it('a body slower than the time limit is 408, after about that time', async () => {
    const slow = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const started = Date.now();
    assert.deepEqual(await readSmallBody(withBody(slow), 100, 80), { ok: false, status: 408 });
    assert.ok(Date.now() - started >= 75);
  });
  it('leaves no timer behind once the body is read (nothing keeps the process alive for the time limit)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = timers();
    assert.deepEqual(await readSmallBody(withBody(stream(['ok'])), 100, 60_000), { ok: true, text: 'ok' });
    assert.equal(timers(), before, 'the 60 s time limit timer is still pending');
  });
  it('a stream that fails is 400', async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('reset'));
      },
    });
    assert.deepEqual(await readSmallBody(withBody(broken)), { ok: false, status: 400 });
  });
});
