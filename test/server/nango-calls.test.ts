/**
 * The Nango call rules of `src/server/nango-calls.ts`, each on its own, with stand-in clients
 * that record their calls (the same rules over HTTP against the fake Nango are in
 * list-paging, end-user-memory and reconnect-existing): which listed connection is the end
 * user's, whose memory is whose, what a malformed list answer means, which token requests
 * share a session, and the display-name lookups.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_REMEMBERED, MissingMethodError, NangoCaller, nangoAnswerOf } from '../../src/server/nango-calls.js';
import { createConnectionStatusHandler, createReconnectTokenHandler, type ConnectionRef, type ConnectionStatusError } from '../../src/server/index.js';
import { request } from './helpers.js';

const fail = (status: number, code?: string) => Object.assign(new Error(String(status)), { response: { status, data: code ? { error: { code } } : {}, headers: {} } });
const later = () => new Date(Date.now() + 30 * 60_000).toISOString();

interface Listed {
  connection_id: string;
  provider_config_key: string;
  created?: string;
  end_user?: unknown;
}

/** A client whose `listConnections` answers `listed` (filtered by user and integration, like Nango) and whose connections all work. */
function client(listed: Listed[], overrides: Record<string, unknown> = {}) {
  const calls: string[] = [];
  return {
    calls,
    listConnections: async (query: { userId?: string; integrationId?: string }) => {
      calls.push(`list ${query.userId}`);
      return { connections: listed.filter((entry) => entry.provider_config_key === query.integrationId) };
    },
    getConnection: async (integrationId: string, connectionId: string) => {
      calls.push(`get ${connectionId}`);
      return { connection_id: connectionId, provider_config_key: integrationId, provider: 'github', errors: [] };
    },
    createReconnectSession: async (body: { connection_id: string }) => (calls.push(`reconnect ${body.connection_id}`), { data: { token: 'tok-re', expires_at: later() } }),
    createConnectSession: async () => (calls.push('connect'), { data: { token: 'tok-new', expires_at: later() } }),
    ...overrides,
  };
}

async function statusOf(nango: object, ref: ConnectionRef, onError?: (error: ConnectionStatusError) => void) {
  const response = await createConnectionStatusHandler({ nango: nango as never, resolve: () => ref, checkScopes: false, onError })(request('/status'));
  return { status: response.status, body: (await response.json()) as any };
}

async function tokenOf(nango: object, ref: ConnectionRef) {
  const response = await createReconnectTokenHandler({ nango: nango as never, resolve: () => ref })(
    request('/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
  );
  return { status: response.status, body: (await response.json()) as any };
}

const user = (id: string) => ({ integrationId: 'github', endUser: { id } });

describe("the end user's connection in a list", () => {
  it('the most recently created wins, wherever Nango lists it', async () => {
    const nango = client([
      { connection_id: 'older', provider_config_key: 'github', created: '2026-01-01T00:00:00.000Z', end_user: { id: 'u1' } },
      { connection_id: 'newer', provider_config_key: 'github', created: '2026-06-01T00:00:00.000Z', end_user: { id: 'u1' } },
      { connection_id: 'oldest', provider_config_key: 'github', created: '2025-01-01T00:00:00.000Z', end_user: { id: 'u1' } },
    ]);
    assert.equal((await statusOf(nango, user('u1'))).body.connection_id, 'newer');
  });

  it('on a tie (or no dates), the one listed last', async () => {
    const tie = '2026-01-01T00:00:00.000Z';
    const tied = client([
      { connection_id: 'first', provider_config_key: 'github', created: tie, end_user: { id: 'u1' } },
      { connection_id: 'last', provider_config_key: 'github', created: tie, end_user: { id: 'u1' } },
    ]);
    assert.equal((await statusOf(tied, user('u1'))).body.connection_id, 'last');
    const undated = client([
      { connection_id: 'first', provider_config_key: 'github', end_user: { id: 'u1' } },
      { connection_id: 'last', provider_config_key: 'github', created: 'not a date', end_user: { id: 'u1' } },
    ]);
    assert.equal((await statusOf(undated, user('u1'))).body.connection_id, 'last');
  });

  it("entries of nobody (end_user null), of a malformed owner or of another user are never the user's", async () => {
    const nango = client([
      { connection_id: 'mine', provider_config_key: 'github', created: '2026-01-01T00:00:00.000Z', end_user: { id: 'u1' } },
      { connection_id: 'nobodys', provider_config_key: 'github', created: '2026-09-01T00:00:00.000Z', end_user: null },
      { connection_id: 'a-string', provider_config_key: 'github', created: '2026-09-01T00:00:00.000Z', end_user: 'u1' },
      { connection_id: 'theirs', provider_config_key: 'github', created: '2026-09-01T00:00:00.000Z', end_user: { id: 'u2' } },
    ]);
    const answer = await statusOf(nango, user('u1'));
    assert.equal(answer.status, 200);
    assert.equal(answer.body.connection_id, 'mine');
    assert.deepEqual(nango.calls, ['list u1', 'get mine']);
  });

  it('null entries in the list are skipped', async () => {
    const nango = client([]);
    nango.listConnections = async () => ({ connections: [null, { connection_id: 'mine', provider_config_key: 'github', end_user: { id: 'u1' } }] as never });
    assert.equal((await statusOf(nango, user('u1'))).body.connection_id, 'mine');
  });

  for (const [label, answer] of [
    ['no connections field', {}],
    ['connections that is not a list', { connections: { 0: 'x' } }],
    ['nothing at all', undefined],
  ] as const) {
    it(`a list answer with ${label} is Nango's failure (502), never "no connection" nor a connect session`, async () => {
      const errors: ConnectionStatusError[] = [];
      const nango = client([], { listConnections: async () => answer });
      const status = await statusOf(nango, user('u1'), (error) => errors.push(error));
      assert.equal(status.status, 502);
      assert.equal(status.body.error.code, 'nango_error');
      assert.match(errors[0]?.message ?? '', /answered without a connections list/);
      assert.equal((await tokenOf(nango, user('u1'))).status, 502);
      assert.ok(!nango.calls.includes('connect'), `no connect session: ${nango.calls.join(', ')}`);
    });
  }
});

describe('a Nango too old to page its list', () => {
  it('is asked once without limit and page only for 400 invalid_query_params on the first page', async () => {
    const queries: unknown[] = [];
    const old = client([], {
      listConnections: async (query: Record<string, unknown>) => {
        queries.push(query);
        if ('limit' in query) throw fail(400, 'invalid_query_params');
        return { connections: [{ connection_id: 'mine', provider_config_key: 'github', end_user: { id: 'u1' } }] };
      },
    });
    assert.equal((await statusOf(old, user('u1'))).body.connection_id, 'mine');
    assert.deepEqual(queries, [{ userId: 'u1', integrationId: 'github', limit: 1000, page: 0 }, { userId: 'u1', integrationId: 'github' }]);
    for (const status of [422, 500]) {
      // Unpaged, it would answer: only a 400 may lead there.
      const other = client([{ connection_id: 'mine', provider_config_key: 'github', end_user: { id: 'u1' } }], {
        listConnections: async (query: Record<string, unknown>) => {
          if ('limit' in query) throw fail(status, 'invalid_query_params');
          return { connections: [{ connection_id: 'mine', provider_config_key: 'github', end_user: { id: 'u1' } }] };
        },
      });
      const answer = await statusOf(other, user('u1'));
      assert.deepEqual([answer.status, answer.body.error.code], [502, 'nango_error'], String(status));
    }
  });
});

describe('whose memory is whose', () => {
  it("a second end user of the same client and integration never gets (nor makes Nango read) the first one's connection", async () => {
    const nango = client([
      { connection_id: 'conn-u1', provider_config_key: 'github', end_user: { id: 'u1' } },
      { connection_id: 'conn-u2', provider_config_key: 'github', end_user: { id: 'u2' } },
    ]);
    assert.equal((await statusOf(nango, user('u1'))).body.connection_id, 'conn-u1');
    nango.calls.length = 0;
    assert.equal((await statusOf(nango, user('u2'))).body.connection_id, 'conn-u2');
    assert.deepEqual(nango.calls, ['list u2', 'get conn-u2']);
    // And each is remembered on its own: no list call for either now.
    nango.calls.length = 0;
    await statusOf(nango, user('u1'));
    await statusOf(nango, user('u2'));
    assert.deepEqual(nango.calls, ['get conn-u1', 'get conn-u2']);
  });
});

describe('what a failed call answered', () => {
  it("Nango's status, code and body; status 0 when no answer came", () => {
    const refused = nangoAnswerOf(fail(424, 'invalid_credentials'));
    assert.equal(refused.status, 424);
    assert.equal(refused.code, 'invalid_credentials');
    assert.deepEqual(refused.data, { error: { code: 'invalid_credentials' } });
    assert.equal(nangoAnswerOf(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).status, 0);
    assert.equal(nangoAnswerOf(new Error('x')).code, undefined);
  });

  it('a client without a method needed throws an error that names itself in logs', () => {
    const error = new MissingMethodError('listConnections');
    assert.equal(error.name, 'MissingMethodError');
    assert.match(String(error), /^MissingMethodError: nango\.listConnections\(\) is missing/);
  });
});

describe('token requests that share a session', () => {
  const caller = () => new NangoCaller({}, request('/token'), 1_000, 1_000);
  function deferred<T>() {
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  }
  /** A session for 'key' still being made, pushed out of the full memory, and a newer one for 'key' started after it. */
  function pushedOut() {
    const one = caller();
    const first = deferred<string>();
    const firstAnswer = one.shared('key', 60_000, () => first.promise);
    // Fill the memory: 'key' is the oldest entry and goes.
    for (let i = 0; i < MAX_REMEMBERED; i++) one.state.sessions.set(`filler ${i}`, Promise.resolve('filler'), 60_000);
    const second = deferred<string>();
    const secondAnswer = one.shared('key', 60_000, () => second.promise);
    return { one, first, firstAnswer, second, secondAnswer };
  }

  it('a session pushed out of the full memory, then done, does not replace the newer one under its key', async () => {
    const { one, first, firstAnswer, second, secondAnswer } = pushedOut();
    first.resolve('first session');
    assert.equal(await firstAnswer, 'first session');
    // A third request within the share time joins the session started after the first was pushed out.
    const third = one.shared('key', 60_000, async () => 'a third session');
    second.resolve('second session');
    assert.equal(await secondAnswer, 'second session');
    assert.equal(await third, 'second session');
  });

  it('a pushed-out session that fails does not drop the newer one', async () => {
    const { one, first, firstAnswer, second, secondAnswer } = pushedOut();
    first.reject(new Error('Nango refused'));
    await assert.rejects(firstAnswer, /Nango refused/);
    let started = 0;
    const third = one.shared('key', 60_000, async () => (started++, 'a third session'));
    second.resolve('second session');
    assert.equal(await secondAnswer, 'second session');
    assert.equal(await third, 'second session');
    assert.equal(started, 0);
  });

  it('a call in flight is forgotten once it settles, whichever way', async () => {
    const one = caller();
    await one.call('ok', async () => 1);
    await assert.rejects(one.call('bad', async () => Promise.reject(new Error('no'))));
    assert.equal(one.state.inflight.size, 0);
  });
});

describe('display names', () => {
  it('two integrations looked up at once each get their own name', async () => {
    const names: Record<string, string> = { github: 'GitHub', slack: 'Slack' };
    const nango = {
      getConnection: async (integrationId: string, connectionId: string) => ({ connection_id: connectionId, provider_config_key: integrationId, provider: integrationId, errors: [] }),
      getIntegration: async ({ uniqueKey }: { uniqueKey: string }) => {
        await new Promise((resolve) => setImmediate(resolve));
        return { data: { display_name: names[uniqueKey] } };
      },
    };
    const [github, slack] = await Promise.all([
      statusOf(nango, { integrationId: 'github', connectionId: 'c1' }),
      statusOf(nango, { integrationId: 'slack', connectionId: 'c2' }),
    ]);
    assert.equal(github.body.display_name, 'GitHub');
    assert.equal(slack.body.display_name, 'Slack');
  });

  it('a client without getIntegration, or an answer without data: no name, the status still answered', async () => {
    const getConnection = async (integrationId: string, connectionId: string) => ({ connection_id: connectionId, provider_config_key: integrationId, provider: 'github', errors: [] });
    for (const nango of [{ getConnection }, { getConnection, getIntegration: async () => ({}) }]) {
      const answer = await statusOf(nango, { integrationId: 'github', connectionId: 'c1' });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.status, 'valid');
      assert.equal('display_name' in answer.body, false);
    }
  });
});

describe("getConnection's refusals", () => {
  it('a misconfiguration code on a status other than 400 is an upstream failure (502), not the server setup (500)', async () => {
    const nango = { getConnection: async () => Promise.reject(fail(500, 'unknown_provider_config')) };
    const answer = await statusOf(nango, { integrationId: 'github', connectionId: 'c1' });
    assert.equal(answer.status, 502);
    assert.equal(answer.body.error.code, 'nango_error');
    const misconfigured = await statusOf({ getConnection: async () => Promise.reject(fail(400, 'unknown_provider_config')) }, { integrationId: 'github', connectionId: 'c1' });
    assert.equal(misconfigured.status, 500);
    assert.equal(misconfigured.body.error.code, 'server_misconfigured');
  });
});

describe('what the token answer says it is for', () => {
  it('intent "reconnect" for an existing connection, "connect" for a new one', async () => {
    const existing = await tokenOf(client([]), { integrationId: 'github', connectionId: 'c1' });
    assert.deepEqual([existing.status, existing.body.intent, existing.body.sessionToken], [200, 'reconnect', 'tok-re']);
    const fresh = await tokenOf(client([]), user('u1'));
    assert.deepEqual([fresh.status, fresh.body.intent, fresh.body.sessionToken], [200, 'connect', 'tok-new']);
  });
});
