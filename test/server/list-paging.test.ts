/**
 * Issue 19.10: the lookup by end user pages through `listConnections` (as @nangohq/node
 * 0.71.10 passes `limit` and a 0-based `page` on), and entries without `end_user` (older
 * Nango servers) are never taken as "no connection". A small real Nango-like server answers
 * `GET /connections` the way Nango's source does (newest first, `offset = page * limit`), and
 * the real SDK talks to it over HTTP.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Nango } from '@nangohq/node';
import { LIST_PAGE_SIZE, MAX_LIST_PAGES } from '../../src/server/nango-calls.js';
import { createConnectionStatusHandler, createReconnectTokenHandler, type ConnectionStatusError } from '../../src/server/index.js';
import { SECRET_KEY, request } from './helpers.js';

interface Listed {
  connection_id: string;
  provider_config_key: string;
  created: string;
  end_user?: { id: string } | null;
}

/** What the server does with `limit` and `page`. */
type Paging = 'nango' | 'strict-old' | 'ignores-page' | 'page-1-refused' | 'other-400';

describe('listConnections, page by page (issue 19.10)', () => {
  let server: http.Server;
  let url: string;
  let listed: Listed[] = [];
  let paging: Paging = 'nango';
  let queries: Array<Record<string, string>> = [];
  let gets: string[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      const target = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (target.pathname === '/connections') {
        const query = Object.fromEntries(target.searchParams);
        queries.push(query);
        if (paging === 'other-400') return send(400, { error: { code: 'invalid_body' } });
        if ((paging === 'strict-old' && ('limit' in query || 'page' in query)) || (paging === 'page-1-refused' && query.page === '1')) {
          return send(400, { error: { code: 'invalid_query_params', errors: [{ code: 'unrecognized_keys', message: 'Unrecognized key(s) in object', path: [] }] } });
        }
        // Nango's filters; "stranger" entries slip through the end-user filter on purpose (a filter ignored).
        const matching = listed.filter(
          (entry) =>
            (query.integrationId === undefined || entry.provider_config_key === query.integrationId) &&
            (query.endUserId === undefined || !entry.end_user || entry.end_user.id === query.endUserId || entry.connection_id.startsWith('stranger-')),
        );
        const limit = paging === 'strict-old' ? 10_000 : Number(query.limit ?? 10_000);
        const page = paging === 'ignores-page' ? 0 : Number(query.page ?? 0);
        return send(200, { connections: matching.slice(page * limit, page * limit + limit) });
      }
      const match = /^\/connections\/([^/]+)$/.exec(target.pathname);
      if (match) {
        gets.push(match[1]!);
        return send(200, { connection_id: match[1], provider_config_key: target.searchParams.get('provider_config_key'), provider: 'github', errors: [] });
      }
      if (target.pathname === '/connect/sessions' || target.pathname === '/connect/sessions/reconnect') {
        return send(201, { data: { token: `tok-${target.pathname}`, expires_at: new Date(Date.now() + 60_000).toISOString() } });
      }
      send(404, { error: { code: 'not_found' } });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    listed = [];
    paging = 'nango';
    queries = [];
    gets = [];
  });

  const nangoClient = () => new Nango({ secretKey: SECRET_KEY, host: url });
  const adaResolve = () => ({ integrationId: 'github', endUser: { id: 'ada' }, displayName: 'GitHub' });
  const check = async (nango = nangoClient(), onError?: (error: ConnectionStatusError) => void) => {
    const response = await createConnectionStatusHandler({ nango, resolve: adaResolve, onError })(request('/status'));
    return { status: response.status, body: (await response.json()) as any };
  };
  /** `count` entries Nango's filter let through but that are not Ada's GitHub connection (another user: a filter ignored). */
  const strangers = (count: number, from = 0): Listed[] =>
    Array.from({ length: count }, (_, i) => ({
      connection_id: `stranger-${from + i}`,
      provider_config_key: 'github',
      created: new Date(Date.UTC(2026, 5, 1) - (from + i) * 1000).toISOString(),
      end_user: { id: `someone-${from + i}` },
    }));
  const adas = (id: string, created: string): Listed => ({ connection_id: id, provider_config_key: 'github', created, end_user: { id: 'ada' } });

  it('asks for pages of LIST_PAGE_SIZE, and finds a connection on the second page', async () => {
    listed = [...strangers(LIST_PAGE_SIZE), adas('conn-ada', '2026-01-01T00:00:00.000Z')];
    const answer = await check();
    assert.equal(answer.status, 200);
    assert.equal(answer.body.connection_id, 'conn-ada', JSON.stringify(answer.body));
    assert.equal(answer.body.status, 'valid');
    assert.deepEqual(queries, [
      { endUserId: 'ada', integrationId: 'github', limit: String(LIST_PAGE_SIZE) },
      { endUserId: 'ada', integrationId: 'github', limit: String(LIST_PAGE_SIZE), page: '1' },
    ]);
  });

  it('stops at the first page with a match (Nango lists newest first): one call for a short list', async () => {
    listed = [adas('conn-new', '2026-03-01T00:00:00.000Z'), adas('conn-old', '2026-01-01T00:00:00.000Z')];
    assert.equal((await check()).body.connection_id, 'conn-new');
    assert.equal(queries.length, 1);
  });

  it('a full page with a match: no second page is read', async () => {
    listed = [adas('conn-ada', '2026-03-01T00:00:00.000Z'), ...strangers(LIST_PAGE_SIZE - 1), adas('conn-older', '2020-01-01T00:00:00.000Z')];
    assert.equal((await check()).body.connection_id, 'conn-ada');
    assert.equal(queries.length, 1);
  });

  it('a page exactly full and nothing after it: the next (empty) page says "none"', async () => {
    listed = strangers(LIST_PAGE_SIZE);
    const answer = await check();
    assert.equal(answer.body.status, 'disconnected');
    assert.equal(queries.length, 2);
  });

  it('an older Nango that refuses limit/page (400 invalid_query_params) is asked once more without them', async () => {
    paging = 'strict-old';
    listed = [...strangers(LIST_PAGE_SIZE + 5), adas('conn-ada', '2026-01-01T00:00:00.000Z')];
    assert.equal((await check()).body.connection_id, 'conn-ada');
    assert.deepEqual(queries[1], { endUserId: 'ada', integrationId: 'github' });
    assert.equal(queries.length, 2);
  });

  it('an older Nango that refuses limit/page, with no match: "none" after one unpaged call', async () => {
    paging = 'strict-old';
    listed = strangers(LIST_PAGE_SIZE + 5);
    assert.equal((await check()).body.status, 'disconnected');
    assert.equal(queries.length, 2);
  });

  it('invalid_query_params on a later page is an error, not a reason to start over without paging', async () => {
    paging = 'page-1-refused';
    listed = [...strangers(LIST_PAGE_SIZE), adas('conn-ada', '2026-01-01T00:00:00.000Z')];
    const answer = await check();
    assert.equal(answer.status, 502, JSON.stringify(answer.body));
    assert.equal(queries.length, 2);
  });

  it('another 400 on the first page is an error, not a reason to ask without paging', async () => {
    paging = 'other-400';
    const answer = await check();
    assert.equal(answer.status, 502, JSON.stringify(answer.body));
    assert.equal(queries.length, 1);
  });

  it('the same created time: the one listed last wins; a missing or bad date loses to any date', async () => {
    listed = [adas('conn-first', '2026-01-01T00:00:00.000Z'), adas('conn-last', '2026-01-01T00:00:00.000Z')];
    assert.equal((await check()).body.connection_id, 'conn-last');
    listed = [adas('conn-dated', '2020-01-01T00:00:00.000Z'), { ...adas('conn-undated', 'not a date') }, { ...adas('conn-no-date', ''), created: undefined as unknown as string }];
    assert.equal((await check()).body.connection_id, 'conn-dated');
    listed = [{ ...adas('conn-a', ''), created: 5 as unknown as string }, { ...adas('conn-b', ''), created: undefined as unknown as string }];
    assert.equal((await check()).body.connection_id, 'conn-b', 'no dates at all: the last listed');
  });

  it('a Nango that ignores `page` (the same page again) is never read as "no connection"', async () => {
    paging = 'ignores-page';
    listed = [...strangers(LIST_PAGE_SIZE), adas('conn-ada', '2026-01-01T00:00:00.000Z')];
    const reported: ConnectionStatusError[] = [];
    const answer = await check(nangoClient(), (error) => reported.push(error));
    assert.equal(answer.status, 502, JSON.stringify(answer.body));
    assert.equal(answer.body.error.code, 'nango_error');
    assert.equal(queries.length, 2, 'stops at the repeated page');
    assert.equal(reported.length, 1);
  });

  it(`more than ${MAX_LIST_PAGES} full pages without a match: an error, not "no connection"`, { timeout: 60_000 }, async () => {
    listed = strangers(LIST_PAGE_SIZE * MAX_LIST_PAGES + 1);
    const reported: ConnectionStatusError[] = [];
    const answer = await check(nangoClient(), (error) => reported.push(error));
    assert.equal(answer.status, 502);
    assert.equal(queries.length, MAX_LIST_PAGES);
    assert.equal(reported[0]?.message, 'nango.listConnections() listed more than 10000 connections without one of end user "ada" for "github"');
  });

  it('concurrent lookups of two users never share a list call', async () => {
    listed = [adas('conn-ada', '2026-01-01T00:00:00.000Z'), { connection_id: 'conn-bob', provider_config_key: 'github', created: '2026-01-01T00:00:00.000Z', end_user: { id: 'bob' } }];
    const nango = nangoClient();
    const bobResolve = () => ({ integrationId: 'github', endUser: { id: 'bob' }, displayName: 'GitHub' });
    const [ada, bob] = await Promise.all([
      createConnectionStatusHandler({ nango, resolve: adaResolve })(request('/status')),
      createConnectionStatusHandler({ nango, resolve: bobResolve })(request('/status')),
    ]);
    assert.equal(((await ada.json()) as any).connection_id, 'conn-ada');
    assert.equal(((await bob.json()) as any).connection_id, 'conn-bob');
  });

  it('an answer without a list of connections is a failure (502), never "none"; entries whose id is not a string are ignored', async () => {
    const lists = async (answer: unknown) => {
      const nango = { listConnections: async () => answer, getConnection: async () => Promise.reject(new Error('must not be asked')) };
      const response = await createConnectionStatusHandler({ nango: nango as never, resolve: adaResolve })(request('/status'));
      return { status: response.status, body: (await response.json()) as any };
    };
    for (const answer of [null, {}, { connections: 'conn-ada' }]) {
      const { status, body } = await lists(answer);
      assert.deepEqual([status, body.error?.code], [502, 'nango_error'], JSON.stringify(answer));
    }
    const { status, body } = await lists({ connections: [{ connection_id: 7, provider_config_key: 'github', created: '2026-01-01T00:00:00.000Z', end_user: { id: 'ada' } }] });
    assert.deepEqual([status, body.status], [200, 'disconnected']);
  });

  it('entries without end_user (an older Nango): 502 and onError told, never "disconnected" nor a connect session', async () => {
    listed = [{ connection_id: 'conn-old-server', provider_config_key: 'github', created: '2026-01-01T00:00:00.000Z' }];
    const reported: ConnectionStatusError[] = [];
    const nango = nangoClient();
    const answer = await check(nango, (error) => reported.push(error));
    assert.equal(answer.status, 502, JSON.stringify(answer.body));
    assert.equal(answer.body.error.code, 'nango_error');
    assert.equal(reported.length, 1);
    assert.equal(reported[0]!.code, 'nango_error');
    assert.match(reported[0]!.message, /without end_user/);
    assert.match(reported[0]!.message, /Give resolve\(\) the connectionId, or update Nango\.$/);
    assert.deepEqual(gets, [], 'a connection of unknown owner is never read');

    const token = await createReconnectTokenHandler({ nango, resolve: adaResolve, onError: (error) => reported.push(error) })(
      request('/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
    );
    assert.equal(token.status, 502, await token.clone().text());
    assert.equal(reported.length, 2);
  });

  it('entries with end_user: null (connections made without one) are simply not the user\'s', async () => {
    listed = [{ connection_id: 'conn-nobody', provider_config_key: 'github', created: '2026-01-01T00:00:00.000Z', end_user: null }];
    assert.equal((await check()).body.status, 'disconnected');
  });

  it('an end_user entry of another integration does not matter (only this integration\'s entries must say whose they are)', async () => {
    paging = 'strict-old';
    listed = [{ connection_id: 'conn-other', provider_config_key: 'slack', created: '2026-01-01T00:00:00.000Z' }];
    // The strict old server filters by integration itself; here the filter is ignored on purpose.
    const nango = { listConnections: async () => ({ connections: listed }), getConnection: async () => ({}) };
    const response = await createConnectionStatusHandler({ nango, resolve: adaResolve })(request('/status'));
    assert.equal(((await response.json()) as any).status, 'disconnected');
  });
});
