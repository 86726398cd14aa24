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

  it('requires the secret key on backend routes', async () => {
    const response = await api('/connections/conn-valid?provider_config_key=github');
    assert.equal(response.status, 401);
    assert.deepEqual((await response.json()).error.code, 'unauthorized');
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
