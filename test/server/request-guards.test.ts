/**
 * The token route's request guards, one rule at a time: where a request comes from, which
 * origins are listed, and how its small body is read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSameOriginRequest, originSet, placeholderOrigins, readSmallBody } from '../../src/server/request-guards.js';

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
  it('a stream that fails is 400', async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('reset'));
      },
    });
    assert.deepEqual(await readSmallBody(withBody(broken)), { ok: false, status: 400 });
  });
});
