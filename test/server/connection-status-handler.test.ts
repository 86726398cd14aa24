import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Nango } from '@nangohq/node';
import { createConnectionStatusHandler } from '../../src/server/index.js';
import type { ConnectionRef } from '../../src/server/index.js';
import { assertError, closedPortUrl, connectionCalls, readAnswer, request, SECRET_KEY, startFakeNango, type Setup } from './helpers.js';

describe('createConnectionStatusHandler', () => {
  let setup: Setup;
  before(async () => {
    setup = await startFakeNango();
  });
  after(async () => {
    await setup.close();
  });
  beforeEach(() => {
    setup.fake.setFailure('none');
    setup.fake.clearRequests();
  });

  function statusOf(ref: ConnectionRef | null, timeoutMs?: number) {
    return createConnectionStatusHandler({ nango: setup.nango, resolve: () => ref, timeoutMs });
  }
  const github = (connectionId: string): ConnectionRef => ({ connectionId, integrationId: 'github' });

  it('answers 200 valid for a working connection, with only allow-listed fields', async () => {
    const answer = await readAnswer(await statusOf(github('conn-valid'))(request('/status')), setup);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { status: 'valid', connection_id: 'conn-valid', provider_config_key: 'github', provider: 'github', display_name: 'GitHub', errors: [] });
    // The fake did hand the credentials to the server: the handler dropped them.
    const [call] = connectionCalls(setup);
    assert.equal(call?.path, '/connections/conn-valid');
    assert.equal(call?.query.provider_config_key, 'github');
    assert.equal(call?.headers.authorization, `Bearer ${SECRET_KEY}`);
  });

  describe("resolve's integration name", () => {
    const nameFrom = async (ref: ConnectionRef) => {
      const handler = createConnectionStatusHandler({ nango: setup.nango, resolve: () => ref });
      return (await readAnswer(await handler(request('/status')), setup)).body.display_name;
    };

    it('passes integrationName through as display_name, for the widget to show, without asking Nango', async () => {
      assert.equal(await nameFrom({ ...github('conn-valid'), integrationName: ' Our GitHub ' }), 'Our GitHub');
      assert.deepEqual(setup.fake.getRequests().filter((call) => call.path.startsWith('/integrations')), []);
    });

    it('still reads the top-level displayName, its documented alias; integrationName wins over it', async () => {
      assert.equal(await nameFrom({ ...github('conn-valid'), displayName: 'Old Name' }), 'Old Name');
      assert.equal(await nameFrom({ ...github('conn-valid'), integrationName: 'New Name', displayName: 'Old Name' }), 'New Name');
    });

    it("never shows the person's endUser.displayName as the integration's name", async () => {
      const ref: ConnectionRef = { ...github('conn-valid'), endUser: { id: 'user-ada', displayName: 'Ada Lovelace' } };
      assert.equal(await nameFrom(ref), 'GitHub');
    });
  });

  it('never sends an API-key connection its key', async () => {
    const handler = createConnectionStatusHandler({ nango: setup.nango, resolve: async () => ({ connectionId: 'conn-api-key', integrationId: 'linear-key' }) });
    const answer = await readAnswer(await handler(request('/status')), setup);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'valid');
    assert.equal(answer.body.provider, 'linear');
  });

  it('answers HEAD with the status and headers but no body', async () => {
    const answer = await readAnswer(await statusOf(github('conn-valid'))(request('/status', { method: 'HEAD' })), setup, { head: true });
    assert.equal(answer.status, 200);
  });

  it('answers 200 invalid when Nango reports an auth error on a 200', async () => {
    const answer = await readAnswer(await statusOf(github('conn-auth-error'))(request('/status')), setup);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      status: 'invalid',
      connection_id: 'conn-auth-error',
      provider_config_key: 'github',
      provider: 'github',
      display_name: 'GitHub',
      errors: [{ type: 'auth' }],
    });
  });

  it('answers 200 invalid for Nango\'s 400 invalid_credentials (failed refresh), without Nango\'s message', async () => {
    const answer = await readAnswer(await statusOf(github('conn-expired'))(request('/status')), setup);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { status: 'invalid', connection_id: 'conn-expired', provider_config_key: 'github', provider: 'github', display_name: 'GitHub', errors: [{ type: 'auth' }] });
    assert.ok(!answer.text.includes('external API'));
  });

  it('answers 200 invalid for Nango\'s 424 (refresh exhausted)', async () => {
    const answer = await readAnswer(await statusOf(github('conn-exhausted'))(request('/status')), setup);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.status, 'invalid');
  });

  it('answers 200 invalid for Nango\'s 424 backoff on a second check within 30 s', async () => {
    setup.fake.breakConnection('conn-valid');
    try {
      const handler = statusOf(github('conn-valid'));
      assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'invalid');
      assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'invalid');
      // The fake answered 400 then 424 (pinned in fake-nango.test.ts): both are "invalid".
      assert.equal(connectionCalls(setup).length, 2);
    } finally {
      setup.fake.healConnection('conn-valid');
    }
  });

  it('follows the fake when a connection is broken and healed', async () => {
    const handler = statusOf(github('conn-valid'));
    setup.fake.breakConnection('conn-valid');
    assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'invalid');
    setup.fake.healConnection('conn-valid');
    assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'valid');
  });

  it('answers 200 disconnected for a connection Nango does not know', async () => {
    const answer = await readAnswer(await statusOf(github('conn-nope'))(request('/status')), setup);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { status: 'disconnected', provider_config_key: 'github', display_name: 'GitHub', errors: [] });
  });

  it('answers 200 disconnected for a connection of another integration', async () => {
    const handler = statusOf({ connectionId: 'conn-api-key', integrationId: 'github' });
    assert.equal((await readAnswer(await handler(request('/status')), setup)).body.status, 'disconnected');
  });

  it('answers 500 server_misconfigured for an integration Nango does not know', async () => {
    const handler = statusOf({ connectionId: 'conn-valid', integrationId: 'no-such-integration' });
    assertError(await readAnswer(await handler(request('/status')), setup), 500, 'server_misconfigured');
  });

  it('answers 500 server_misconfigured when Nango refuses the secret key', async () => {
    const nango = new Nango({ secretKey: '0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a', host: setup.url });
    const handler = createConnectionStatusHandler({ nango, resolve: () => github('conn-valid') });
    const answer = await readAnswer(await handler(request('/status')), setup);
    assertError(answer, 500, 'server_misconfigured');
    assert.ok(!answer.text.includes('0a0a0a0a'));
  });

  it('answers 502 when Nango fails with a 5xx', async () => {
    setup.fake.setFailure('500');
    assertError(await readAnswer(await statusOf(github('conn-valid'))(request('/status')), setup), 502, 'nango_error');
  });

  it('answers 503 when Nango drops the connection', async () => {
    setup.fake.setFailure('reset');
    assertError(await readAnswer(await statusOf(github('conn-valid'))(request('/status')), setup), 503, 'nango_unreachable');
  });

  it('answers 504 when Nango does not answer within timeoutMs', { timeout: 5000 }, async () => {
    setup.fake.setFailure('hang');
    const started = Date.now();
    const answer = await readAnswer(await statusOf(github('conn-valid'), 100)(request('/status')), setup);
    assertError(answer, 504, 'nango_timeout');
    assert.ok(Date.now() - started < 2000, 'the timeout was honoured');
    assert.equal(connectionCalls(setup).length, 1, 'Nango was asked');
  });

  it('answers 503 when Nango cannot be reached at all', async () => {
    const nango = new Nango({ secretKey: SECRET_KEY, host: await closedPortUrl() });
    const handler = createConnectionStatusHandler({ nango, resolve: () => github('conn-valid') });
    assertError(await readAnswer(await handler(request('/status')), setup), 503, 'nango_unreachable');
  });

  it('answers 503 with Nango\'s Retry-After on a 429', async () => {
    const error = Object.assign(new Error('Request failed with status code 429'), {
      isAxiosError: true,
      response: { status: 429, data: { error: { code: 'too_many_request' } }, headers: { 'retry-after': '7' } },
    });
    const nango = { getConnection: () => Promise.reject(error) };
    const handler = createConnectionStatusHandler({ nango, resolve: () => github('conn-valid') });
    const answer = await readAnswer(await handler(request('/status')), setup);
    assertError(answer, 503, 'nango_busy');
    assert.equal(answer.headers.get('retry-after'), '7');
  });

  it('answers 401 for an anonymous request and does not call Nango', async () => {
    const answer = await readAnswer(await statusOf(null)(request('/status')), setup);
    assertError(answer, 401, 'unauthorized');
    assert.deepEqual(setup.fake.getRequests(), []);
  });

  it('answers a safe 500 when resolve throws, and reports the error', async () => {
    const reported: unknown[] = [];
    const handler = createConnectionStatusHandler({
      nango: setup.nango,
      resolve: async () => {
        throw new Error(`session store down: redis://10.0.0.3 ${SECRET_KEY}`);
      },
      onError: (error) => reported.push(error),
    });
    const answer = await readAnswer(await handler(request('/status')), setup);
    assertError(answer, 500, 'internal_error');
    assert.ok(!answer.text.includes('redis') && !answer.text.includes('session store'));
    assert.equal(reported.length, 1);
    assert.deepEqual(setup.fake.getRequests(), []);
  });

  it('rejects a resolve answer without ids as a 500 rather than asking Nango about ""', async () => {
    const handler = createConnectionStatusHandler({ nango: setup.nango, resolve: () => ({ connectionId: '', integrationId: 'github' }) });
    assertError(await readAnswer(await handler(request('/status')), setup), 500, 'server_misconfigured');
    assert.deepEqual(setup.fake.getRequests(), []);
  });

  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    it(`answers ${method} with 405 and Allow: GET, HEAD, without resolving`, async () => {
      let resolved = false;
      const handler = createConnectionStatusHandler({
        nango: setup.nango,
        resolve: () => {
          resolved = true;
          return github('conn-valid');
        },
      });
      const answer = await readAnswer(await handler(request('/status', { method })), setup);
      assertError(answer, 405, 'method_not_allowed');
      assert.equal(answer.headers.get('allow'), 'GET, HEAD');
      assert.equal(resolved, false);
    });
  }

  it('drops fields it does not know from a connection, whatever Nango adds', async () => {
    const nango = {
      getConnection: async () => ({
        connection_id: 'conn-valid',
        provider_config_key: 'github',
        provider: 'github',
        errors: [{ type: 'auth', log_id: 'log-123', message: 'x' }, { type: 'sync', log_id: 'log-456' }, { type: '<script>' }],
        credentials: { access_token: 'tok' },
        secret_new_field: 'x',
      }),
    };
    const handler = createConnectionStatusHandler({ nango, resolve: () => github('conn-valid') });
    const answer = await readAnswer(await handler(request('/status')), setup);
    assert.deepEqual(answer.body, {
      status: 'invalid',
      connection_id: 'conn-valid',
      provider_config_key: 'github',
      provider: 'github',
      errors: [{ type: 'auth' }, { type: 'sync' }],
    });
  });
});
