/**
 * The hubs' shared rules (src/server/hub/types.ts), on their own: what counts as news, the
 * store key, a throwing listener, and how an update read back from Redis is checked (anything
 * another process or another app wrote there is untrusted until it has the right shape).
 * The hubs themselves are tested through hub-contract.ts (hub.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hubKey, isNews, parseUpdate, positiveOr, tell, type StatusChange, type StatusUpdate } from '../../src/server/hub/types.js';

const update = (fields: Partial<StatusUpdate> = {}): StatusUpdate => ({ connectionId: 'conn-1', providerConfigKey: 'github', status: 'invalid', source: 'nango', at: 1_700_000_000_000, ...fields });

describe('isNews', () => {
  it('a webhook is always news; a check by the handler only when it changes a known status', () => {
    assert.equal(isNews(update({ source: 'webhook' }), undefined), true);
    assert.equal(isNews(update({ source: 'webhook', status: 'invalid' }), 'invalid'), true);
    assert.equal(isNews(update({ source: 'nango', status: 'invalid' }), undefined), false, 'the first status known is not a change');
    assert.equal(isNews(update({ source: 'nango', status: 'invalid' }), 'invalid'), false);
    assert.equal(isNews(update({ source: 'nango', status: 'invalid' }), 'valid'), true);
  });
});

describe('positiveOr', () => {
  it('keeps a positive finite number; 0, negative, NaN, infinite, a string or nothing is the fallback', () => {
    assert.equal(positiveOr(1234.5, 7), 1234.5);
    assert.equal(positiveOr(Number.MIN_VALUE, 7), Number.MIN_VALUE);
    for (const value of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '60000', undefined]) {
      assert.equal(positiveOr(value as number | undefined, 7), 7, String(value));
    }
  });
});

describe('hubKey', () => {
  it('keeps integration and connection apart: no two pairs share a key', () => {
    assert.notEqual(hubKey('a', 'bc'), hubKey('ab', 'c'));
    assert.notEqual(hubKey('github', 'conn'), hubKey('slack', 'conn'));
    assert.equal(hubKey('github', 'conn'), hubKey('github', 'conn'));
    assert.ok(hubKey('github', 'conn').includes('github') && hubKey('github', 'conn').includes('conn'));
  });
});

describe('tell', () => {
  it("hands the change to the listener, and a listener's own throw stays with it", () => {
    const heard: StatusChange[] = [];
    const change = { ...update(), previous: 'valid' as const };
    tell((c) => heard.push(c), change);
    assert.deepEqual(heard, [change]);
    assert.doesNotThrow(() =>
      tell(() => {
        throw new Error('broken listener');
      }, change),
    );
  });
});

describe('parseUpdate', () => {
  it('reads back a well-formed update, with its optional fields', () => {
    const full = update({ endUserId: 'ada', provider: 'github', errors: [{ type: 'auth' }], error: { type: 'auth', description: 'x' }, source: 'webhook', status: 'disconnected' });
    assert.deepEqual(parseUpdate(JSON.stringify(full)), full);
    for (const status of ['valid', 'invalid', 'disconnected'] as const) assert.equal(parseUpdate(JSON.stringify(update({ status })))?.status, status);
    for (const source of ['webhook', 'nango'] as const) assert.equal(parseUpdate(JSON.stringify(update({ source })))?.source, source);
  });

  it('refuses anything else: not a string, not JSON, not an object, a field missing or of the wrong type, an unknown status or source', () => {
    const good = update() as unknown as Record<string, unknown>;
    const without = (key: string) => JSON.stringify({ ...good, [key]: undefined });
    const bad: Array<[string, unknown]> = [
      ['a number', 5],
      ['a Buffer', Buffer.from(JSON.stringify(good))],
      ['not JSON', '{"connectionId":'],
      ['null', 'null'],
      ['a string', '"conn-1"'],
      ['a number in JSON', '42'],
      ['no connectionId', without('connectionId')],
      ['no providerConfigKey', without('providerConfigKey')],
      ['no at', without('at')],
      ['no status', without('status')],
      ['no source', without('source')],
      ['a numeric connectionId', JSON.stringify({ ...good, connectionId: 1 })],
      ['a numeric providerConfigKey', JSON.stringify({ ...good, providerConfigKey: 1 })],
      ['a string at', JSON.stringify({ ...good, at: '1700000000000' })],
      ['an unknown status', JSON.stringify({ ...good, status: 'expired' })],
      ['an unknown source', JSON.stringify({ ...good, source: 'redis' })],
    ];
    for (const [name, value] of bad) assert.equal(parseUpdate(value), undefined, name);
  });
});
