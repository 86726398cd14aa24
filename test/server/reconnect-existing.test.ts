/**
 * Issue 19.1: a Reconnect never makes a new connection while the user's connection exists.
 * Some Nango versions answer `400 invalid_body` "Can't update a connection that was not
 * created with a session token" for a connection made without an end user (the fake Nango's
 * `legacyReconnect` option answers exactly that, NANGO.md). Real @nangohq/node over HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Nango } from '@nangohq/node';
import { createConnectionStatusHandler, createReconnectTokenHandler, type ConnectionRef, type ConnectionStatusError } from '../../src/server/index.js';
import { createFakeNango, type FakeNango } from '../../demo/server/fake-nango.js';
import { assertError, readAnswer, request, SECRET_KEY, type Setup } from './helpers.js';

const ADA = { id: 'user-ada', email: 'ada@example.com', displayName: 'Ada Lovelace' };
const RECONNECT: RequestInit = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"intent":"reconnect"}' };
const LEGACY_ANSWER = { error: { code: 'invalid_body', message: "Can't update a connection that was not created with a session token" } };

describe('reconnecting a connection Nango refuses with 400 invalid_body (issue 19.1)', () => {
  let fake: FakeNango;
  let setup: Setup;
  let nango: Nango;
  const reported: ConnectionStatusError[] = [];

  before(async () => {
    fake = createFakeNango({ secretKey: SECRET_KEY, legacyReconnect: true });
    const { url, close } = await fake.listen();
    setup = { fake, nango: new Nango({ secretKey: SECRET_KEY, host: url }), url, close };
  });
  after(() => setup.close());
  beforeEach(() => {
    // A fresh client per test: sessions and lookups are remembered per client.
    nango = new Nango({ secretKey: SECRET_KEY, host: setup.url });
    for (const id of fake.connectionIds({})) fake.deleteConnection(id);
    // The legacy connection: made without an end user (before the app passed one), now broken.
    fake.addConnection({ connectionId: 'conn-legacy', integrationId: 'linear-key', provider: 'linear', authMode: 'API_KEY', state: 'expired' });
    fake.setFailure('none');
    fake.clearRequests();
    reported.length = 0;
  });

  const token = (ref: ConnectionRef) => createReconnectTokenHandler({ nango, resolve: () => ref, onError: (error) => reported.push(error) });
  const paths = () => fake.getRequests().map((call) => `${call.method} ${call.path}`);

  it('the fake answers exactly what NANGO.md shows, for a connection made without an end user and a body without one', async () => {
    const response = await fetch(`${setup.url}/connect/sessions/reconnect`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ connection_id: 'conn-legacy', integration_id: 'linear-key' }),
    });
    assert.equal(response.status, 400);
    assert.equal(await response.text(), JSON.stringify(LEGACY_ANSWER));
  });

  it('with an end user from resolve: a reconnect session for THE connection, end_user in the body, no connect session', async () => {
    const answer = await readAnswer(await token({ connectionId: 'conn-legacy', integrationId: 'linear-key', endUser: ADA })(request('/token', RECONNECT)), setup);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.intent, 'reconnect');
    assert.deepEqual(paths(), ['POST /connect/sessions/reconnect']);
    assert.deepEqual(fake.getRequests()[0]!.body, {
      connection_id: 'conn-legacy',
      integration_id: 'linear-key',
      end_user: { id: ADA.id, email: ADA.email, display_name: ADA.displayName },
    });
    const session = fake.getSession(answer.body.sessionToken);
    assert.equal(session?.kind, 'reconnect');
    assert.equal(session?.connectionId, 'conn-legacy');

    // The user re-authorizes in that session (Connect UI's API-key POST): the same connection is
    // healed and now linked to the end user, so the lookup by end user finds it.
    const auth = await fetch(`${setup.url}/api-auth/api-key/linear-key?connect_session_token=${answer.body.sessionToken}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiKey: 'new-key' }),
    });
    assert.equal(auth.status, 200, await auth.text());
    assert.deepEqual(fake.connectionIds({}), ['conn-legacy'], 'no second connection');
    assert.equal(fake.getConnectionState('conn-legacy'), 'valid');
    const status = createConnectionStatusHandler({ nango, resolve: () => ({ integrationId: 'linear-key', endUser: ADA }) });
    const checked = await readAnswer(await status(request('/status')), setup);
    assert.equal(checked.body.connection_id, 'conn-legacy');
    assert.equal(checked.body.status, 'valid');
  });

  it('an end user with only an id (or only an email) sends only what it has', async () => {
    await readAnswer(await token({ connectionId: 'conn-legacy', integrationId: 'linear-key', endUser: { id: 'user-id-only' } })(request('/token', RECONNECT)), setup);
    assert.deepEqual(fake.getRequests()[0]!.body, { connection_id: 'conn-legacy', integration_id: 'linear-key', end_user: { id: 'user-id-only' } });
    fake.clearRequests();
    await readAnswer(await token({ connectionId: 'conn-legacy', integrationId: 'linear-key', endUser: { id: 'user-mail', email: 'm@example.com' } })(request('/token', RECONNECT)), setup);
    assert.deepEqual(fake.getRequests()[0]!.body, { connection_id: 'conn-legacy', integration_id: 'linear-key', end_user: { id: 'user-mail', email: 'm@example.com' } });
    fake.clearRequests();
    await readAnswer(await token({ connectionId: 'conn-legacy', integrationId: 'linear-key', endUser: { id: 'user-name', displayName: 'N' } })(request('/token', RECONNECT)), setup);
    assert.deepEqual(fake.getRequests()[0]!.body, { connection_id: 'conn-legacy', integration_id: 'linear-key', end_user: { id: 'user-name', display_name: 'N' } });
  });

  it('without an end user: 409 not_reconnectable after getConnection proves the connection exists — every click, never a connect session', async () => {
    const handler = token({ connectionId: 'conn-legacy', integrationId: 'linear-key' });
    for (let click = 0; click < 3; click++) {
      const answer = await readAnswer(await handler(request('/token', RECONNECT)), setup);
      assertError(answer, 409, 'not_reconnectable');
      assert.equal(answer.body.provider_config_key, 'linear-key');
    }
    // The three clicks within 5 s share one answer: one reconnect attempt, one confirmation.
    assert.deepEqual(paths(), ['POST /connect/sessions/reconnect', 'GET /connections/conn-legacy']);
    assert.deepEqual(fake.connectionIds({}), ['conn-legacy']);
    assert.equal(reported.length, 1);
    assert.equal(reported[0]!.code, 'not_reconnectable');
    assert.equal(reported[0]!.status, 409);
    assert.equal(reported[0]!.nangoStatus, 400);
    assert.equal(reported[0]!.nangoCode, 'invalid_body');
    assert.match(reported[0]!.message, /conn-legacy/);
    assert.match(reported[0]!.message, /add endUser/);
  });

  it('a healthy legacy connection (getConnection 200) is not reconnectable either without an end user', async () => {
    fake.healConnection('conn-legacy');
    const answer = await readAnswer(await token({ connectionId: 'conn-legacy', integrationId: 'linear-key' })(request('/token', RECONNECT)), setup);
    assertError(answer, 409, 'not_reconnectable');
  });

  it('a connection Nango really does not know (400 then 404): a connect session for the end user', async () => {
    const answer = await readAnswer(await token({ connectionId: 'conn-deleted', integrationId: 'linear-key', endUser: ADA })(request('/token', RECONNECT)), setup);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.intent, 'connect');
    assert.deepEqual(paths(), ['POST /connect/sessions/reconnect', 'GET /connections/conn-deleted', 'GET /connections', 'POST /connect/sessions']);
  });

  it("resolve's id gone but the end user's connection exists: the end user's connection is reconnected", async () => {
    fake.addConnection({ connectionId: 'conn-ada', integrationId: 'linear-key', provider: 'linear', authMode: 'API_KEY', state: 'expired', endUser: { id: ADA.id } });
    const answer = await readAnswer(await token({ connectionId: 'conn-deleted', integrationId: 'linear-key', endUser: ADA })(request('/token', RECONNECT)), setup);
    assert.equal(answer.body.intent, 'reconnect');
    assert.equal(fake.getSession(answer.body.sessionToken)?.connectionId, 'conn-ada');
  });
});

describe('which answer to the confirming getConnection leads where', () => {
  const invalidBody = () => Object.assign(new Error('400'), { response: { status: 400, data: LEGACY_ANSWER, headers: {} } });
  const failing = (status: number, code?: string) => () =>
    Promise.reject(Object.assign(new Error(String(status)), { response: { status, data: code ? { error: { code } } : {}, headers: {} } }));
  const fakeSetup = { fake: { getSecret: () => undefined }, url: 'http://nango.invalid' } as unknown as Setup;

  function client(getConnection: (() => Promise<unknown>) | undefined) {
    const calls: string[] = [];
    return {
      calls,
      nango: {
        createReconnectSession: async () => {
          calls.push('reconnect');
          throw invalidBody();
        },
        createConnectSession: async () => {
          calls.push('connect');
          return { data: { token: 'tok', expires_at: new Date(Date.now() + 60_000).toISOString() } };
        },
        listConnections: async () => {
          calls.push('list');
          return { connections: [] };
        },
        ...(getConnection ? { getConnection: (...args: unknown[]) => (calls.push(`get ${args.join(' ')}`), getConnection()) } : {}),
      },
    };
  }
  const ask = async (nango: object, ref: ConnectionRef = { connectionId: 'conn-1', integrationId: 'github', endUser: { id: 'u1' } }) =>
    readAnswer(await createReconnectTokenHandler({ nango: nango as never, resolve: () => ref })(request('/token', RECONNECT)), fakeSetup);

  it('404 → the connection is gone: a connect session', async () => {
    const { nango, calls } = client(failing(404, 'not_found'));
    const answer = await ask(nango);
    assert.equal(answer.body.intent, 'connect', answer.text);
    assert.deepEqual(calls, ['reconnect', 'get github conn-1', 'list', 'connect']);
  });

  for (const status of [400, 424]) {
    it(`${status} invalid_credentials → it exists (a failed refresh): 409 not_reconnectable`, async () => {
      const { nango, calls } = client(failing(status, 'invalid_credentials'));
      assertError(await ask(nango), 409, 'not_reconnectable');
      assert.ok(!calls.includes('connect'));
    });
  }

  it('200 → it exists: 409 not_reconnectable', async () => {
    const { nango, calls } = client(async () => ({ connection_id: 'conn-1', provider_config_key: 'github' }));
    assertError(await ask(nango), 409, 'not_reconnectable');
    assert.ok(!calls.includes('connect'));
  });

  it('5xx → unknown: 502, never a connect session', async () => {
    const { nango, calls } = client(failing(500, 'server_error'));
    assertError(await ask(nango), 502, 'nango_error');
    assert.ok(!calls.includes('connect'));
  });

  it('400 with another code (the integration is unknown) → 500 server_misconfigured, never a connect session', async () => {
    const { nango, calls } = client(failing(400, 'unknown_provider_config'));
    assertError(await ask(nango), 500, 'server_misconfigured');
    assert.ok(!calls.includes('connect'));
  });

  it('400 invalid_credentials with no end user → still not_reconnectable (not not_connectable)', async () => {
    const { nango } = client(failing(400, 'invalid_credentials'));
    assertError(await ask(nango, { connectionId: 'conn-1', integrationId: 'github' }), 409, 'not_reconnectable');
  });

  it('a client without getConnection → 500 server_misconfigured, never a connect session', async () => {
    const { nango, calls } = client(undefined);
    assertError(await ask(nango), 500, 'server_misconfigured');
    assert.deepEqual(calls, ['reconnect']);
  });

  it('other Nango answers to createReconnectSession are not confirmed: 400 with another code → 500, 404 → 500', async () => {
    for (const [status, code] of [[400, 'invalid_query_params'], [404, 'not_found']] as const) {
      const calls: string[] = [];
      const nango = {
        createReconnectSession: failing(status, code),
        getConnection: () => (calls.push('get'), Promise.resolve({})),
        createConnectSession: () => (calls.push('connect'), Promise.resolve({})),
      };
      assertError(await ask(nango), 500, 'server_misconfigured');
      assert.deepEqual(calls, []);
    }
  });
});
