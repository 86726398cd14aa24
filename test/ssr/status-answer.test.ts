// The status URL contract (src/status-request.ts), in Node without a DOM: how every kind of
// answer is classified (valid / invalid / error), and how checks are shared and aborted,
// against a real HTTP server. StrykerJS mutates this module with these tests (`npm run mutation`).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { HttpAnswer, RequestSettings } from '../../src/http.js';
import { checkStatus, classifyStatusAnswer } from '../../src/status-request.js';

function answer(status: number, text: string | undefined, headers: Record<string, string> = {}, redirected = false): HttpAnswer {
  return { kind: 'response', status, text, redirected, headers: new Headers(headers) };
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  answer(status, JSON.stringify(body), { 'Content-Type': 'application/json', ...headers });

/** Asserts the listed fields of the verdict (others may be added as the contract grows). */
function is(input: HttpAnswer, expected: Record<string, unknown>, label = '') {
  const verdict = classifyStatusAnswer(input) as unknown as Record<string, unknown>;
  const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, verdict[key]]));
  assert.deepEqual(picked, expected, label);
}

describe('classifyStatusAnswer', () => {
  it('is an error to retry, with the cause, when no answer came', () => {
    is({ kind: 'timeout' }, { status: 'error', reason: 'Timed out', retryAfterMs: 0 });
    is({ kind: 'network' }, { status: 'error', reason: 'Network error', retryAfterMs: 0 });
  });

  it('is an error for a body over the cap, whatever the status', () => {
    for (const status of [200, 401, 500]) is(answer(status, undefined), { status: 'error', reason: 'Answer too large', retryAfterMs: 0 }, String(status));
  });

  it('carries the missing scopes Nango named (permissions changed), as short plain strings', () => {
    const verdict = classifyStatusAnswer(
      json(200, { status: 'invalid', error: { code: 'missing_scopes', message: 'GitHub needs new permissions' }, missing_scopes: ['repo', ' read:org\u202e ', '', 7] }),
    ) as { status: string; said?: { code?: string; scopes?: string[] } };
    assert.equal(verdict.status, 'invalid');
    assert.equal(verdict.said?.code, 'missing_scopes');
    assert.deepEqual(verdict.said?.scopes, ['repo', 'read:org']);
    const none = classifyStatusAnswer(json(200, { status: 'invalid', missing_scopes: 'repo' })) as { said?: { scopes?: string[] } };
    assert.equal(none.said?.scopes, undefined);
  });

  it('is valid for any 2xx that does not say otherwise, with the integration name', () => {
    is(json(200, {}), { status: 'valid', integration: undefined });
    is(json(200, { status: 'valid', provider: 'github' }), { status: 'valid', integration: 'Github' });
    is(json(299, { display_name: 'Google Calendar', provider: 'google' }), { status: 'valid', integration: 'Google Calendar' });
    is(json(201, { provider_config_key: 'slack' }), { status: 'valid', integration: 'Slack' });
    is(json(200, { display_name: '  ', provider: 'hubspot' }), { status: 'valid', integration: 'Hubspot' });
    is(json(200, { provider: 'gitHub' }), { status: 'valid', integration: 'gitHub' });
    is(json(200, { provider: 7 }), { status: 'valid', integration: undefined });
    is(answer(204, ''), { status: 'valid', integration: undefined });
    is(answer(200, '   '), { status: 'valid', integration: undefined });
    // Empty is valid whatever the Content-Type says: JSON, JSON with a charset, HTML.
    for (const type of ['application/json', 'application/json; charset=utf-8', 'text/html']) {
      is(answer(200, '', { 'Content-Type': type }), { status: 'valid', integration: undefined }, type);
      is(answer(204, '', { 'Content-Type': type }), { status: 'valid', integration: undefined }, type);
    }
  });

  it('is invalid for a 2xx that says status: "invalid" or lists an auth error, with the reason', () => {
    is(json(200, { status: 'invalid', message: 'Token expired', provider: 'slack' }), { status: 'invalid', reason: 'Token expired', integration: 'Slack' });
    is(json(200, { errors: [{ type: 'sync' }, null, { type: 'auth' }] }), { status: 'invalid', reason: undefined });
    is(json(200, { errors: [{ type: 'sync' }, 'auth', null] }), { status: 'valid' });
    is(json(200, { errors: { type: 'auth' } }), { status: 'valid' });
    is(json(200, { status: 'valid', errors: [] }), { status: 'valid' });
  });

  it('is an error for a 2xx that is unreadable JSON or a web page', () => {
    is(answer(200, '{"status": "valid"', { 'Content-Type': 'application/json' }), { status: 'error', reason: 'Unreadable JSON' });
    is(answer(200, '[1, 2]'), { status: 'error', reason: 'Unreadable JSON' });
    is(answer(200, '<!doctype html>', { 'Content-Type': 'text/html' }), { status: 'error', reason: 'A web page, not JSON' });
    is(answer(200, '<html>Sign in</html>', { 'Content-Type': 'text/html' }, true), { status: 'error', reason: 'Redirected to a web page: the session may have expired' });
  });

  it('is invalid for a JSON 4xx other than 401, 403, 404, 408 and 429, with the server reason and name', () => {
    for (const status of [400, 410, 422, 424, 499]) {
      is(json(status, { error: { message: `No (${status})` }, provider: 'notion' }), { status: 'invalid', reason: `No (${status})`, integration: 'Notion' }, String(status));
    }
  });

  it('is disconnected for a JSON 404 or a body that says so', () => {
    is(json(404, { error: { message: 'No connection' }, provider: 'notion' }), { status: 'disconnected', reason: 'No connection', integration: 'Notion' });
    is(json(200, { status: 'disconnected', message: 'No connection', provider: 'notion' }), { status: 'disconnected', reason: 'No connection', integration: 'Notion' });
    // An HTML 404 is a missing route, not a missing connection.
    is(answer(404, '<html>Not found</html>', { 'Content-Type': 'text/html' }), { status: 'error', reason: 'A web page, not JSON' });
  });

  it('is an error for 401 and 403 (the user, not the connection), with what the server said', () => {
    is(json(401, { error: { code: 'session_expired', message: 'Sign in again' } }), { status: 'error', reason: 'Sign in again' });
    const withReason = classifyStatusAnswer(json(401, { message: 'Sign in again' })) as { said?: { code?: string; text?: string } };
    assert.deepEqual([withReason.said?.text, withReason.said?.code], ['Sign in again', undefined], 'a reason, no invented code');
    const bare = classifyStatusAnswer(answer(403, '')) as { status: string; reason: string; said?: { code?: string }; retryAfterMs?: number };
    assert.equal(bare.status, 'error');
    assert.equal(bare.reason, 'HTTP 403');
    assert.equal(bare.said?.code, 'unauthorized');
    assert.equal(bare.retryAfterMs, undefined, 'a person must act: no automatic retry');
  });

  it('is an error to retry for 408, 429, 5xx and other statuses, after Retry-After when given', () => {
    is(json(503, {}, { 'Retry-After': '3' }), { status: 'error', reason: 'HTTP 503', retryAfterMs: 3000 });
    is(json(429, { error: 'slow down' }, { 'Retry-After': '7' }), { status: 'error', reason: 'HTTP 429', retryAfterMs: 7000 });
    for (const status of [408, 500, 502, 399, 304, 300, 199]) is(json(status, { status: 'invalid' }), { status: 'error', reason: `HTTP ${status}`, retryAfterMs: 0 }, String(status));
  });
});

/** Status answers that hand secrets (or look as if they did) to the browser. */
const SECRET_BODIES: Record<string, unknown> = {
  '/secret-nested': { provider: 'github', connection: { id: 1, auth: { access_token: 'x' } } },
  // The key's object at depth 4 (the answer itself is depth 0): still found.
  '/secret-depth-4': { a: { b: { c: { d: { refresh_token: 'x' } } } } },
  '/secret-after-null': { provider: null, n: 3, list: [null, { apiKey: 'x' }] },
  '/secret-lookalike': { tokens_used: 3, my_credentials_count: 1, passwordless: true },
  '/secret-depth-5': { a: { b: { c: { d: { e: { token: 'x' } } } } } },
  '/secret-empty': { credentials: null, token: '', api_key: 0 },
};

describe('checkStatus (a real server)', { timeout: 30_000 }, () => {
  let server: http.Server;
  let base = '';
  const hits = new Map<string, number>();
  const release: Array<() => void> = [];
  let closedEarly = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      res.on('close', () => {
        if (!res.writableFinished) closedEarly++;
      });
      const body = SECRET_BODIES[path] ?? (path.startsWith('/secret') ? { credentials: { access_token: 'x' } } : { provider: 'github' });
      const send = () => res.writeHead(path.startsWith('/invalid') ? 410 : 200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      if (path.startsWith('/slow')) release.push(send);
      else send();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const settings: RequestSettings = { credentials: 'same-origin', timeoutMs: 3000 };
  const live = () => new AbortController().signal;
  /** Waits for a condition, failing (not hanging) after `ms`. */
  const until = async (test: () => boolean, ms = 2000) => {
    const deadline = performance.now() + ms;
    while (!test()) {
      assert.ok(performance.now() < deadline, `condition not met within ${ms} ms: ${test}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('classifies the answer', async () => {
    assert.deepEqual(await checkStatus(`${base}/ok`, settings, live()), { status: 'valid', integration: 'Github', key: undefined });
    assert.equal((await checkStatus(`${base}/invalid`, settings, live())).status, 'invalid');
  });

  it('shares one request between callers asking the same at the same moment, unless fresh or asked differently', async () => {
    const url = `${base}/slow-shared`;
    const checks = [checkStatus(url, settings, live()), checkStatus(url, settings, live()), checkStatus(url, { ...settings }, live())];
    const fresh = checkStatus(url, settings, live(), true);
    const otherHeaders = checkStatus(url, { ...settings, headers: { 'X-A': '1' } }, live());
    const otherTimeout = checkStatus(url, { ...settings, timeoutMs: 2999 }, live());
    const otherCredentials = checkStatus(url, { ...settings, credentials: 'include' }, live());
    await until(() => release.length === 5);
    for (const send of release.splice(0)) send();
    for (const verdict of await Promise.all([...checks, fresh, otherHeaders, otherTimeout, otherCredentials])) assert.equal(verdict.status, 'valid');
    assert.equal(hits.get('/slow-shared'), 5);
    // Done: the next check asks again.
    const again = checkStatus(url, settings, live());
    await until(() => release.length === 1);
    release.splice(0)[0]();
    await again;
    assert.equal(hits.get('/slow-shared'), 6);
  });

  it('keeps the shared request while one caller remains: the other still gets its answer', async () => {
    const url = `${base}/slow-keep`;
    const first = new AbortController();
    const firstCheck = checkStatus(url, settings, first.signal);
    const secondCheck = checkStatus(url, settings, live());
    await until(() => release.length === 1);
    first.abort(new Error('first left'));
    await assert.rejects(firstCheck, /first left/);
    await tick();
    release.splice(0)[0]();
    assert.equal((await secondCheck).status, 'valid');
    assert.equal(hits.get('/slow-keep'), 1);
  });

  it('aborts the shared request when the last caller leaves; the next caller starts one that later callers share', async () => {
    const url = `${base}/slow-abort`;
    // A long timeout: only the callers leaving may end the request.
    const patient: RequestSettings = { ...settings, timeoutMs: 20_000 };
    const first = new AbortController();
    const second = new AbortController();
    const firstCheck = checkStatus(url, patient, first.signal);
    const secondCheck = checkStatus(url, patient, second.signal);
    await until(() => release.length === 1);
    const before = closedEarly;
    first.abort(new Error('first left'));
    second.abort(new Error('second left'));
    // Asked while the aborted request is still settling: it must not be shared, nor forgotten by it.
    const third = checkStatus(url, patient, live());
    await assert.rejects(firstCheck, /first left/);
    await assert.rejects(secondCheck, /second left/);
    await until(() => closedEarly === before + 1, 1000);
    await until(() => release.length === 2);
    release.splice(0, 1);
    await tick();
    const fourth = checkStatus(url, patient, live());
    await tick();
    for (const send of release.splice(0)) send();
    assert.equal((await third).status, 'valid');
    assert.equal((await fourth).status, 'valid');
    assert.equal(hits.get('/slow-abort'), 2, 'the aborted request, and one shared by the third and fourth callers');
  });

  it('shares between callers whose equal headers come in another order', async () => {
    const url = `${base}/slow-headers`;
    const a = checkStatus(url, { ...settings, headers: { 'X-A': '1', 'X-B': '2' } }, live());
    const b = checkStatus(url, { ...settings, headers: { 'X-B': '2', 'X-A': '1' } }, live());
    await until(() => release.length >= 1);
    await tick();
    for (const send of release.splice(0)) send();
    await Promise.all([a, b]);
    assert.equal(hits.get('/slow-headers'), 1);
  });

  it('rejects at once for a signal aborted before the call', async () => {
    const gone = new AbortController();
    gone.abort(new Error('gone'));
    await assert.rejects(checkStatus(`${base}/ok-aborted`, settings, gone.signal), /gone/);
  });

  it('warns once per URL when the status route sends credentials, naming the key', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: unknown) => warnings.push(String(message));
    try {
      await checkStatus(`${base}/secret-a`, settings, live());
      await checkStatus(`${base}/secret-a`, settings, live());
      await checkStatus(`${base}/ok-no-secret`, settings, live());
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /secret-a sends "credentials"/);
      // And what to do instead: keep them on the server, where the server half answers the status.
      assert.match(warnings[0], /on your server/);
      assert.match(warnings[0], /nango-connection-status\/server/);
      for (const [path, key] of [
        ['/secret-nested', 'access_token'],
        ['/secret-depth-4', 'refresh_token'],
        ['/secret-after-null', 'apiKey'],
      ]) {
        await checkStatus(`${base}${path}`, settings, live());
        assert.match(warnings.at(-1)!, new RegExp(`${path} sends "${key}"`), path);
      }
      const count = warnings.length;
      // Keys that only contain a secret's name, and secrets nested deeper than anyone answers.
      for (const path of ['/secret-lookalike', '/secret-depth-5', '/secret-empty']) await checkStatus(`${base}${path}`, settings, live());
      assert.deepEqual(warnings.slice(count), []);
    } finally {
      console.warn = warn;
    }
  });
});
