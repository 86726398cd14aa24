/**
 * The recommended setup: `resolve` names the end user, the handlers find (or make) their
 * connection. Real @nangohq/node against the fake Nango over HTTP.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Nango } from '@nangohq/node';
import { createConnectionStatusHandler, createReconnectTokenHandler, type ConnectionRef, type ConnectionStatusError } from '../../src/server/index.js';
import { readAnswer, request, SECRET_KEY, startFakeNango, type Setup } from './helpers.js';

const ADA = { id: 'user-ada', email: 'ada@example.com', displayName: 'Ada Lovelace' };
const CONNECT: RequestInit = { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'nango-connection-status' }, body: '{"intent":"connect"}' };

describe('resolve by end user', () => {
  let setup: Setup;
  /** A fresh client per test: the lookup memory is per client. */
  let nango: Nango;
  let added: string[] = [];

  before(async () => {
    setup = await startFakeNango();
  });
  after(async () => {
    await setup.close();
  });
  beforeEach(() => {
    nango = new Nango({ secretKey: SECRET_KEY, host: setup.url });
    setup.fake.setFailure('none');
    setup.fake.clearRequests();
  });
  afterEach(() => {
    for (const id of added) setup.fake.deleteConnection(id);
    added = [];
  });

  function addFor(endUserId: string, connectionId: string, createdAt: string, integrationId = 'github') {
    setup.fake.addConnection({ connectionId, integrationId, provider: 'github', authMode: 'OAUTH2', endUser: { id: endUserId, email: 'ada@example.com' }, createdAt });
    added.push(connectionId);
  }
  const byEndUser = (extra: Partial<ConnectionRef> = {}) => () => ({ integrationId: 'github', endUser: ADA, displayName: 'GitHub', ...extra }) as ConnectionRef;
  const status = (resolve: () => ConnectionRef, options: { lookupCacheMs?: number } = {}) => createConnectionStatusHandler({ nango, resolve, ...options });
  const calls = (method: string, path: string | RegExp) =>
    setup.fake.getRequests().filter((call) => call.method === method && (typeof path === 'string' ? call.path === path : path.test(call.path)));

  it('zero matching connections: 200 disconnected, after one listConnections call by end user and integration', async () => {
    addFor('someone-else', 'conn-bob', '2026-01-01T00:00:00.000Z');
    addFor(ADA.id, 'conn-ada-slack', '2026-01-01T00:00:00.000Z', 'slack');
    const answer = await readAnswer(await status(byEndUser())(request('/status')), setup);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { status: 'disconnected', provider_config_key: 'github', display_name: 'GitHub', errors: [] });
    const [list, ...rest] = setup.fake.getRequests();
    assert.equal(list?.path, '/connections');
    // The first page (Nango's pages start at 0, which the SDK leaves out), of LIST_PAGE_SIZE.
    assert.deepEqual(list?.query, { endUserId: ADA.id, integrationId: 'github', limit: '1000' });
    assert.deepEqual(rest, []);
  });

  it('one matching connection: its status, under its id', async () => {
    addFor(ADA.id, 'conn-ada-1', '2026-01-01T00:00:00.000Z');
    const answer = await readAnswer(await status(byEndUser())(request('/status')), setup);
    assert.deepEqual(answer.body, { status: 'valid', connection_id: 'conn-ada-1', provider_config_key: 'github', provider: 'github', display_name: 'GitHub', errors: [] });
  });

  it('two matching connections: the most recently created wins, whatever the list order', async () => {
    addFor(ADA.id, 'conn-ada-new', '2026-03-01T00:00:00.000Z');
    addFor(ADA.id, 'conn-ada-old', '2026-01-01T00:00:00.000Z');
    setup.fake.breakConnection('conn-ada-old', 'auth_error');
    const answer = await readAnswer(await status(byEndUser())(request('/status')), setup);
    assert.equal(answer.body.connection_id, 'conn-ada-new');
    assert.equal(answer.body.status, 'valid');
  });

  it('remembers the connection: one Nango call per check within the TTL', async () => {
    addFor(ADA.id, 'conn-ada-1', '2026-01-01T00:00:00.000Z');
    const handler = status(byEndUser());
    for (let i = 0; i < 5; i++) assert.equal((await handler(request('/status'))).status, 200);
    assert.equal(calls('GET', '/connections').length, 1, 'one lookup');
    assert.equal(calls('GET', '/connections/conn-ada-1').length, 5, 'one check per request');
    assert.equal(setup.fake.getRequests().length, 6);
  });

  it('shares the memory between the status and token handlers of one client', async () => {
    addFor(ADA.id, 'conn-ada-1', '2026-01-01T00:00:00.000Z');
    await (await status(byEndUser())(request('/status'))).text();
    const token = await readAnswer(await createReconnectTokenHandler({ nango, resolve: byEndUser() })(request('/token', CONNECT)), setup);
    assert.equal(token.body.intent, 'reconnect', 'the connection exists: a reconnect session, whatever the intent hint said');
    assert.equal(setup.fake.getSession(token.body.sessionToken)?.connectionId, 'conn-ada-1');
    assert.equal(calls('GET', '/connections').length, 1);
  });

  it('looks up again after the TTL', async () => {
    addFor(ADA.id, 'conn-ada-1', '2026-01-01T00:00:00.000Z');
    const handler = status(byEndUser(), { lookupCacheMs: 30 });
    await (await handler(request('/status'))).text();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await (await handler(request('/status'))).text();
    assert.equal(calls('GET', '/connections').length, 2);
  });

  it('looks up again when Nango answers 404 for the remembered id: deleted → disconnected ("none" remembered 5 s), made again → the new id', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    addFor(ADA.id, 'conn-ada-1', '2026-01-01T00:00:00.000Z');
    const handler = status(byEndUser());
    assert.equal((await readAnswer(await handler(request('/status')), setup)).body.connection_id, 'conn-ada-1');
    setup.fake.deleteConnection('conn-ada-1');
    assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'disconnected');
    assert.equal(calls('GET', '/connections').length, 2, 'the 404 made it look again');
    addFor(ADA.id, 'conn-ada-2', '2026-02-01T00:00:00.000Z');
    t.mock.timers.tick(4_900);
    assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'disconnected', '"none" is remembered for 5 s');
    assert.equal(calls('GET', '/connections').length, 2, 'no list call while "none" is remembered');
    t.mock.timers.tick(200);
    const again = await readAnswer(await handler(request('/status')), setup);
    assert.equal(again.body.connection_id, 'conn-ada-2', '"none" is forgotten after 5 s');
    assert.equal(calls('GET', '/connections').length, 3);
  });

  it('with both an id and an end user: the id first, the end user when Nango does not know the id', async () => {
    addFor(ADA.id, 'conn-ada-1', '2026-01-01T00:00:00.000Z');
    const known = await readAnswer(await status(byEndUser({ connectionId: 'conn-valid' }))(request('/status')), setup);
    assert.equal(known.body.connection_id, 'conn-valid');
    assert.deepEqual(calls('GET', '/connections'), [], 'no lookup while the id works');
    const stale = await readAnswer(await status(byEndUser({ connectionId: 'conn-deleted-long-ago' }))(request('/status')), setup);
    assert.equal(stale.body.connection_id, 'conn-ada-1');
    assert.equal(stale.body.status, 'valid');
  });

  it('ignores listed connections of another user or integration, whatever Nango\'s filter did', async () => {
    const careless = {
      getConnection: () => Promise.reject(new Error('must not be asked about a stranger\'s connection')),
      listConnections: async () => ({
        connections: [
          { connection_id: 'conn-bob', provider_config_key: 'github', created: '2026-05-01T00:00:00.000Z', end_user: { id: 'bob' } },
          { connection_id: 'conn-no-user', provider_config_key: 'github', created: '2026-05-01T00:00:00.000Z', end_user: null },
          { connection_id: 'conn-ada-slack', provider_config_key: 'slack', created: '2026-05-01T00:00:00.000Z', end_user: { id: ADA.id } },
          { connection_id: '../x', provider_config_key: 'github', created: '2026-05-01T00:00:00.000Z', end_user: { id: ADA.id } },
        ],
      }),
    };
    const handler = createConnectionStatusHandler({ nango: careless, resolve: byEndUser() });
    assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'disconnected');
  });

  describe('token handler', () => {
    const token = (resolve: () => ConnectionRef, onError?: (error: ConnectionStatusError) => void) => createReconnectTokenHandler({ nango, resolve, onError });

    it('no connection yet: a connect session for the end user and this one integration', async () => {
      const answer = await readAnswer(await token(byEndUser())(request('/token', CONNECT)), setup);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.intent, 'connect');
      const [list, connect] = setup.fake.getRequests();
      assert.equal(list?.path, '/connections');
      assert.equal(connect?.path, '/connect/sessions');
      assert.deepEqual(connect?.body, { end_user: { id: ADA.id, email: ADA.email, display_name: ADA.displayName }, allowed_integrations: ['github'] });
      const session = setup.fake.getSession(answer.body.sessionToken);
      assert.equal(session?.kind, 'connect');
      assert.equal(session?.integrationId, 'github');
    });

    it('falls back to a connect session when createReconnectSession answers 400 invalid_body (the id was deleted)', async () => {
      const answer = await readAnswer(await token(byEndUser({ connectionId: 'conn-gone' }))(request('/token', { ...CONNECT, body: '{"intent":"reconnect"}' })), setup);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.intent, 'connect', 'Nango\'s state wins over the intent hint');
      // Nango's 400 alone proves nothing: getConnection's 404 does.
      assert.deepEqual(setup.fake.getRequests().map((call) => call.path), ['/connect/sessions/reconnect', '/connections/conn-gone', '/connections', '/connect/sessions']);
    });

    it('answers 409 not_connectable when there is no connection and no end user', async () => {
      const reported: ConnectionStatusError[] = [];
      const answer = await readAnswer(await token(() => ({ integrationId: 'github', connectionId: 'conn-gone' }), (error) => reported.push(error))(request('/token', CONNECT)), setup);
      assert.equal(answer.status, 409);
      assert.equal(answer.body.error.code, 'not_connectable');
      assert.match(reported[0]?.message ?? '', /resolve\(\)/);
    });

    it('refuses a body that is not the element\'s: 400 invalid_body, before resolving', async () => {
      let resolved = 0;
      const handler = token(() => (resolved++, byEndUser()()));
      for (const body of ['not json', '[]', '{"intent":"delete"}']) {
        const answer = await readAnswer(await handler(request('/token', { ...CONNECT, body })), setup);
        assert.equal(answer.status, 400, body);
        assert.equal(answer.body.error.code, 'invalid_body');
      }
      assert.equal(resolved, 0);
    });

    it('first connect, then verification: the status handler finds the new connection by end user', async () => {
      const statusHandler = status(byEndUser());
      assert.equal((await readAnswer(await statusHandler(request('/status')), setup)).body.status, 'disconnected');
      const { body } = await readAnswer(await token(byEndUser())(request('/token', CONNECT)), setup);
      // What the stand-in Connect UI does with the session token: the API-key form.
      setup.fake.addConnection({ connectionId: 'conn-unused', integrationId: 'linear-key', provider: 'linear', authMode: 'API_KEY' });
      added.push('conn-unused');
      const auth = await fetch(`${setup.url}/oauth/authorize/github?connect_session_token=${body.sessionToken}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"allow":true}' });
      const created = (await auth.json()) as { connectionId: string; providerConfigKey: string };
      added.push(created.connectionId);
      assert.match(created.connectionId, /^[0-9a-f-]{36}$/, 'Nango chose a new id');
      const verified = await readAnswer(await statusHandler(request('/status')), setup);
      assert.equal(verified.body.status, 'valid');
      assert.equal(verified.body.connection_id, created.connectionId);
    });
  });

  describe('display name', () => {
    it('comes from Nango\'s integration, asked once per TTL', async () => {
      setup.fake.setDisplayName('github', 'GitHub Enterprise');
      try {
        const handler = createConnectionStatusHandler({ nango, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github' }) });
        for (let i = 0; i < 3; i++) assert.equal((await readAnswer(await handler(request('/status')), setup)).body.display_name, 'GitHub Enterprise');
        assert.equal(calls('GET', '/integrations/github').length, 1);
      } finally {
        setup.fake.setDisplayName('github', 'GitHub');
      }
    });

    it('resolve\'s displayName wins, and Nango is not asked', async () => {
      const handler = createConnectionStatusHandler({ nango, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github', displayName: 'Our GitHub' }) });
      assert.equal((await readAnswer(await handler(request('/status')), setup)).body.display_name, 'Our GitHub');
      assert.deepEqual(calls('GET', /^\/integrations/), []);
    });

    it('a failing getIntegration never fails the check', async () => {
      const client = {
        getConnection: nango.getConnection.bind(nango),
        getIntegration: () => Promise.reject(Object.assign(new Error('403'), { response: { status: 403, data: {} } })),
      };
      const handler = createConnectionStatusHandler({ nango: client, resolve: () => ({ connectionId: 'conn-valid', integrationId: 'github' }) });
      const answer = await readAnswer(await handler(request('/status')), setup);
      assert.equal(answer.status, 200);
      assert.equal(answer.body.status, 'valid');
      assert.equal(answer.body.display_name, undefined);
    });
  });
});
