/**
 * The missing-scopes check's memory and fallbacks (src/server/scope-check.ts), called directly:
 * the real `@nangohq/node` client against the fake Nango for every answer Nango gives (scopes,
 * 403 invalid_permissions, 500), and a counting in-process client only where the point is the
 * number of integrations remembered (1,001 real reads would cost a second per run).
 * The status handler's end-to-end behaviour is in connection-status-scopes.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { Nango } from '@nangohq/node';
import { createFakeNango, type FakeNango } from '../../demo/server/fake-nango.js';
import type { ConnectionStatusError } from '../../src/server/index.js';
import { NangoCaller } from '../../src/server/nango-calls.js';
import { RequestAbortedError, type CheckedRef } from '../../src/server/responses.js';
import { scopesMissing } from '../../src/server/scope-check.js';
import { SECRET_KEY } from './helpers.js';

const TEN_MINUTES = 10 * 60_000;
const refFor = (integrationId: string, requiredScopes?: string[]): CheckedRef => ({ integrationId, connectionId: 'conn-1', endUser: undefined, integrationName: undefined, requiredScopes });

/** One check as the status handler makes it, for a connection granted `granted`. */
function checker(nango: object, cacheMs = TEN_MINUTES) {
  const errors: ConnectionStatusError[] = [];
  const reporter = { onError: (error: ConnectionStatusError) => void errors.push(error), secrets: [SECRET_KEY] };
  const check = (integrationId: string, granted: string[] = [], options: { requiredScopes?: string[]; signal?: AbortSignal } = {}) =>
    scopesMissing(
      new NangoCaller(nango, new Request('https://app.example.test/status', { signal: options.signal }), 2_000, 60_000),
      refFor(integrationId, options.requiredScopes),
      { granted, override: undefined },
      reporter,
      cacheMs,
    );
  return { check, errors };
}

describe('scope check against the fake Nango', () => {
  let fake: FakeNango;
  let url: string;
  let close: () => Promise<void>;
  const reads = (key: string) => fake.getRequests().filter((r) => r.method === 'GET' && r.path === `/integrations/${key}`).length;

  before(async () => {
    fake = createFakeNango({ secretKey: SECRET_KEY });
    fake.addIntegration({ integrationId: 'github', provider: 'github', authMode: 'OAUTH2', scopes: 'repo,read:org' });
    fake.addIntegration({ integrationId: 'slack', provider: 'slack', authMode: 'OAUTH2', scopes: 'chat:write' });
    ({ url, close } = await fake.listen());
  });
  after(() => close());
  const client = () => new Nango({ secretKey: SECRET_KEY, host: url });

  it('reads each integration under its own key: two integrations checked at once get their own scopes', async () => {
    const { check } = checker(client());
    const [github, slack] = await Promise.all([check('github', ['repo']), check('slack', [])]);
    assert.deepEqual(github, ['read:org']);
    assert.deepEqual(slack, ['chat:write']);
  });

  it('a 403 (invalid_permissions) is told to onError once per process, with the code Nango gave; requiredScopes still count', async () => {
    fake.forbidCredentials(true);
    try {
      // cacheMs 0: every check reads again, and is refused again; onError still hears it once.
      const { check, errors } = checker(client(), 0);
      // The integration's scopes are unknown; resolve's requiredScopes are still compared.
      for (let i = 0; i < 3; i++) assert.deepEqual(await check('github', ['repo'], { requiredScopes: ['workflow'] }), ['workflow']);
      assert.equal(errors.length, 1, `told ${errors.length} times`);
      assert.match(errors[0]!.message, /^Nango refused to read the scopes of integration "github" \(invalid_permissions\), so the missing-scopes check is skipped for it: /);
      assert.equal(errors[0]!.code, 'scopes_unreadable');
      assert.equal(errors[0]!.status, 200);
    } finally {
      fake.forbidCredentials(false);
    }
  });

  it('a 500 is reported each time, the check skipped (no throw), and tried again after a minute, not the whole cache period', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const before = reads('slack');
    try {
      const { check, errors } = checker(client());
      fake.setFailure('500');
      assert.equal(await check('slack', []), undefined, 'nothing concluded from a failed read');
      assert.equal(errors.length, 1);
      assert.equal(errors[0]!.message, 'Could not read the scopes of integration "slack": the missing-scopes check was skipped');
      assert.equal(errors[0]!.code, 'scopes_unreadable');
      assert.equal(errors[0]!.status, 200);
      assert.equal(errors[0]!.nangoStatus, 500);
      // Remembered as a failure for a minute: no read meanwhile.
      assert.equal(await check('slack', []), undefined);
      assert.equal(reads('slack') - before, 1, 'read again within the retry minute');
      fake.setFailure('none');
      mock.timers.tick(60_001);
      assert.deepEqual(await check('slack', []), ['chat:write'], 'read again after the retry minute');
      assert.equal(reads('slack') - before, 2);
      assert.equal(errors.length, 1, 'a good read is not reported');
    } finally {
      fake.setFailure('none');
      mock.timers.reset();
    }
  });

  it('after a failed read, the scopes last read still count', async () => {
    const { check, errors } = checker(client(), 0);
    assert.deepEqual(await check('github', ['repo']), ['read:org']);
    fake.setFailure('500');
    try {
      assert.deepEqual(await check('github', ['repo']), ['read:org'], 'the last good scopes, not "nothing missing"');
      assert.equal(errors.length, 1);
    } finally {
      fake.setFailure('none');
    }
  });

  it('a request already gone rejects with RequestAbortedError, and nothing is reported', async () => {
    const { check, errors } = checker(client());
    await assert.rejects(check('github', ['repo'], { signal: AbortSignal.abort() }), RequestAbortedError);
    assert.deepEqual(errors, []);
  });
});

describe('scope check with clients that cannot tell', () => {
  it('a client without getIntegration: nothing concluded, nothing reported, requiredScopes still compared', async () => {
    const { check, errors } = checker({});
    assert.equal(await check('github', ['repo']), undefined);
    assert.deepEqual(await check('github', ['repo'], { requiredScopes: ['workflow'] }), ['workflow']);
    assert.deepEqual(errors, []);
  });

  it('answers without data, credentials or scopes mean "none configured", not an error', async () => {
    for (const answer of [null, undefined, {}, { data: null }, { data: 'x' }, { data: { credentials: null } }, { data: { credentials: 'x' } }, { data: { credentials: { scopes: null } } }]) {
      const { check, errors } = checker({ getIntegration: async () => answer });
      assert.equal(await check('github', []), undefined, JSON.stringify(answer));
      assert.deepEqual(errors.map((e) => e.message), [], JSON.stringify(answer));
    }
  });
});

describe('scope check: a 403 without a code', () => {
  it("onError says 403 when Nango's refusal names no code", async () => {
    const { check, errors } = checker({ getIntegration: async () => Promise.reject({ isAxiosError: true, response: { status: 403, data: {} } }) });
    assert.equal(await check('github', ['repo']), undefined);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /^Nango refused to read the scopes of integration "github" \(403\), so the missing-scopes check is skipped for it: /);
    assert.deepEqual([errors[0]!.code, errors[0]!.nangoStatus], ['scopes_unreadable', 403]);
  });
});

describe('scope check memory', () => {
  it('remembers at most 1,000 integrations, forgetting the oldest first', async () => {
    const asked: string[] = [];
    const nango = {
      getIntegration: async ({ uniqueKey }: { uniqueKey: string }) => {
        asked.push(uniqueKey);
        return { data: { credentials: { scopes: 'read' } } };
      },
    };
    const { check } = checker(nango);
    for (let i = 0; i < 1000; i++) await check(`int-${i}`);
    await check('int-500');
    assert.equal(asked.length, 1000, 'the 1,000th integration is still remembered with the first 999');
    await check('int-0');
    assert.equal(asked.length, 1000, 'and so is the first');
    await check('int-1000');
    assert.equal(asked.length, 1001);
    // The 1,001st pushed out the oldest written (int-0 was read first; reads do not refresh it).
    await check('int-1');
    assert.equal(asked.length, 1001, 'int-1 is still remembered');
    await check('int-0');
    assert.equal(asked.at(-1), 'int-0', 'int-0 was forgotten and read again');
    assert.equal(asked.length, 1002);
  });
});
