/**
 * The token handler's small rules, each on its own: which bodies and headers it takes, what
 * goes in each session request, and which Nango answers lead where (a stand-in client that
 * records its calls; the HTTP behaviour against the fake Nango is in the other test files).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReconnectTokenHandler, type ConnectionRef, type ConnectionStatusError } from '../../src/server/index.js';
import { request } from './helpers.js';

const later = () => new Date(Date.now() + 30 * 60_000).toISOString();
const fail = (status: number, code?: string) => Object.assign(new Error(String(status)), { response: { status, data: code ? { error: { code } } : {}, headers: {} } });

function client(overrides: Record<string, unknown> = {}) {
  const calls: Array<[string, unknown]> = [];
  const nango = {
    calls,
    createReconnectSession: async (body: unknown) => (calls.push(['reconnect', body]), { data: { token: 'tok-re', expires_at: later() } }),
    createConnectSession: async (body: unknown) => (calls.push(['connect', body]), { data: { token: 'tok-new', expires_at: later() } }),
    listConnections: async (query: unknown) => (calls.push(['list', query]), { connections: [] }),
    getConnection: async (...args: unknown[]) => (calls.push(['get', args]), Promise.reject(fail(404, 'not_found'))),
    ...overrides,
  };
  return nango;
}

const post = (init: RequestInit = {}) => request('/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', ...init });
async function answer(nango: object, ref: ConnectionRef | null, init?: RequestInit, onError?: (error: ConnectionStatusError) => void) {
  const response = await createReconnectTokenHandler({ nango: nango as never, resolve: () => ref, onError })(post(init));
  return { status: response.status, body: (await response.json()) as any };
}

describe('token handler: bodies and headers', () => {
  for (const body of ['', '   ', '{}', '{"intent":"connect"}', '{"intent":"reconnect"}', '{"intent":"connect","extra":1}']) {
    it(`takes the body ${JSON.stringify(body)}`, async () => {
      assert.equal((await answer(client(), { connectionId: 'c', integrationId: 'gh' }, { body })).status, 200);
    });
  }
  for (const body of ['[]', 'null', '"connect"', '1', '{"intent":"delete"}', '{"intent":null}', '{bad', '{"intent":"Connect"}']) {
    it(`refuses the body ${JSON.stringify(body)} with 400 invalid_body, before resolving`, async () => {
      let resolved = 0;
      const response = await createReconnectTokenHandler({ nango: client(), resolve: () => (resolved++, { connectionId: 'c', integrationId: 'gh' }) })(post({ body }));
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as any).error.code, 'invalid_body');
      assert.equal(resolved, 0);
    });
  }
  for (const [label, headers, status] of [
    ['application/json; charset=utf-8', { 'Content-Type': 'application/json; charset=utf-8' }, 200],
    ['APPLICATION/JSON', { 'Content-Type': 'APPLICATION/JSON' }, 200],
    [' application/json ;x', { 'Content-Type': ' application/json ;x' }, 200],
    ['X-Requested-With in capitals, with spaces', { 'Content-Type': 'text/plain', 'X-Requested-With': '  Nango-Connection-Status ' }, 200],
    ['application/jsonp', { 'Content-Type': 'application/jsonp' }, 415],
    ['text/plain', { 'Content-Type': 'text/plain' }, 415],
    ['X-Requested-With: XMLHttpRequest', { 'Content-Type': 'text/plain', 'X-Requested-With': 'XMLHttpRequest' }, 415],
    ['no Content-Type, X-Requested-With only', { 'X-Requested-With': 'nango-connection-status' }, 200],
  ] as const) {
    it(`${label} → ${status}`, async () => {
      assert.equal((await answer(client(), { connectionId: 'c', integrationId: 'gh' }, { headers })).status, status);
    });
  }
  it('413 for a declared body over 4 KiB, 400 for a body stream that fails', async () => {
    assert.equal((await answer(client(), { connectionId: 'c', integrationId: 'gh' }, { headers: { 'Content-Type': 'application/json', 'Content-Length': '4097' } })).status, 413);
    const broken = new ReadableStream({
      pull(controller) {
        controller.error(new Error('socket hang up'));
      },
    });
    const response = await createReconnectTokenHandler({ nango: client(), resolve: () => ({ connectionId: 'c', integrationId: 'gh' }) })(
      request('/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: broken, duplex: 'half' } as RequestInit),
    );
    assert.equal(response.status, 400);
    assert.deepEqual(((await response.json()) as any).error, { code: 'invalid_body', message: 'The request body could not be read.' });
  });
  it('a body that is not the element\'s says what to send', async () => {
    const result = await answer(client(), { connectionId: 'c', integrationId: 'gh' }, { body: '[]' });
    assert.deepEqual(result.body.error, { code: 'invalid_body', message: 'Send {"intent": "connect"} or {"intent": "reconnect"}.' });
  });
  it('a 4 KiB body exactly is read', async () => {
    const body = JSON.stringify({ intent: 'connect', pad: 'x'.repeat(4096 - 29) });
    assert.equal(Buffer.byteLength(body), 4096);
    assert.equal((await answer(client(), { connectionId: 'c', integrationId: 'gh' }, { body })).status, 200);
    const over = `${body.slice(0, -2)}x"}`;
    assert.equal(Buffer.byteLength(over), 4097);
    assert.equal((await answer(client(), { connectionId: 'c', integrationId: 'gh' }, { body: over })).status, 413);
  });
});

describe('token handler: what goes to Nango', () => {
  it('a reconnect without an end user sends only the connection and integration', async () => {
    const nango = client();
    await answer(nango, { connectionId: 'c', integrationId: 'gh' });
    assert.deepEqual(nango.calls, [['reconnect', { connection_id: 'c', integration_id: 'gh' }]]);
  });

  for (const [endUser, sent] of [
    [{ id: 'u' }, { id: 'u' }],
    [{ id: 'u', email: 'u@example.com' }, { id: 'u', email: 'u@example.com' }],
    [{ id: 'u', displayName: 'U' }, { id: 'u', display_name: 'U' }],
    [{ id: 'u', email: '', displayName: '' }, { id: 'u' }],
    [{ id: 'u', email: ' u@example.com\u202e ', displayName: '\u0000 Ada ' }, { id: 'u', email: 'u@example.com', display_name: 'Ada' }],
  ] as const) {
    it(`the end user ${JSON.stringify(endUser)} goes as ${JSON.stringify(sent)} in both session requests`, async () => {
      const nango = client({ createReconnectSession: async (body: unknown) => (nango.calls.push(['reconnect', body]), Promise.reject(fail(400, 'invalid_body'))) });
      const result = await answer(nango, { connectionId: 'c', integrationId: 'gh', endUser });
      assert.equal(result.body.intent, 'connect');
      const reconnect = nango.calls.find(([kind]) => kind === 'reconnect')![1];
      const connect = nango.calls.find(([kind]) => kind === 'connect')![1];
      assert.deepEqual(reconnect, { connection_id: 'c', integration_id: 'gh', end_user: sent });
      assert.deepEqual(connect, { end_user: sent, allowed_integrations: ['gh'] });
    });
  }

  it('the lookup asks by end user and integration', async () => {
    const nango = client();
    await answer(nango, { integrationId: 'gh', endUser: { id: 'u' } });
    assert.deepEqual(nango.calls[0], ['list', { userId: 'u', integrationId: 'gh', limit: 1000, page: 0 }]);
  });

  it('answers expiresAt as ISO from a string or a Date, 502 for anything else', async () => {
    const at = new Date(Date.now() + 60_000);
    for (const [expires, expected] of [
      [at.toISOString(), at.toISOString()],
      [at, at.toISOString()],
      [at.toUTCString(), new Date(at.toUTCString()).toISOString()],
    ] as const) {
      const nango = client({ createReconnectSession: async () => ({ data: { token: 't', expires_at: expires } }) });
      const result = await answer(nango, { connectionId: 'c', integrationId: 'gh' });
      assert.equal(result.status, 200);
      assert.equal(result.body.expiresAt, expected);
      assert.deepEqual(Object.keys(result.body).sort(), ['expiresAt', 'intent', 'sessionToken']);
    }
    for (const data of [{ token: 't', expires_at: 'soon' }, { token: 't', expires_at: 12345 }, { token: 't' }, { token: '', expires_at: at.toISOString() }, { token: 5, expires_at: at.toISOString() }, undefined]) {
      const reported: ConnectionStatusError[] = [];
      const nango = client({ createReconnectSession: async () => ({ data }) });
      const result = await answer(nango, { connectionId: 'c', integrationId: 'gh' }, undefined, (error) => reported.push(error));
      assert.equal(result.status, 502, JSON.stringify(data));
      assert.equal(result.body.error.code, 'nango_error');
      assert.equal(reported[0]?.code, 'nango_error');
    }
  });
});

describe('token handler: which Nango answers lead where', () => {
  const cases: Array<[string, number, string | undefined, number, string]> = [
    ['401 (our key)', 401, 'unknown_account', 500, 'server_misconfigured'],
    ['403 (our key lacks a scope)', 403, 'forbidden', 500, 'server_misconfigured'],
    ['408', 408, undefined, 503, 'nango_busy'],
    ['429', 429, 'too_many_requests', 503, 'nango_busy'],
    ['400 another code', 400, 'invalid_query_params', 500, 'server_misconfigured'],
    ['409', 409, undefined, 500, 'server_misconfigured'],
    ['422', 422, undefined, 500, 'server_misconfigured'],
    ['499', 499, undefined, 500, 'server_misconfigured'],
    ['500', 500, 'server_error', 502, 'nango_error'],
    ['503', 503, undefined, 502, 'nango_error'],
    ['302 (not a 4xx)', 302, undefined, 502, 'nango_error'],
  ];
  for (const [label, status, code, expectedStatus, expectedCode] of cases) {
    it(`createReconnectSession ${label} → ${expectedStatus} ${expectedCode}, no connect session`, async () => {
      const reported: ConnectionStatusError[] = [];
      const nango = client({ createReconnectSession: () => Promise.reject(fail(status, code)) });
      const result = await answer(nango, { connectionId: 'c', integrationId: 'gh', endUser: { id: 'u' } }, undefined, (error) => reported.push(error));
      assert.equal(result.status, expectedStatus);
      assert.equal(result.body.error.code, expectedCode);
      assert.ok(!nango.calls.some(([kind]) => kind === 'connect'));
      assert.equal(reported.length, 1);
      assert.equal(reported[0]!.status, expectedStatus);
      assert.equal(reported[0]!.code, expectedCode);
      assert.equal(reported[0]!.nangoStatus, status);
      if (expectedCode === 'server_misconfigured' && status !== 401 && status !== 403) {
        assert.equal(reported[0]!.message, `Nango refused the session request (${status} ${code ?? ''})`);
      }
      if (status >= 500) assert.equal(result.body.error.message, 'Nango had a problem while starting the connection. Try again.');
    });
  }

  it('a 422 invalid_body is not the reconnect refusal Nango gives (400): 500, no confirmation, no connect session', async () => {
    const nango = client({ createReconnectSession: () => Promise.reject(fail(422, 'invalid_body')) });
    const result = await answer(nango, { connectionId: 'c', integrationId: 'gh', endUser: { id: 'u' } });
    assert.equal(result.status, 500);
    assert.deepEqual(nango.calls.map(([kind]) => kind), []);
  });

  it('a confirming getConnection answering 500 invalid_credentials is a Nango failure (502), not "it exists"', async () => {
    const nango = client({
      createReconnectSession: () => Promise.reject(fail(400, 'invalid_body')),
      getConnection: () => Promise.reject(fail(500, 'invalid_credentials')),
    });
    const result = await answer(nango, { connectionId: 'c', integrationId: 'gh', endUser: { id: 'u' } });
    assert.equal(result.status, 502);
  });

  it('concurrent confirmations of two connections never share a getConnection call', async () => {
    const nango = client({
      createReconnectSession: () => Promise.reject(fail(400, 'invalid_body')),
      getConnection: async (_integration: string, id: string) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (id === 'c-exists') return { connection_id: id };
        throw fail(404, 'not_found');
      },
    });
    const [exists, gone] = await Promise.all([
      answer(nango, { connectionId: 'c-exists', integrationId: 'gh' }),
      answer(nango, { connectionId: 'c-gone', integrationId: 'gh', endUser: { id: 'u' } }),
    ]);
    assert.equal(exists.body.error?.code, 'not_reconnectable');
    assert.equal(gone.body.intent, 'connect');
  });

  it('Nango answering nothing at all to a session request: 502 nango_error, reported', async () => {
    const reported: ConnectionStatusError[] = [];
    const result = await answer(client({ createReconnectSession: async () => undefined }), { connectionId: 'c', integrationId: 'gh' }, undefined, (error) => reported.push(error));
    assert.equal(result.status, 502);
    assert.equal(reported[0]!.message, 'Nango answered a session request without data.token / data.expires_at');
  });

  it('a client without getConnection: onError names it, with code server_misconfigured', async () => {
    const reported: ConnectionStatusError[] = [];
    const result = await answer(
      client({ createReconnectSession: () => Promise.reject(fail(400, 'invalid_body')), getConnection: undefined }),
      { connectionId: 'c', integrationId: 'gh' },
      undefined,
      (error) => reported.push(error),
    );
    assert.equal(result.status, 500);
    assert.equal(reported[0]!.code, 'server_misconfigured');
    assert.equal(reported[0]!.status, 500);
    assert.match(reported[0]!.message, /nango\.getConnection\(\) is missing/);
  });

  it('createConnectSession failing is reported like the reconnect (429 → 503 with Retry-After)', async () => {
    const busy = Object.assign(new Error('429'), { response: { status: 429, data: {}, headers: { 'retry-after': '2' } } });
    const nango = client({ createConnectSession: () => Promise.reject(busy) });
    const response = await createReconnectTokenHandler({ nango: nango as never, resolve: () => ({ integrationId: 'gh', endUser: { id: 'u' } }) })(post());
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '2');
  });

  it('no listConnections for an end user: 500 server_misconfigured naming the method', async () => {
    const reported: ConnectionStatusError[] = [];
    const nango = client({ listConnections: undefined });
    const result = await answer(nango, { integrationId: 'gh', endUser: { id: 'u' } }, undefined, (error) => reported.push(error));
    assert.equal(result.status, 500);
    assert.match(reported[0]!.message, /listConnections/);
  });

  it('no createConnectSession when one is needed: 500 server_misconfigured naming the method', async () => {
    const reported: ConnectionStatusError[] = [];
    const nango = client({ createConnectSession: undefined });
    const result = await answer(nango, { integrationId: 'gh', endUser: { id: 'u' } }, undefined, (error) => reported.push(error));
    assert.equal(result.status, 500);
    assert.equal(result.body.error.code, 'server_misconfigured');
    assert.match(reported[0]!.message, /createConnectSession/);
  });

  it('409 not_connectable names the connection, the integration and what to add', async () => {
    const reported: ConnectionStatusError[] = [];
    const result = await answer(
      client({ createReconnectSession: () => Promise.reject(fail(400, 'invalid_body')) }),
      { connectionId: 'conn-x', integrationId: 'gh' },
      undefined,
      (error) => reported.push(error),
    );
    assert.equal(result.status, 409);
    assert.equal(result.body.provider_config_key, 'gh');
    assert.equal(reported[0]!.status, 409);
    assert.match(reported[0]!.message, /"conn-x"/);
    assert.match(reported[0]!.message, /"gh"/);
  });

  it('not_reconnectable with an end user tells to check it', async () => {
    const reported: ConnectionStatusError[] = [];
    const result = await answer(
      client({ createReconnectSession: () => Promise.reject(fail(400, 'invalid_body')), getConnection: async () => ({}) }),
      { connectionId: 'conn-x', integrationId: 'gh', endUser: { id: 'u' } },
      undefined,
      (error) => reported.push(error),
    );
    assert.equal(result.status, 409);
    assert.equal(result.body.error.code, 'not_reconnectable');
    assert.equal(result.body.error.message, "This connection can't be repaired from here. Contact your administrator.");
    assert.match(reported[0]!.message, /check the endUser/);
  });
});
