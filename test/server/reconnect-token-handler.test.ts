import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Nango } from '@nangohq/node';
import { createReconnectTokenHandler } from '../../src/server/index.js';
import type { ConnectionRef, ConnectionStatusError } from '../../src/server/index.js';
import { assertError, closedPortUrl, readAnswer, request, SECRET_KEY, startFakeNango, type Setup } from './helpers.js';

const JSON_POST: RequestInit = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' };

describe('createReconnectTokenHandler', () => {
  let setup: Setup;
  before(async () => {
    setup = await startFakeNango();
  });
  after(async () => {
    await setup.close();
  });
  /** A fresh client per test: a session is shared for 5 s per client (and per user and connection). */
  let nango: Nango;
  beforeEach(() => {
    nango = new Nango({ secretKey: SECRET_KEY, host: setup.url });
    setup.fake.setFailure('none');
    setup.fake.clearRequests();
  });

  function tokenFor(ref: ConnectionRef | null, timeoutMs?: number) {
    return createReconnectTokenHandler({ nango, resolve: () => ref, timeoutMs });
  }
  const github = (connectionId: string): ConnectionRef => ({ connectionId, integrationId: 'github' });

  it('answers 200 { sessionToken, expiresAt } for the resolved connection', async () => {
    const before = Date.now();
    const answer = await readAnswer(await tokenFor(github('conn-expired'))(request('/token', JSON_POST)), setup);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(Object.keys(answer.body).sort(), ['expiresAt', 'intent', 'sessionToken']);
    assert.equal(answer.body.intent, 'reconnect');
    const session = setup.fake.getSession(answer.body.sessionToken);
    assert.ok(session, 'the token is one the fake Nango issued');
    assert.equal(session.connectionId, 'conn-expired');
    assert.equal(session.integrationId, 'github');
    assert.equal(new Date(answer.body.expiresAt).getTime(), session.expiresAt);
    assert.ok(session.expiresAt >= before + 29 * 60_000);
    const [call] = setup.fake.getRequests();
    assert.equal(call?.path, '/connect/sessions/reconnect');
    assert.deepEqual(call?.body, { connection_id: 'conn-expired', integration_id: 'github' });
  });

  it('takes the connection from resolve, never from the request body', async () => {
    const forged: RequestInit = { ...JSON_POST, body: JSON.stringify({ connection_id: 'conn-valid', connectionId: 'conn-valid', integration_id: 'github' }) };
    const answer = await readAnswer(await tokenFor(github('conn-expired'))(request('/token', forged)), setup);
    assert.equal(answer.status, 200);
    assert.equal(setup.fake.getSession(answer.body.sessionToken)?.connectionId, 'conn-expired');
  });

  it('accepts X-Requested-With: nango-connection-status instead of a JSON content type', async () => {
    const init: RequestInit = { method: 'POST', headers: { 'X-Requested-With': 'nango-connection-status' } };
    const answer = await readAnswer(await tokenFor(github('conn-valid'))(request('/token', init)), setup);
    assert.equal(answer.status, 200);
  });

  it('accepts application/json with a charset', async () => {
    const init: RequestInit = { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{}' };
    assert.equal((await readAnswer(await tokenFor(github('conn-valid'))(request('/token', init)), setup)).status, 200);
  });

  for (const [label, init] of [
    ['no content type and no header', { method: 'POST' }],
    ['a form post', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1' }],
    ['text/plain', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' }],
    ['a wrong X-Requested-With', { method: 'POST', headers: { 'X-Requested-With': 'XMLHttpRequest' } }],
  ] as const) {
    it(`rejects ${label} with 415 before resolving or calling Nango`, async () => {
      let resolved = false;
      const handler = createReconnectTokenHandler({
        nango: setup.nango,
        resolve: () => {
          resolved = true;
          return github('conn-valid');
        },
      });
      assertError(await readAnswer(await handler(request('/token', init)), setup), 415, 'unsupported_media_type');
      assert.equal(resolved, false);
      assert.deepEqual(setup.fake.getRequests(), []);
    });
  }

  for (const method of ['GET', 'HEAD', 'PUT', 'DELETE']) {
    it(`answers ${method} with 405 and Allow: POST`, async () => {
      const answer = await readAnswer(await tokenFor(github('conn-valid'))(request('/token', { method })), setup, { head: method === 'HEAD' });
      assert.equal(answer.status, 405);
      assert.equal(answer.headers.get('allow'), 'POST');
      assert.deepEqual(setup.fake.getRequests(), []);
    });
  }

  it('answers 401 for an anonymous request and does not call Nango', async () => {
    assertError(await readAnswer(await tokenFor(null)(request('/token', JSON_POST)), setup), 401, 'unauthorized');
    assert.deepEqual(setup.fake.getRequests(), []);
  });

  it('answers a safe 500 when resolve throws', async () => {
    const handler = createReconnectTokenHandler({
      nango: setup.nango,
      resolve: () => {
        throw new Error('db password hunter2');
      },
    });
    const answer = await readAnswer(await handler(request('/token', JSON_POST)), setup);
    assertError(answer, 500, 'internal_error');
    assert.ok(!answer.text.includes('hunter2'));
  });

  it('answers 409 not_connectable, in words for the user, when Nango does not know the id and resolve gave no end user', async () => {
    const reported: ConnectionStatusError[] = [];
    const handler = createReconnectTokenHandler({ nango, resolve: () => github('conn-nope'), onError: (error) => reported.push(error) });
    const answer = await readAnswer(await handler(request('/token', JSON_POST)), setup);
    assertError(answer, 409, 'not_connectable');
    assert.equal(answer.body.error.message, "This integration can't be connected from here. Contact your administrator.");
    assert.deepEqual(
      setup.fake.getRequests().map((call) => call.path),
      ['/connect/sessions/reconnect', '/connections/conn-nope'],
      'one reconnect attempt, its 400 confirmed by a 404, no connect session without an end user',
    );
    assert.equal(reported.length, 1);
    assert.equal(reported[0]!.code, 'not_connectable');
    assert.match(reported[0]!.message, /add endUser/);
  });

  it('answers 409 not_connectable when the connection belongs to another integration', async () => {
    const handler = tokenFor({ connectionId: 'conn-api-key', integrationId: 'github' });
    assertError(await readAnswer(await handler(request('/token', JSON_POST)), setup), 409, 'not_connectable');
  });

  it('answers 500 server_misconfigured when Nango refuses the secret key', async () => {
    const handler = createReconnectTokenHandler({ nango: new Nango({ secretKey: 'sk-wrong', host: setup.url }), resolve: () => github('conn-valid') });
    // (Nango answers 401 invalid_secret_key_format for a key that is not a UUID.)
    assertError(await readAnswer(await handler(request('/token', JSON_POST)), setup), 500, 'server_misconfigured');
  });

  it('answers 502 when Nango fails with a 5xx', async () => {
    setup.fake.setFailure('500');
    assertError(await readAnswer(await tokenFor(github('conn-valid'))(request('/token', JSON_POST)), setup), 502, 'nango_error');
  });

  it('answers 502 when Nango answers without a token', async () => {
    const nango = { createReconnectSession: async () => ({ data: { token: '', expires_at: 'soon' } }) };
    const handler = createReconnectTokenHandler({ nango, resolve: () => github('conn-valid') });
    assertError(await readAnswer(await handler(request('/token', JSON_POST)), setup), 502, 'nango_error');
  });

  it('answers 503 when Nango cannot be reached', async () => {
    const nango = new Nango({ secretKey: SECRET_KEY, host: await closedPortUrl() });
    const handler = createReconnectTokenHandler({ nango, resolve: () => github('conn-valid') });
    assertError(await readAnswer(await handler(request('/token', JSON_POST)), setup), 503, 'nango_unreachable');
  });

  it('answers 503 when Nango drops the connection', async () => {
    setup.fake.setFailure('reset');
    assertError(await readAnswer(await tokenFor(github('conn-valid'))(request('/token', JSON_POST)), setup), 503, 'nango_unreachable');
  });

  it('answers 504 when Nango does not answer within timeoutMs', { timeout: 5000 }, async () => {
    setup.fake.setFailure('hang');
    const answer = await readAnswer(await tokenFor(github('conn-valid'), 100)(request('/token', JSON_POST)), setup);
    assertError(answer, 504, 'nango_timeout');
  });

  it('answers 503 with Retry-After when Nango rate-limits', async () => {
    const error = Object.assign(new Error('429'), { response: { status: 429, data: {}, headers: { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' } } });
    const handler = createReconnectTokenHandler({ nango: { createReconnectSession: () => Promise.reject(error) }, resolve: () => github('conn-valid') });
    const answer = await readAnswer(await handler(request('/token', JSON_POST)), setup);
    assertError(answer, 503, 'nango_busy');
    // An HTTP date (in the past here) is passed on as delay-seconds, never below 1.
    assert.equal(answer.headers.get('retry-after'), '1');
  });
});
