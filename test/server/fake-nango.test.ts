/**
 * The fake Nango is reused by the demo and the browser tests, so its Connect UI routes,
 * CORS and control switch are pinned here.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SECRET_KEY, startFakeNango, type Setup } from './helpers.js';

describe('fake Nango', () => {
  let setup: Setup;
  before(async () => {
    setup = await startFakeNango();
  });
  after(async () => {
    await setup.close();
  });
  beforeEach(() => {
    setup.fake.setFailure('none');
    setup.fake.healConnection('conn-api-key');
  });

  const api = (path: string, init: RequestInit = {}) => fetch(`${setup.url}${path}`, init);
  const withKey = (init: RequestInit = {}): RequestInit => ({ ...init, headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Content-Type': 'application/json', ...init.headers } });

  async function reconnectToken(connectionId = 'conn-api-key', integrationId = 'linear-key'): Promise<string> {
    const response = await api('/connect/sessions/reconnect', withKey({ method: 'POST', body: JSON.stringify({ connection_id: connectionId, integration_id: integrationId }) }));
    assert.equal(response.status, 201);
    const body = await response.json();
    assert.match(body.data.connect_link, /^https:\/\/connect\.nango\.dev\?session_token=/);
    return body.data.token;
  }

  /** Status and raw body text, to compare with NANGO.md's table byte for byte. */
  const raw = async (path: string, init?: RequestInit) => {
    const response = await api(path, init);
    return { status: response.status, text: await response.text() };
  };
  const post = (body: unknown): RequestInit => withKey({ method: 'POST', body: JSON.stringify(body) });

  describe('answers exactly like Nango\'s server (NANGO.md)', () => {
    it('401 without a key or with a key that is not a UUID v4; 401 unknown_account for another UUID', async () => {
      const format = '{"error":{"message":"Authentication failed. The provided secret key is not a UUID v4.","code":"invalid_secret_key_format","payload":{}}}';
      assert.deepEqual(await raw('/connections/conn-valid?provider_config_key=github'), { status: 401, text: format });
      assert.deepEqual(await raw('/connections', { headers: { Authorization: 'Bearer sk-not-a-uuid' } }), { status: 401, text: format });
      assert.deepEqual(await raw('/connect/sessions', { method: 'POST', headers: { Authorization: 'Bearer 0c0c0c0c-0c0c-4c0c-8c0c-0c0c0c0c0c0c' }, body: '{}' }), {
        status: 401,
        text: '{"error":{"message":"Authentication failed. The provided authorization header does not match any account.","code":"unknown_account","payload":{}}}',
      });
    });

    it('getConnection: 404 not_found, 400 unknown_provider_config', async () => {
      assert.deepEqual(await raw('/connections/nope?provider_config_key=github', withKey()), { status: 404, text: '{"error":{"code":"not_found","message":"Failed to find connection"}}' });
      assert.deepEqual(await raw('/connections/conn-valid?provider_config_key=nope', withKey()), {
        status: 400,
        text: '{"error":{"code":"unknown_provider_config","message":"Provider does not exists"}}',
      });
    });

    it('getConnection of a failed refresh: 400 invalid_credentials with the connection, then 424 backing off within 30 s', async () => {
      setup.fake.breakConnection('conn-api-key', 'expired');
      const first = await api('/connections/conn-api-key?provider_config_key=linear-key', withKey());
      assert.equal(first.status, 400);
      const body = await first.json();
      assert.deepEqual(Object.keys(body.error), ['code', 'message', 'payload']);
      assert.equal(body.error.code, 'invalid_credentials');
      assert.equal(body.error.message, 'The external API returned an error when trying to refresh the access token. Please try again later.');
      assert.equal(body.error.payload.connection.connection_id, 'conn-api-key');
      assert.deepEqual(body.error.payload.connection.credentials, {});
      assert.equal(body.error.payload.connection.errors[0].type, 'auth');
      const second = await (await api('/connections/conn-api-key?provider_config_key=linear-key', withKey())).json();
      assert.equal(second.error.code, 'invalid_credentials');
      assert.equal(second.error.message, 'A recent refresh attempt failed. Backing off before retrying.');
      const exhausted = await api('/connections/conn-exhausted?provider_config_key=github', withKey());
      assert.equal(exhausted.status, 424);
      assert.equal((await exhausted.json()).error.message, 'The refresh limit has been reached for this connection.');
    });

    it('createReconnectSession: 201 {data}, 400 invalid_body for an unknown id or integration', async () => {
      const created = await api('/connect/sessions/reconnect', post({ connection_id: 'conn-valid', integration_id: 'github' }));
      assert.equal(created.status, 201);
      const { data } = await created.json();
      assert.deepEqual(Object.keys(data), ['token', 'connect_link', 'expires_at']);
      assert.match(data.token, /^nango_connect_session_[0-9a-f]{64}$/);
      const unknown = '{"error":{"code":"invalid_body","message":"ConnectionID or IntegrationId does not exists"}}';
      assert.deepEqual(await raw('/connect/sessions/reconnect', post({ connection_id: 'nope', integration_id: 'github' })), { status: 400, text: unknown });
      assert.deepEqual(await raw('/connect/sessions/reconnect', post({ connection_id: 'conn-valid', integration_id: 'slack' })), { status: 400, text: unknown });
    });

    it('createConnectSession: 201 {data} with an end user, the exact 400 without one', async () => {
      const created = await api('/connect/sessions', post({ end_user: { id: 'u1', email: 'u1@example.com' }, allowed_integrations: ['github'] }));
      assert.equal(created.status, 201);
      const token = (await created.json()).data.token;
      assert.equal(setup.fake.getSession(token)?.kind, 'connect');
      assert.deepEqual(await raw('/connect/sessions', post({ allowed_integrations: ['github'] })), {
        status: 400,
        text: '{"error":{"code":"invalid_body","errors":[{"code":"invalid_type","message":"Invalid input: expected object, received undefined","path":["end_user"]}]}}',
      });
    });

    it('listConnections: filtered by end user and integration, no credentials', async () => {
      setup.fake.addConnection({ connectionId: 'conn-listed', integrationId: 'github', provider: 'github', authMode: 'OAUTH2', endUser: { id: 'u-list', email: 'l@example.com' } });
      try {
        const body = await (await api('/connections?endUserId=u-list&integrationId=github', withKey())).json();
        assert.deepEqual(Object.keys(body), ['connections']);
        assert.equal(body.connections.length, 1);
        assert.deepEqual(Object.keys(body.connections[0]), ['id', 'connection_id', 'provider_config_key', 'provider', 'errors', 'end_user', 'tags', 'metadata', 'created']);
        assert.equal(body.connections[0].end_user.id, 'u-list');
        assert.deepEqual((await (await api('/connections?endUserId=u-list&integrationId=slack', withKey())).json()).connections, []);
      } finally {
        setup.fake.deleteConnection('conn-listed');
      }
    });

    it('deleteConnection: 200, then 400 unknown_connection', async () => {
      setup.fake.addConnection({ connectionId: 'conn-doomed', integrationId: 'github', provider: 'github', authMode: 'OAUTH2' });
      assert.equal((await raw('/connections/conn-doomed?provider_config_key=github', withKey({ method: 'DELETE' }))).status, 200);
      const again = await raw('/connections/conn-doomed?provider_config_key=github', withKey({ method: 'DELETE' }));
      assert.equal(again.status, 400);
      assert.equal(JSON.parse(again.text).error.code, 'unknown_connection');
    });

    it('getIntegration: {data} with display_name', async () => {
      const body = await (await api('/integrations/github', withKey())).json();
      assert.equal(body.data.unique_key, 'github');
      assert.equal(body.data.display_name, 'GitHub');
    });
  });

  it('a connect session\'s API-key auth makes a new connection tagged with the end user; a second auth re-authorizes it', async () => {
    const created = await (await api('/connect/sessions', post({ end_user: { id: 'u-new' }, allowed_integrations: ['linear-key'] }))).json();
    const token = created.data.token;
    const session = await (await api('/connect/session', { headers: { Authorization: `Bearer ${token}` } })).json();
    assert.equal(session.data.isReconnecting, false);
    assert.equal(session.data.endUser.id, 'u-new');
    const form = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiKey: 'k1' }) };
    const first = await (await api(`/api-auth/api-key/linear-key?connect_session_token=${token}`, form)).json();
    assert.match(first.connectionId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(setup.fake.connectionIds({ endUserId: 'u-new', integrationId: 'linear-key' }), [first.connectionId]);
    const second = await (await api(`/api-auth/api-key/linear-key?connect_session_token=${token}`, form)).json();
    assert.equal(second.connectionId, first.connectionId);
    setup.fake.deleteConnection(first.connectionId);
  });

  it('returns the full connection, credentials included, to a backend', async () => {
    const body = await (await api('/connections/conn-valid?provider_config_key=github', withKey())).json();
    assert.equal(body.credentials.access_token, setup.fake.getSecret('conn-valid'));
  });

  it('rejects unknown query keys and unknown body keys like Nango\'s strict schemas', async () => {
    assert.equal((await api('/connections/conn-valid?provider_config_key=github&foo=1', withKey())).status, 400);
    const response = await api('/connect/sessions/reconnect', withKey({ method: 'POST', body: JSON.stringify({ connection_id: 'conn-valid', integration_id: 'github', extra: 1 }) }));
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error.code, 'invalid_body');
  });

  it('runs a Connect UI reconnect: session, integrations, provider, API key, heal', async () => {
    setup.fake.breakConnection('conn-api-key', 'auth_error');
    const token = await reconnectToken();
    const auth = { headers: { Authorization: `Bearer ${token}` } };
    const session = await (await api('/connect/session', auth)).json();
    assert.deepEqual(session.data.allowed_integrations, ['linear-key']);
    assert.equal(session.data.isReconnecting, true);
    const integrations = await (await api('/integrations', auth)).json();
    assert.deepEqual(integrations.data.map((i: { unique_key: string }) => i.unique_key), ['linear-key']);
    const provider = await (await api('/providers/linear', auth)).json();
    assert.equal(provider.data.auth_mode, 'API_KEY');

    const wrong = await api(`/api-auth/api-key/linear-key?connect_session_token=${token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiKey: 'wrong' }) });
    assert.equal(wrong.status, 400);
    assert.equal((await wrong.json()).error.code, 'connection_test_failed');
    assert.equal(setup.fake.getConnectionState('conn-api-key'), 'auth_error');

    const right = await api(`/api-auth/api-key/linear-key?connect_session_token=${token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiKey: 'new-key' }) });
    assert.deepEqual(await right.json(), { connectionId: 'conn-api-key', providerConfigKey: 'linear-key' });
    assert.equal(setup.fake.getConnectionState('conn-api-key'), 'valid');
    assert.equal((await api('/connect/telemetry', { method: 'POST', body: '{}' })).status, 204);
  });

  it('answers 401 on /connect/session for an unknown or expired token', async () => {
    assert.equal((await api('/connect/session', { headers: { Authorization: 'Bearer nope' } })).status, 401);
    const token = await reconnectToken();
    setup.fake.expireSession(token);
    assert.equal((await api('/connect/session', { headers: { Authorization: `Bearer ${token}` } })).status, 401);
  });

  it('answers CORS preflights and sends CORS headers for the Connect UI', async () => {
    const preflight = await api('/connect/session', { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const get = await api('/connect/session', { headers: { Authorization: 'Bearer nope' } });
    assert.equal(get.headers.get('access-control-allow-origin'), '*');
  });

  it('breaks and heals connections through the control route, even while failing', async () => {
    setup.fake.setFailure('500');
    const broke = await api('/__control/connections/conn-api-key', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ state: 'expired' }) });
    assert.deepEqual(await broke.json(), { connection_id: 'conn-api-key', integration_id: 'linear-key', state: 'expired' });
    const bad = await api('/__control/connections/conn-api-key', { method: 'POST', body: JSON.stringify({ state: 'sideways' }) });
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
    assert.equal((await api('/connections/conn-api-key?provider_config_key=linear-key', withKey())).status, 500);
  });
});
