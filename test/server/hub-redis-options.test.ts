/**
 * The Redis hub's options and its error reporting, without a redis-server (nothing listens on
 * port 1): what it keeps of `ttlMs`, that a lost Redis reaches `onError` (node-redis would crash
 * the process on an 'error' event with no listener), that a throwing `onError` is contained, and
 * that a hub closed before it connected makes no client.
 * Its behaviour with a real Redis is in hub.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRedisHub } from '../../src/server/index.js';
import { eventually } from './events-helpers.js';

const NOWHERE = 'redis://127.0.0.1:1';

describe('Redis hub options', () => {
  it('ttlMs: a positive number, rounded up to whole milliseconds; anything else is the 5-minute default', async () => {
    const cases: Array<[unknown, number]> = [
      [1234, 1234],
      [1234.2, 1235],
      [0, 300_000],
      [-5, 300_000],
      [Number.NaN, 300_000],
      [Number.POSITIVE_INFINITY, 300_000],
      ['60000', 300_000],
      [undefined, 300_000],
    ];
    for (const [ttlMs, expected] of cases) {
      const hub = createRedisHub({ url: NOWHERE, ttlMs: ttlMs as number, onError: () => {} });
      assert.equal(hub.ttlMs, expected, String(ttlMs));
      await hub.close();
    }
  });

  it('closed at once, it makes no client (none left reconnecting, keeping the process alive): ready rejects', async () => {
    const hub = createRedisHub({ url: NOWHERE, onError: () => {} });
    await hub.close();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      hub.ready.then(() => 'ready', (error: Error) => error.message),
      new Promise((resolve) => (timer = setTimeout(() => resolve('ready still pending 2 s after close(): a client is reconnecting'), 2000))),
    ]);
    clearTimeout(timer);
    assert.equal(outcome, 'createRedisHub(): closed before it connected');
  });

  it('tells onError that Redis cannot be reached, and a throwing onError breaks nothing', async () => {
    const errors: unknown[] = [];
    const hub = createRedisHub({ url: NOWHERE, onError: (error) => errors.push(error) });
    await eventually(() => errors.length >= 2, () => `onError heard ${errors.length} errors from an unreachable Redis`);
    assert.ok(errors.every((error) => error instanceof Error));
    await hub.close();
    let thrown = 0;
    const loud = createRedisHub({
      url: NOWHERE,
      onError: () => {
        thrown++;
        throw new Error('broken logger');
      },
    });
    await eventually(() => thrown >= 2, () => `onError called ${thrown} times`);
    await loud.close();
    // Closing twice is harmless.
    await loud.close();
  });
});
