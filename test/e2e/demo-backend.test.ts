/**
 * The demo's backend without a browser: the routes a customer would write (the package's real
 * handlers + the real @nangohq/node client + the fake Nango), the demo's control routes, and
 * the fake's OAuth consent stand-in.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { connectUiUrlFor, realNangoFromEnv, SESSION_COOKIE, startDemoBackend, type DemoBackend } from '../../demo/server/demo-backend.js';

describe('demo backend', () => {
  let backend: DemoBackend;
  let server: http.Server;
  let base: string;
  let cookie: string;

  before(async () => {
    backend = await startDemoBackend();
    server = http.createServer((req, res) =>
      backend.middleware(req, res, () => {
        res.statusCode = 200;
        res.end('<!doctype html><title>page</title>');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const page = await fetch(`${base}/`);
    await page.text();
    cookie = page.headers.get('set-cookie')!.split(';')[0];
    assert.ok(cookie.startsWith(`${SESSION_COOKIE}=`), 'opening the page signs the demo user in');
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await backend.close();
  });

  beforeEach(async () => {
    await control('/api/demo/reset');
  });

  const get = (path: string, headers: Record<string, string> = { cookie }) => fetch(`${base}${path}`, { headers });
  const control = (path: string, body: unknown = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'Content-Type': 'application/json', 'X-Requested-With': 'fieldnote-demo' }, body: JSON.stringify(body) });
  const reconnectToken = async (key: string) => {
    const response = await fetch(`${base}/api/integrations/${key}/reconnect-token`, {
      method: 'POST',
      headers: { cookie, 'Content-Type': 'application/json', 'X-Requested-With': 'nango-connection-status' },
      body: '{}',
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { sessionToken: string }).sessionToken;
  };
  const nango = (path: string, init?: RequestInit) => fetch(`${backend.fakeNangoUrl}${path}`, init);

  it('answers each widget from the signed-in user\'s own connection, without credentials', async () => {
    const github = await get('/api/integrations/github/status?connection_id=someone-else');
    const text = await github.text();
    assert.equal(github.status, 200);
    assert.deepEqual(JSON.parse(text), { status: 'valid', connection_id: 'fieldnote-ada-github', provider_config_key: 'github', provider: 'github', display_name: 'GitHub', errors: [] });
    assert.doesNotMatch(text, /fake-access-token|fake-api-key|credentials|secret/);
    const slack = await get('/api/integrations/slack/status');
    assert.equal(slack.status, 200);
    assert.equal(((await slack.json()) as { status: string }).status, 'invalid');
    const notion = await get('/api/integrations/notion/status');
    assert.deepEqual(await notion.json(), { status: 'disconnected', provider_config_key: 'notion', display_name: 'Notion', errors: [] });
  });

  it('connects Notion from nothing, deletes it, and connects it again under a new id', async () => {
    const connectOnce = async () => {
      const response = await fetch(`${base}/api/integrations/notion/reconnect-token`, {
        method: 'POST',
        headers: { cookie, 'Content-Type': 'application/json', 'X-Requested-With': 'nango-connection-status' },
        body: '{"intent":"connect"}',
      });
      const body = (await response.json()) as { sessionToken: string; intent: string };
      assert.equal(body.intent, 'connect');
      const key = await nango(`/api-auth/api-key/notion?connect_session_token=${body.sessionToken}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ apiKey: 'secret_notion' }),
      });
      const { connectionId } = (await key.json()) as { connectionId: string };
      const status = (await (await get('/api/integrations/notion/status')).json()) as { status: string; connection_id: string };
      assert.equal(status.status, 'valid');
      assert.equal(status.connection_id, connectionId);
      return connectionId;
    };
    const first = await connectOnce();
    assert.deepEqual(((await (await get('/api/demo/state')).json()) as { connected: Record<string, boolean> }).connected.notion, true);
    const deleted = await control('/api/demo/integrations/notion/delete');
    assert.equal(deleted.status, 200);
    await deleted.body?.cancel();
    assert.equal(((await (await get('/api/integrations/notion/status')).json()) as { status: string }).status, 'disconnected');
    const nothingLeft = await control('/api/demo/integrations/notion/delete');
    assert.equal(nothingLeft.status, 409);
    await nothingLeft.body?.cancel();
    const second = await connectOnce();
    assert.notEqual(second, first);
  });

  it('refuses a visitor without the session cookie, and unknown integrations', async () => {
    const anonymous = await get('/api/integrations/github/status', {});
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
    const unknown = await get('/api/integrations/salesforce/status');
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
    const controls = await get('/api/demo/state', {});
    assert.equal(controls.status, 401);
    await controls.body?.cancel();
  });

  it('makes HubSpot flaky: 503 with Retry-After, then fine, alternately', async () => {
    const first = await get('/api/integrations/hubspot/status');
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '3');
    await first.body?.cancel();
    const second = await get('/api/integrations/hubspot/status');
    assert.equal(second.status, 200);
    await second.body?.cancel();
    const third = await get('/api/integrations/hubspot/status');
    assert.equal(third.status, 503);
    await third.body?.cancel();
  });

  it('breaks and heals a connection through the control routes, which need the demo header', async () => {
    const forged = await fetch(`${base}/api/demo/integrations/github/break`, { method: 'POST', headers: { cookie } });
    assert.equal(forged.status, 415);
    await forged.body?.cancel();
    await (await control('/api/demo/integrations/github/break')).json();
    assert.equal(((await (await get('/api/integrations/github/status')).json()) as { status: string }).status, 'invalid');
    const state = (await (await get('/api/demo/state')).json()) as { broken: unknown; connected: unknown };
    assert.deepEqual(state.broken, { github: true, slack: true, hubspot: false, notion: false });
    assert.deepEqual(state.connected, { github: true, slack: true, hubspot: true, notion: false });
    await (await control('/api/demo/integrations/github/heal')).json();
    assert.equal(((await (await get('/api/integrations/github/status')).json()) as { status: string }).status, 'valid');
    const notConnected = await control('/api/demo/integrations/notion/break');
    assert.equal(notConnected.status, 409);
    await notConnected.body?.cancel();
  });

  it('mints a reconnect session the stand-in Connect UI can use, for the right integration only', async () => {
    const token = await reconnectToken('slack');
    const session = await nango('/connect/session', { headers: { Authorization: `Bearer ${token}` } });
    assert.deepEqual(((await session.json()) as { data: { allowed_integrations: string[] } }).data.allowed_integrations, ['slack']);
    const key = await nango(`/api-auth/api-key/slack?connect_session_token=${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiKey: 'xoxb-new' }),
    });
    assert.deepEqual(await key.json(), { connectionId: 'fieldnote-ada-slack', providerConfigKey: 'slack' });
    assert.equal((await get('/api/integrations/slack/status')).status, 200);
  });

  it('reconnects an OAuth integration through the fake consent route', async () => {
    await (await control('/api/demo/integrations/github/break')).json();
    const token = await reconnectToken('github');
    const consent = await nango(`/oauth/authorize/github?connect_session_token=${token}`);
    const { data } = (await consent.json()) as { data: { app_name: string; scopes: string[] } };
    assert.equal(data.app_name, 'Fieldnote');
    assert.ok(data.scopes.length > 0);
    const wrongIntegration = await nango(`/oauth/authorize/hubspot?connect_session_token=${token}`, { method: 'POST', body: '{}' });
    assert.equal(wrongIntegration.status, 400);
    await wrongIntegration.body?.cancel();
    const allow = await nango(`/oauth/authorize/github?connect_session_token=${token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"allow":true}' });
    assert.deepEqual(await allow.json(), { connectionId: 'fieldnote-ada-github', providerConfigKey: 'github' });
    assert.equal((await get('/api/integrations/github/status')).status, 200);
  });

  it('asks for more permissions: the integration gains a scope, the status says missing_scopes, a consent grants it, reset restores', async () => {
    const status = async () => (await (await get('/api/integrations/github/status')).json()) as { status: string; error?: { code: string }; missing_scopes?: string[] };
    assert.equal((await status()).status, 'valid');
    const more = await control('/api/demo/integrations/github/more-permissions');
    const text = await more.text();
    assert.equal(more.status, 200, text);
    assert.deepEqual(JSON.parse(text), { key: 'github', scopes: ['repo', 'read:user', 'workflow'] });
    const clientSecret = backend.fake.getClientSecret('github')!;
    assert.ok(!text.includes(clientSecret) && !text.includes('client_'), 'the control answer names scopes only');
    assert.equal(backend.fake.getScopes('github'), 'repo,read:user,workflow');
    const drifted = await status();
    assert.equal(drifted.status, 'invalid');
    assert.equal(drifted.error?.code, 'missing_scopes');
    assert.deepEqual(drifted.missing_scopes, ['workflow']);

    const token = await reconnectToken('github');
    const consent = (await (await nango(`/oauth/authorize/github?connect_session_token=${token}`)).json()) as { data: { requested_scopes: string[] } };
    assert.deepEqual(consent.data.requested_scopes, ['repo', 'read:user', 'workflow']);
    const allow = await nango(`/oauth/authorize/github?connect_session_token=${token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"allow":true}' });
    assert.equal(allow.status, 200);
    await allow.body?.cancel();
    assert.equal((await status()).status, 'valid');

    const apiKey = await control('/api/demo/integrations/slack/more-permissions');
    assert.equal(apiKey.status, 409, 'an API-key integration has no scopes');
    await apiKey.body?.cancel();
    await (await control('/api/demo/reset')).json();
    assert.equal(backend.fake.getScopes('github'), 'repo,read:user');
    assert.equal((await status()).status, 'valid');
  });

  it('can make the next reconnect link expire, once', async () => {
    assert.deepEqual(await (await control('/api/demo/expire-next-session', { expire: true })).json(), { expireNextSession: true });
    const expired = await reconnectToken('slack');
    assert.equal((await nango('/connect/session', { headers: { Authorization: `Bearer ${expired}` } })).status, 401);
    const fresh = await reconnectToken('slack');
    assert.equal((await nango('/connect/session', { headers: { Authorization: `Bearer ${fresh}` } })).status, 200);
  });

  it('reads the real-Nango settings from the environment', () => {
    assert.equal(realNangoFromEnv({}), undefined);
    assert.throws(() => realNangoFromEnv({ NANGO_SECRET_KEY: 'sk' }), /NANGO_CONNECTION_ID/);
    assert.deepEqual(realNangoFromEnv({ NANGO_SECRET_KEY: 'sk', NANGO_CONNECTION_ID: 'c', NANGO_INTEGRATION_ID: 'i', NANGO_HOST: 'https://api.nango.example' }), {
      secretKey: 'sk',
      connectionId: 'c',
      integrationId: 'i',
      host: 'https://api.nango.example',
      connectUiUrl: undefined,
    });
    assert.equal(connectUiUrlFor(undefined), undefined);
    assert.equal(connectUiUrlFor('https://api.nango.example'), 'https://connect.nango.example/');
    assert.equal(connectUiUrlFor('http://localhost:3003'), undefined);
    assert.equal(connectUiUrlFor('http://localhost:3003', 'http://localhost:3009'), 'http://localhost:3009');
  });
});
