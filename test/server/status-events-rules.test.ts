/**
 * createStatusEventsHandler's small rules, called directly (no HTTP): options, refusals with
 * their exact words and headers, and whose news a stream hears. The streaming over real HTTP is
 * in status-events.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createInMemoryHub, createStatusEventsHandler, type ConnectionRef, type ConnectionStatusError, type StatusUpdate } from '../../src/server/index.js';

const ada: ConnectionRef = { integrationId: 'github', endUser: { id: 'ada' } };
const get = (signal?: AbortSignal) => new Request('https://app.example.test/events', { signal });
const change = (fields: Partial<StatusUpdate>): StatusUpdate => ({ connectionId: 'c1', providerConfigKey: 'github', status: 'invalid', source: 'webhook', at: Date.now(), ...fields });

/** The stream's text after the hub told it `updates` (each put, then one turn for its news). */
async function heard(ref: ConnectionRef, updates: StatusUpdate[]): Promise<string> {
  const hub = createInMemoryHub();
  const controller = new AbortController();
  const response = await createStatusEventsHandler({ resolve: () => ref, hub })(get(controller.signal));
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = (await reader.read()).value ?? '';
  for (const update of updates) await hub.put(update);
  await new Promise((resolve) => setImmediate(resolve));
  // A last, known event marks the end of what was sent.
  await hub.put(change({ connectionId: 'marker', endUserId: 'ada', providerConfigKey: 'github', ...(ref.connectionId ? { connectionId: ref.connectionId } : {}), status: 'valid' }));
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    if (text.includes('"status":"valid"')) break;
  }
  controller.abort();
  await reader.cancel();
  return text;
}

describe('status events handler rules', () => {
  it('maxStreams 0 refuses every stream with 503, Retry-After 30 and exact words; a negative or non-number maxStreams is the default', async () => {
    const none = createStatusEventsHandler({ resolve: () => ada, hub: createInMemoryHub(), maxStreams: 0 });
    const refused = await none(get());
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '30');
    assert.deepEqual(((await refused.json()) as { error: unknown }).error, { code: 'too_many_streams', message: 'Too many live connections right now. Try again later.' });
    for (const maxStreams of [-1, '2' as unknown as number, Number.NaN]) {
      const controller = new AbortController();
      const response: Response = await createStatusEventsHandler({ resolve: (): ConnectionRef => ada, hub: createInMemoryHub(), maxStreams })(get(controller.signal));
      assert.equal(response.status, 200, String(maxStreams));
      controller.abort();
      await response.body?.cancel();
    }
  });

  it('answers with the stream headers that keep proxies from buffering or sniffing it', async () => {
    const controller = new AbortController();
    const response = await createStatusEventsHandler({ resolve: () => ada, hub: createInMemoryHub() })(get(controller.signal));
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('x-accel-buffering'), 'no');
    controller.abort();
    await response.body?.cancel();
  });

  it('405 with Allow: GET; 499 for a client already gone; 500 (told) when resolve throws', async () => {
    const errors: ConnectionStatusError[] = [];
    const handler = createStatusEventsHandler({
      resolve: (request) => {
        if (request.headers.has('x-throw')) throw new Error('db down');
        return ada;
      },
      hub: createInMemoryHub(),
      onError: (error) => errors.push(error),
    });
    const post = await handler(new Request('https://app.example.test/events', { method: 'POST' }));
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET');
    const gone = await handler(get(AbortSignal.abort()));
    assert.equal(gone.status, 499);
    assert.deepEqual(((await gone.json()) as { error: unknown }).error, { code: 'client_closed_request', message: 'The request was cancelled.' });
    const thrown = await handler(new Request('https://app.example.test/events', { headers: { 'x-throw': '1' } }));
    assert.equal(thrown.status, 500);
    assert.deepEqual(errors.map((e) => [e.message, e.code]), [['resolve() threw', 'internal_error']]);
  });

  it('a stream by connection id hears only that connection; one by end user only changes that name that end user', async () => {
    const byId = await heard({ integrationId: 'github', connectionId: 'mine' }, [change({ connectionId: 'other', endUserId: 'ada' }), change({ connectionId: 'other2' })]);
    assert.ok(!byId.includes('"status":"invalid"'), `a stream by connection id heard another connection: ${byId}`);
    const byUser = await heard(ada, [change({ connectionId: 'c9' }), change({ connectionId: 'c8', endUserId: 'bob' })]);
    assert.ok(!byUser.includes('"status":"invalid"'), `a stream by end user heard a change without that end user: ${byUser}`);
  });
});
