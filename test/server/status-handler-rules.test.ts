/**
 * The status handler's small rules, each on its own, with stand-in clients: what Nango's
 * answers become, which fields pass the allow-lists, the display name.
 */
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { createConnectionStatusHandler, type ConnectionRef, type ConnectionStatusError } from '../../src/server/index.js';
import { request } from './helpers.js';

const fail = (status: number, data: unknown = {}) => Object.assign(new Error(String(status)), { response: { status, data, headers: {} } });
const byId = (extra: Partial<ConnectionRef> = {}) => () => ({ connectionId: 'c1', integrationId: 'gh', displayName: 'GH', ...extra }) as ConnectionRef;

async function check(nango: object, resolve = byId(), onError?: (error: ConnectionStatusError) => void, init?: RequestInit) {
  const response = await createConnectionStatusHandler({ nango: nango as never, resolve, onError })(request('/status', init));
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
const answering = (connection: Record<string, unknown>) => ({ getConnection: async () => ({ connection_id: 'c1', provider_config_key: 'gh', ...connection }) });

describe('status handler: what Nango\'s answers become', () => {
  it('errors: only {type}, only plain lower-case types up to 32 characters', async () => {
    const result = await check(
      answering({
        errors: [
          { type: 'sync', log_id: 'secret-log' },
          { type: 'a' },
          { type: `a${'b'.repeat(31)}` },
          { type: `a${'b'.repeat(32)}` },
          { type: 'Auth' },
          { type: '1auth' },
          { type: 'auth me' },
          { type: 5 },
          null,
          'auth',
        ],
      }),
    );
    assert.equal(result.status, 200);
    assert.deepEqual(result.body.errors, [{ type: 'sync' }, { type: 'a' }, { type: `a${'b'.repeat(31)}` }]);
    assert.equal(result.body.status, 'valid');
  });

  it('errors that are not a list: none', async () => {
    assert.deepEqual((await check(answering({ errors: { type: 'auth' } }))).body.errors, []);
  });

  it('an auth error entry anywhere makes it invalid', async () => {
    assert.equal((await check(answering({ errors: [{ type: 'sync' }, { type: 'auth' }] }))).body.status, 'invalid');
  });

  it('provider: word characters, dots and dashes, up to 100; else null', async () => {
    for (const [provider, expected] of [
      ['github', 'github'],
      ['google-calendar.v2_x', 'google-calendar.v2_x'],
      ['p'.repeat(100), 'p'.repeat(100)],
      ['p'.repeat(101), null],
      ['git hub', null],
      ['<b>', null],
      ['', null],
      [7, null],
    ] as const) {
      assert.equal((await check(answering({ provider }))).body.provider, expected, String(provider));
    }
  });

  for (const status of [400, 424]) {
    it(`${status} invalid_credentials: invalid, with the payload's errors (auth added when missing) and provider`, async () => {
      const withAuth = fail(status, { error: { code: 'invalid_credentials', payload: { connection: { provider: 'github', errors: [{ type: 'auth', log_id: 'x' }] } } } });
      const a = await check({ getConnection: () => Promise.reject(withAuth) });
      assert.deepEqual(a.body, { status: 'invalid', connection_id: 'c1', provider_config_key: 'gh', provider: 'github', display_name: 'GH', errors: [{ type: 'auth' }] });
      const withSync = fail(status, { error: { code: 'invalid_credentials', payload: { connection: { errors: [{ type: 'sync' }] } } } });
      assert.deepEqual((await check({ getConnection: () => Promise.reject(withSync) })).body.errors, [{ type: 'sync' }, { type: 'auth' }]);
      const bare = fail(status, { error: { code: 'invalid_credentials' } });
      const b = await check({ getConnection: () => Promise.reject(bare) });
      assert.deepEqual([b.body.status, b.body.provider, b.body.errors], ['invalid', null, [{ type: 'auth' }]]);
    });
  }

  it('424 with another code, and 400 with an unknown code: not "invalid" (502)', async () => {
    assert.equal((await check({ getConnection: () => Promise.reject(fail(424, { error: { code: 'other' } })) })).status, 502);
    assert.equal((await check({ getConnection: () => Promise.reject(fail(400, { error: { code: 'other' } })) })).status, 502);
  });

  it('invalid_credentials or a misconfiguration code with another status (500, 424): a Nango failure (502), reported as one', async () => {
    for (const [status, code] of [[500, 'invalid_credentials'], [424, 'unknown_provider_config'], [500, 'invalid_query_params']] as const) {
      const reported: ConnectionStatusError[] = [];
      const result = await check({ getConnection: () => Promise.reject(fail(status, { error: { code } })) }, byId(), (error) => reported.push(error));
      assert.equal(result.status, 502, `${status} ${code}`);
      assert.notEqual(result.body.status, 'invalid');
      assert.equal(reported.length, 1);
      assert.equal(reported[0]!.message, 'Nango call failed while checking the connection');
    }
  });

  it("a failure that is not Nango's answer (the client threw): 500, reported", async () => {
    const reported: ConnectionStatusError[] = [];
    const result = await check({ getConnection: () => Promise.reject(new TypeError('x is not a function')) }, byId(), (error) => reported.push(error));
    assert.equal(result.status, 500);
    assert.equal(reported[0]!.message, 'Nango call failed while checking the connection');
  });

  it('a request whose client went away while Nango was asked: 499', async () => {
    const controller = new AbortController();
    const nango = { getConnection: () => (queueMicrotask(() => controller.abort()), new Promise(() => {})) };
    const reported: ConnectionStatusError[] = [];
    const result = await check(nango, byId(), (error) => reported.push(error), { signal: controller.signal });
    assert.equal(result.status, 499);
    assert.deepEqual(reported, []);
  });

  it('an end user with a client that cannot list connections: 500 server_misconfigured, reported with the method to upgrade', async () => {
    const reported: ConnectionStatusError[] = [];
    const result = await check(answering({}), () => ({ integrationId: 'gh', endUser: { id: 'ada' } }), (error) => reported.push(error));
    assert.equal(result.status, 500);
    assert.deepEqual(result.body.error, { code: 'server_misconfigured', message: "The server's Nango setup is wrong, so it could not check the connection." });
    assert.equal(reported.length, 1);
    assert.equal(reported[0]!.code, 'server_misconfigured');
    assert.equal(reported[0]!.status, 500);
    assert.match(reported[0]!.message, /listConnections\(\) is missing/);
  });

  for (const code of ['unknown_provider_config', 'invalid_query_params', 'invalid_uri_params']) {
    it(`400 ${code}: 500 server_misconfigured, reported with the integration id`, async () => {
      const reported: ConnectionStatusError[] = [];
      const result = await check({ getConnection: () => Promise.reject(fail(400, { error: { code } })) }, byId(), (error) => reported.push(error));
      assert.equal(result.status, 500);
      assert.equal(result.body.error.code, 'server_misconfigured');
      assert.equal(reported.length, 1);
      assert.match(reported[0]!.message, /"gh"/);
      assert.equal(reported[0]!.nangoCode, code);
    });
  }

  it('404: disconnected, without connection_id or provider', async () => {
    assert.deepEqual((await check({ getConnection: () => Promise.reject(fail(404)) })).body, { status: 'disconnected', provider_config_key: 'gh', display_name: 'GH', errors: [] });
  });

  it('an answer that is not about the connection asked for: 502, reported', async () => {
    for (const connection of [null, 'c1', { connection_id: 'c2', provider_config_key: 'gh' }, { connection_id: 'c1', provider_config_key: 'other' }, { provider_config_key: 'gh' }]) {
      const reported: ConnectionStatusError[] = [];
      const result = await check({ getConnection: async () => connection }, byId(), (error) => reported.push(error));
      assert.equal(result.status, 502, JSON.stringify(connection));
      assert.equal(reported[0]?.code, 'nango_error');
      assert.equal(reported[0]?.message, 'nango.getConnection() answered about another connection than the one asked for');
    }
  });

  it('a request whose client went away after resolve: 499 without calling Nango', async () => {
    const controller = new AbortController();
    let asked = 0;
    const resolve = () => (controller.abort(), { connectionId: 'c1', integrationId: 'gh', displayName: 'GH' });
    const result = await check({ getConnection: async () => (asked++, {}) }, resolve, undefined, { signal: controller.signal });
    assert.equal(result.status, 499);
    assert.equal(asked, 0);
  });

  it('HEAD: the status and headers, no body', async () => {
    const response = await createConnectionStatusHandler({ nango: answering({}), resolve: byId() })(request('/status', { method: 'HEAD' }));
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
  });
});

describe('status handler: the display name', () => {
  it("resolve's displayName wins and Nango is not asked", async () => {
    let asked = 0;
    const result = await check({ ...answering({}), getIntegration: async () => (asked++, { data: { display_name: 'Other' } }) });
    assert.equal(result.body.display_name, 'GH');
    assert.equal(asked, 0);
  });

  it("Nango's name, cleaned and cut to 100 characters; none when empty or missing", async () => {
    for (const [name, expected] of [
      ['  GitHub\u202e ', 'GitHub'],
      ['n'.repeat(150), 'n'.repeat(100)],
      ['', undefined],
      [undefined, undefined],
      [42, undefined],
    ] as const) {
      const result = await check({ ...answering({}), getIntegration: async () => ({ data: { display_name: name } }) }, byId({ displayName: undefined }));
      assert.equal(result.body.display_name, expected, String(name));
      assert.equal('display_name' in result.body, expected !== undefined);
    }
  });

  it('no getIntegration: no display name, no failure', async () => {
    const result = await check(answering({}), byId({ displayName: undefined }));
    assert.equal(result.status, 200);
    assert.equal('display_name' in result.body, false);
  });

  it('a disconnected answer carries the display name too', async () => {
    const result = await check({ getConnection: () => Promise.reject(fail(404)), getIntegration: async () => ({ data: { display_name: 'GitHub' } }) }, byId({ displayName: undefined }));
    assert.equal(result.body.display_name, 'GitHub');
  });

  it('a request aborted during the name lookup remembers no failure: the next check asks again', async () => {
    let asked = 0;
    let release!: () => void;
    const nango = {
      ...answering({}),
      getIntegration: () => {
        asked++;
        return asked === 1 ? new Promise<never>((_, reject) => (release = () => reject(fail(500)))) : Promise.resolve({ data: { display_name: 'GitHub' } });
      },
    };
    const controller = new AbortController();
    const handler = createConnectionStatusHandler({ nango: nango as never, resolve: byId({ displayName: undefined }) });
    const first = handler(request('/status', { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    // The check itself was done: it answers without a name (the lookup was for a client now gone).
    assert.equal('display_name' in ((await (await first).json()) as object), false);
    release();
    // The shared Nango call settles (and leaves the in-flight map) before the next check.
    await new Promise((resolve) => setImmediate(resolve));
    const second = await (await handler(request('/status'))).json();
    assert.equal((second as any).display_name, 'GitHub');
    assert.equal(asked, 2);
  });

  it("a name past its 10 minutes is kept (up to an hour) while Nango fails to give it again", async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    try {
      let failing = false;
      const nango = { ...answering({}), getIntegration: async () => (failing ? Promise.reject(fail(500)) : { data: { display_name: 'GitHub' } }) };
      const handlerOf = () => createConnectionStatusHandler({ nango: { ...nango } as never, resolve: byId({ displayName: undefined }) });
      const name = async (handler: ReturnType<typeof handlerOf>) => ((await (await handler(request('/status'))).json()) as { display_name?: string }).display_name;
      const soon = handlerOf();
      assert.equal(await name(soon), 'GitHub');
      const late = handlerOf();
      assert.equal(await name(late), 'GitHub');
      failing = true;
      mock.timers.tick(11 * 60_000);
      assert.equal(await name(soon), 'GitHub', 'a failed lookup 11 minutes later keeps the name');
      mock.timers.tick(60 * 60_000);
      // 71 minutes after the only good lookup: past its 10 minutes and the hour after them.
      assert.equal(await name(late), undefined, 'a name is not kept more than an hour past its freshness');
    } finally {
      mock.timers.reset();
    }
  });
});
