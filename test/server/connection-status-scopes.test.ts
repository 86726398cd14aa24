/**
 * The status handler's missing-scopes check, over real HTTP: the real `@nangohq/node` client,
 * the fake Nango API answering like Nango (integration scopes only with `include=credentials`,
 * a client secret beside them, the connection's grant in `credentials.raw.scope`).
 */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { after, afterEach, before, describe, it, mock } from 'node:test';
import { Nango } from '@nangohq/node';
import { createFakeNango, type FakeNango } from '../../demo/server/fake-nango.js';
import { authWebhookBody, webhookHeaders } from '../../demo/server/nango-webhooks.js';
import { createConnectionStatusHandler, createInMemoryHub, createWebhookHandler, type ConnectionRef, type ConnectionStatusError, type ConnectionStatusHandlerOptions } from '../../src/server/index.js';
import { assertError, request, SECRET_KEY } from './helpers.js';

describe('status handler: missing scopes', { timeout: 120_000 }, () => {
  let fake: FakeNango;
  let nango: Nango;
  let url: string;
  let close: () => Promise<void>;
  /** Every client secret the fake has: none may ever leave the handler. */
  const clientSecrets = () => ['github', 'google', 'slack', 'linear', 'per-conn'].map((key) => fake.getClientSecret(key)).filter((s): s is string => !!s);
  const errors: ConnectionStatusError[] = [];

  before(async () => {
    fake = createFakeNango({ secretKey: SECRET_KEY });
    fake.addIntegration({ integrationId: 'github', provider: 'github', displayName: 'GitHub', authMode: 'OAUTH2', scopes: 'repo,read:org' });
    fake.addIntegration({ integrationId: 'google', provider: 'google', displayName: 'Google', authMode: 'OAUTH2', scopes: 'email,profile,openid,https://www.googleapis.com/auth/calendar.readonly' });
    fake.addIntegration({ integrationId: 'slack', provider: 'slack', displayName: 'Slack', authMode: 'OAUTH2', scopes: 'channels:read,chat:write' });
    fake.addIntegration({ integrationId: 'linear', provider: 'linear', authMode: 'API_KEY' });
    fake.addIntegration({ integrationId: 'per-conn', provider: 'salesforce', authMode: 'OAUTH2', scopes: 'api,refresh_token,full' });
    ({ url, close } = await fake.listen());
    nango = new Nango({ secretKey: SECRET_KEY, host: url });
  });

  after(() => close());
  afterEach(() => {
    fake.clearRequests();
    errors.length = 0;
  });

  /** A fresh handler (so a fresh cache: each `Nango` client has its own) for one connection. */
  function handlerFor(ref: ConnectionRef, options: Partial<ConnectionStatusHandlerOptions> = {}, client: ConnectionStatusHandlerOptions['nango'] = new Nango({ secretKey: SECRET_KEY, host: url })) {
    return createConnectionStatusHandler({ nango: client, resolve: () => ref, onError: (error) => errors.push(error), ...options });
  }

  async function check(handler: ReturnType<typeof createConnectionStatusHandler>) {
    const response = await handler(request('/status'));
    const text = await response.text();
    for (const secret of [...clientSecrets(), SECRET_KEY, 'fake-access-token', 'client_secret', 'client_id']) assert.ok(!text.includes(secret), `the answer leaks "${secret}": ${text}`);
    return { status: response.status, body: JSON.parse(text), text };
  }

  /** `GET /integrations/{key}?include=credentials` calls the fake received. */
  const scopeReads = (key: string) => fake.getRequests().filter((r) => r.method === 'GET' && r.path === `/integrations/${key}` && r.query.include === 'credentials');

  let next = 0;
  function connect(integrationId: string, provider: string, extra: { grantedScopes?: string | string[] | null; scopesOverride?: string[]; state?: 'expired' | 'auth_error' } = {}) {
    const connectionId = `conn-${integrationId}-${next++}`;
    fake.addConnection({ connectionId, integrationId, provider, authMode: 'OAUTH2', ...extra });
    return connectionId;
  }

  it('all granted: valid, and the integration was read once', async () => {
    const id = connect('github', 'github');
    assert.equal(fake.getGrantedScope(id), 'repo,read:org', 'GitHub reports its grant comma-separated');
    const answer = await check(handlerFor({ connectionId: id, integrationId: 'github' }));
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'valid');
    assert.equal(answer.body.error, undefined);
    assert.equal(answer.body.missing_scopes, undefined);
    assert.equal(scopeReads('github').length, 1);
  });

  it('one scope missing after the integration asked for more: invalid, missing_scopes, and nothing of the connection but the usual fields', async () => {
    const id = connect('github', 'github', { grantedScopes: 'repo' });
    const answer = await check(handlerFor({ connectionId: id, integrationId: 'github' }));
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body).sort(), ['connection_id', 'display_name', 'error', 'errors', 'missing_scopes', 'provider', 'provider_config_key', 'status']);
    assert.equal(answer.body.status, 'invalid');
    assert.equal(answer.body.error.code, 'missing_scopes');
    assert.match(answer.body.error.message, /permissions/);
    assert.deepEqual(answer.body.missing_scopes, ['read:org']);
    assert.equal(answer.body.connection_id, id);
    assert.deepEqual(answer.body.errors, []);
  });

  it('no scope information from the provider: no claim, and Nango is not asked for the integration', async () => {
    const id = connect('github', 'github', { grantedScopes: null });
    const answer = await check(handlerFor({ connectionId: id, integrationId: 'github' }));
    assert.equal(answer.body.status, 'valid');
    assert.equal(scopeReads('github').length, 0);
    fake.addConnection({ connectionId: 'conn-linear-key', integrationId: 'linear', provider: 'linear', authMode: 'API_KEY' });
    assert.equal((await check(handlerFor({ connectionId: 'conn-linear-key', integrationId: 'linear' }))).body.status, 'valid');
  });

  it("Google's URL forms of the short names it was asked for are no drift; a real gap is still seen", async () => {
    const granted = 'https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile openid https://www.googleapis.com/auth/calendar.readonly';
    const ok = connect('google', 'google', { grantedScopes: granted });
    assert.equal((await check(handlerFor({ connectionId: ok, integrationId: 'google' }))).body.status, 'valid');
    const gap = connect('google', 'google', { grantedScopes: 'https://www.googleapis.com/auth/userinfo.email openid' });
    const answer = await check(handlerFor({ connectionId: gap, integrationId: 'google' }));
    assert.deepEqual(answer.body.missing_scopes, ['profile', 'https://www.googleapis.com/auth/calendar.readonly']);
  });

  it('commas: Slack reports its grant comma-separated', async () => {
    const all = connect('slack', 'slack');
    assert.equal(fake.getGrantedScope(all), 'channels:read,chat:write');
    assert.equal((await check(handlerFor({ connectionId: all, integrationId: 'slack' }))).body.status, 'valid');
    const one = connect('slack', 'slack', { grantedScopes: 'channels:read' });
    assert.deepEqual((await check(handlerFor({ connectionId: one, integrationId: 'slack' }))).body.missing_scopes, ['chat:write']);
  });

  it("the connection's own oauth_scopes_override is what it needs, not the integration's (and the integration is not read)", async () => {
    const narrow = connect('per-conn', 'salesforce', { scopesOverride: ['api'], grantedScopes: 'api' });
    assert.equal((await check(handlerFor({ connectionId: narrow, integrationId: 'per-conn' }))).body.status, 'valid');
    assert.equal(scopeReads('per-conn').length, 0);
    const wider = connect('per-conn', 'salesforce', { scopesOverride: ['api', 'chatter_api'], grantedScopes: 'api' });
    assert.deepEqual((await check(handlerFor({ connectionId: wider, integrationId: 'per-conn' }))).body.missing_scopes, ['chatter_api']);
  });

  it('a connect session\'s oauth_scopes_override is stored on the connection it makes, asked for, and compared with', async () => {
    const session = (await nango.createConnectSession({
      end_user: { id: 'user-override' },
      allowed_integrations: ['per-conn'],
      // A string, as @nangohq/types has it for a session.
      integrations_config_defaults: { 'per-conn': { connection_config: { oauth_scopes_override: 'api' } } },
    })) as unknown as { data: { token: string } };
    const consent = (await (await fetch(`${url}/oauth/authorize/per-conn?connect_session_token=${session.data.token}`)).json()) as { data: { requested_scopes: string[] } };
    assert.deepEqual(consent.data.requested_scopes, ['api'], 'Nango asks the provider for the override');
    const made = await fetch(`${url}/oauth/authorize/per-conn?connect_session_token=${session.data.token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"allow":true}' });
    const { connectionId } = (await made.json()) as { connectionId: string };
    assert.equal(fake.getGrantedScope(connectionId), 'api');
    const answer = await check(handlerFor({ connectionId, integrationId: 'per-conn' }));
    assert.equal(answer.body.status, 'valid', 'needs its override, not the integration\'s api,refresh_token,full');
  });

  it("resolve's requiredScopes are needed too", async () => {
    const id = connect('github', 'github');
    const answer = await check(handlerFor({ connectionId: id, integrationId: 'github', requiredScopes: ['repo', 'workflow'] }));
    assert.equal(answer.body.status, 'invalid');
    assert.deepEqual(answer.body.missing_scopes, ['workflow']);
    // Unusable requiredScopes are the developer's mistake: a 500 that says so to onError.
    const bad = await handlerFor({ connectionId: id, integrationId: 'github', requiredScopes: 'repo' as unknown as string[] })(request('/status'));
    assertError({ status: bad.status, headers: bad.headers, text: '', body: await bad.json() }, 500, 'server_misconfigured');
    assert.match(errors.at(-1)?.message ?? '', /requiredScopes/);
  });

  it('checkScopes: false turns the comparison off (and the integration is not read)', async () => {
    const id = connect('github', 'github', { grantedScopes: 'repo' });
    const answer = await check(handlerFor({ connectionId: id, integrationId: 'github', requiredScopes: ['admin:org'] }, { checkScopes: false }));
    assert.equal(answer.body.status, 'valid');
    assert.equal(answer.body.missing_scopes, undefined);
    assert.equal(scopeReads('github').length, 0);
  });

  it('expired credentials win over missing scopes (a failed refresh, and a 200 with an auth error)', async () => {
    for (const state of ['expired', 'auth_error'] as const) {
      const id = connect('github', 'github', { grantedScopes: 'repo', state });
      const answer = await check(handlerFor({ connectionId: id, integrationId: 'github' }));
      assert.equal(answer.body.status, 'invalid', state);
      assert.equal(answer.body.error, undefined, state);
      assert.equal(answer.body.missing_scopes, undefined, state);
      assert.deepEqual(answer.body.errors, [{ type: 'auth' }], state);
    }
  });

  it('unreadable integration scopes (Nango 403 invalid_permissions): the check is skipped, the status unaffected, onError told once', async () => {
    fake.forbidCredentials(true);
    try {
      const id = connect('github', 'github', { grantedScopes: 'repo' });
      const handler = handlerFor({ connectionId: id, integrationId: 'github' });
      for (let i = 0; i < 3; i++) {
        const answer = await check(handler);
        assert.equal(answer.status, 200);
        assert.equal(answer.body.status, 'valid');
      }
      assert.equal(errors.length, 1, `onError once, got ${errors.map((e) => e.code).join(', ')}`);
      const [error] = errors;
      assert.equal(error.code, 'scopes_unreadable');
      assert.equal(error.status, 200);
      assert.equal(error.nangoStatus, 403);
      assert.equal(error.nangoCode, 'invalid_permissions');
      assert.match(error.message, /checkScopes: false/);
      assert.match(error.message, /read integration credentials/);
      assert.equal(scopeReads('github').length, 1, 'a 403 is remembered for the cache period');
      // requiredScopes need no integration read: they are still compared.
      const required = await check(handlerFor({ connectionId: id, integrationId: 'github', requiredScopes: ['workflow'] }));
      assert.deepEqual(required.body.missing_scopes, ['workflow']);
    } finally {
      fake.forbidCredentials(false);
    }
  });

  it('reads the integration at most once per cache period, concurrent checks included, and sees a change after it', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    try {
      const id = connect('github', 'github');
      const handler = handlerFor({ connectionId: id, integrationId: 'github' }, { scopesCacheMs: 60_000 });
      const answers = await Promise.all(Array.from({ length: 5 }, () => check(handler)));
      for (let i = 0; i < 5; i++) assert.equal((await check(handler)).body.status, 'valid');
      assert.deepEqual(answers.map((a) => a.body.status), Array(5).fill('valid'));
      assert.equal(scopeReads('github').length, 1, 'one read for ten checks');

      // The app ships a feature that needs more: PATCH /integrations/github, as updateIntegration sends it.
      const current = await nango.getIntegration({ uniqueKey: 'github' }, { include: ['credentials'] });
      const credentials = current.data.credentials as { type: 'OAUTH2'; client_id: string; client_secret: string; scopes: string };
      await nango.updateIntegration({ uniqueKey: 'github' }, { credentials: { ...credentials, scopes: `${credentials.scopes},workflow` } });
      fake.clearRequests();
      mock.timers.tick(59_000);
      assert.equal((await check(handler)).body.status, 'valid', 'still the cached scopes within the period');
      assert.equal(scopeReads('github').length, 0);
      mock.timers.tick(2_000);
      const after = await check(handler);
      assert.equal(after.body.status, 'invalid');
      assert.deepEqual(after.body.missing_scopes, ['workflow']);
      assert.equal(scopeReads('github').length, 1);
    } finally {
      mock.timers.reset();
      fake.setScopes('github', 'repo,read:org');
    }
  });

  it('a Reconnect grants the integration\'s current scopes: valid again; a consent with a scope unticked still lacks it', async () => {
    const id = connect('github', 'github', { grantedScopes: 'repo' });
    const handler = handlerFor({ connectionId: id, integrationId: 'github' });
    assert.equal((await check(handler)).body.status, 'invalid');
    const authorize = async (body: unknown) => {
      const session = (await nango.createReconnectSession({ connection_id: id, integration_id: 'github' })) as unknown as { data: { token: string } };
      const consent = await fetch(`${url}/oauth/authorize/github?connect_session_token=${session.data.token}`);
      assert.deepEqual(((await consent.json()) as { data: { requested_scopes: string[] } }).data.requested_scopes, ['repo', 'read:org']);
      const answer = await fetch(`${url}/oauth/authorize/github?connect_session_token=${session.data.token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(answer.status, 200);
    };
    await authorize({ allow: true, scopes: ['repo'] });
    assert.deepEqual((await check(handler)).body.missing_scopes, ['read:org'], 'the user unticked read:org');
    await authorize({ allow: true });
    assert.equal(fake.getGrantedScope(id), 'repo,read:org');
    assert.equal((await check(handler)).body.status, 'valid');
  });

  it('the client secret never leaves: not in answers, not in onError, never read, never kept', async () => {
    const secret = fake.getClientSecret('github')!;
    assert.match(secret, /^fake-client-secret-/);
    // The fake answers it, as Nango does, with include=credentials only.
    const raw = await nango.getIntegration({ uniqueKey: 'github' }, { include: ['credentials'] });
    assert.equal((raw.data.credentials as { client_secret?: string }).client_secret, secret);
    assert.equal((await nango.getIntegration({ uniqueKey: 'github' })).data.credentials, undefined);

    // A client whose answer records every read of client_secret, and whose answers are watched for collection.
    let reads = 0;
    const answers: Array<WeakRef<object>> = [];
    const client = {
      getConnection: nango.getConnection.bind(nango),
      getIntegration: async (...args: Parameters<Nango['getIntegration']>) => {
        const answer = await nango.getIntegration(...args);
        const credentials = answer.data.credentials as Record<string, unknown> | null | undefined;
        if (credentials) {
          Object.defineProperty(credentials, 'client_secret', {
            enumerable: true,
            get: () => {
              reads++;
              return secret;
            },
          });
        }
        if (credentials) answers.push(new WeakRef(answer));
        return answer;
      },
    };
    const missing = connect('github', 'github', { grantedScopes: 'repo' });
    const answer = await check(handlerFor({ connectionId: missing, integrationId: 'github' }, {}, client));
    assert.equal(answer.body.status, 'invalid');
    assert.equal(reads, 0, 'the handler never read client_secret');

    // Failures reported to onError carry no secret either (a 403 and a 500).
    fake.forbidCredentials(true);
    await check(handlerFor({ connectionId: missing, integrationId: 'github' }));
    fake.forbidCredentials(false);
    fake.setFailure('500');
    await check(handlerFor({ connectionId: missing, integrationId: 'github' })).catch(() => undefined);
    fake.setFailure('none');
    assert.ok(errors.length >= 2, `onError heard the failures: ${errors.map((e) => e.code).join(', ')}`);
    for (const error of errors) {
      const text = `${error.message} ${JSON.stringify(error)} ${inspect(error, { depth: Infinity, showHidden: true })}`;
      assert.ok(!text.includes(secret), 'onError never holds the client secret');
      assert.ok(!text.includes(SECRET_KEY), 'onError never holds the secret key');
    }

    // Never kept: once the check is over, nothing of the handler holds Nango's answer.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    assert.equal(answers.length, 1);
    assert.equal(answers[0].deref(), undefined, "the integration's answer (and its client secret) was not kept");
  });
  describe('with a hub (live status)', () => {
    const connectionReads = (id: string) => fake.getRequests().filter((r) => r.method === 'GET' && r.path === `/connections/${id}`).length;

    it('a valid answered from the hub still turns into missing_scopes when the integration asks for more', async () => {
      const id = connect('github', 'github');
      const hub = createInMemoryHub();
      const handler = handlerFor({ connectionId: id, integrationId: 'github' }, { hub, scopesCacheMs: 1 });
      assert.equal((await check(handler)).body.status, 'valid');
      assert.equal((await check(handler)).body.status, 'valid');
      assert.equal(connectionReads(id), 1, 'the second check came from the hub');
      mock.timers.enable({ apis: ['Date'], now: Date.now() });
      try {
        fake.setScopes('github', 'repo,read:org,workflow');
        mock.timers.tick(5); // past scopesCacheMs: 1
        const answer = await check(handler);
        assert.equal(answer.body.status, 'invalid');
        assert.deepEqual(answer.body.missing_scopes, ['workflow']);
        assert.equal(connectionReads(id), 1, 'the grant came from the hub entry, not another connection read');
      } finally {
        mock.timers.reset();
        fake.setScopes('github', 'repo,read:org');
      }
    });

    it("a reconnect's override webhook does not hide a grant that still lacks scopes", async () => {
      const id = connect('github', 'github', { grantedScopes: 'repo' });
      const hub = createInMemoryHub();
      const handler = handlerFor({ connectionId: id, integrationId: 'github' }, { hub });
      const body = authWebhookBody({ connectionId: id, providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'override', success: true });
      const hook = await createWebhookHandler({ nango, hub })(new Request('https://app.example.test/hook', { method: 'POST', headers: webhookHeaders(body, SECRET_KEY), body }));
      assert.equal(hook.status, 200);
      assert.equal((await hub.get('github', id))?.status, 'valid', 'the webhook stored valid');
      const answer = await check(handler);
      assert.equal(answer.body.status, 'invalid', 'read from Nango, not the webhook\'s valid');
      assert.deepEqual(answer.body.missing_scopes, ['read:org']);
      assert.equal(connectionReads(id), 1);
    });
  });
});

describe('fake Nango: integration scopes, as Nango answers them', () => {
  let fake: FakeNango;
  let url: string;
  let close: () => Promise<void>;
  before(async () => {
    fake = createFakeNango({ secretKey: SECRET_KEY });
    fake.addIntegration({ integrationId: 'github', provider: 'github', authMode: 'OAUTH2', scopes: ['repo', 'read:org'] });
    fake.addIntegration({ integrationId: 'bare', provider: 'bare', authMode: 'OAUTH2' });
    fake.addIntegration({ integrationId: 'key', provider: 'linear', authMode: 'API_KEY' });
    ({ url, close } = await fake.listen());
  });
  after(() => close());

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Content-Type': 'application/json', ...init.headers } });
  const patch = (key: string, body: unknown) => api(`/integrations/${key}`, { method: 'PATCH', body: JSON.stringify(body) });

  it('answers credentials (scopes comma-separated or null, client secret) only with include=credentials', async () => {
    const plain = (await (await api('/integrations/github')).json()) as { data: Record<string, unknown> };
    assert.equal('credentials' in plain.data, false);
    const withCredentials = (await (await api('/integrations/github?include=credentials')).json()) as { data: { credentials: Record<string, unknown> } };
    assert.deepEqual(withCredentials.data.credentials, {
      type: 'OAUTH2',
      client_id: 'fake-client-id-github',
      client_secret: fake.getClientSecret('github'),
      scopes: 'repo,read:org',
      webhook_secret: null,
    });
    assert.equal(((await (await api('/integrations/bare?include=credentials')).json()) as { data: { credentials: { scopes: unknown } } }).data.credentials.scopes, null);
    assert.equal(((await (await api('/integrations/key?include=credentials')).json()) as { data: { credentials: unknown } }).data.credentials, null);
    assert.equal((await api('/integrations/github?include=secrets')).status, 400);
  });

  it('PATCH /integrations/{key} changes the scopes, with Nango\'s rules', async () => {
    const secret = fake.getClientSecret('github')!;
    const credentials = { type: 'OAUTH2', client_id: 'fake-client-id-github', client_secret: secret };
    const ok = await patch('github', { credentials: { ...credentials, scopes: 'repo,read:org,workflow' } });
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { data: { credentials?: unknown } }).data.credentials, undefined, 'the answer carries no credentials');
    assert.equal(fake.getScopes('github'), 'repo,read:org,workflow');
    for (const bad of [{ credentials: { ...credentials, scopes: 'repo read' } }, { credentials: { ...credentials, scopes: ['repo'] } }, { credentials: { type: 'OAUTH2', scopes: 'repo' } }, { credentials: { ...credentials, type: 'API_KEY' } }]) {
      const answer = await patch('github', bad);
      assert.equal(answer.status, 400, JSON.stringify(bad));
      assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'invalid_body');
    }
    assert.equal(fake.getScopes('github'), 'repo,read:org,workflow', 'a refused PATCH changes nothing');
    assert.equal((await patch('github', { credentials: { ...credentials, scopes: '' } })).status, 200);
    assert.equal(fake.getScopes('github'), null);
    assert.equal((await patch('nope', { credentials })).status, 404);
  });

  it('refuses include=credentials with 403 invalid_permissions when told to', async () => {
    fake.forbidCredentials(true);
    const answer = await api('/integrations/github?include=credentials');
    assert.equal(answer.status, 403);
    assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'invalid_permissions');
    assert.equal((await api('/integrations/github')).status, 200, 'the display name is still readable');
    fake.forbidCredentials(false);
  });

});
