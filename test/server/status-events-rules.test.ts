/**
 * createStatusEventsHandler's small rules, called directly (no HTTP): options, refusals with
 * their exact words and headers, and whose news a stream hears. The streaming over real HTTP is
 * in status-events.test.ts.
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it, mock } from 'node:test';
import { createInMemoryHub, createStatusEventsHandler, type ConnectionRef, type ConnectionStatusError, type StatusEventsHandlerOptions, type StatusUpdate } from '../../src/server/index.js';
import { countingHub } from './events-helpers.js';

const ada: ConnectionRef = { integrationId: 'github', endUser: { id: 'ada' } };
const get = (signal?: AbortSignal) => new Request('https://app.example.test/events', { signal });
const change = (fields: Partial<StatusUpdate>): StatusUpdate => ({ connectionId: 'c1', providerConfigKey: 'github', status: 'invalid', source: 'webhook', at: Date.now(), ...fields });

/** One turn of the event loop: news from the in-memory hub (told in a microtask) and the stream's piping are done by then. */
const idle = () => new Promise<'idle'>((resolve) => setImmediate(() => resolve('idle')));

/**
 * Reads a stream without ever waiting for more: `sent()` answers everything the stream sent so
 * far (a missing event fails an assertion at once instead of hanging the test).
 */
function sentSoFar(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let pending: Promise<ReadableStreamReadResult<string>> | undefined;
  let text = '';
  let ended = false;
  return {
    reader,
    /** Whether the server ended the stream (known after a `sent()`). */
    get ended() {
      return ended;
    },
    async sent(): Promise<string> {
      // Bounded: a stream that never stops sending (a heartbeat every millisecond) fails an assertion on its text, not the test's timeout.
      for (let reads = 0; reads < 500; reads++) {
        pending ??= reader.read();
        const next = await Promise.race([pending, idle()]);
        if (next === 'idle') return text;
        pending = undefined;
        if (next.done) {
          ended = true;
          return text;
        }
        text += next.value;
      }
      return text;
    },
  };
}

const STATUS_EVENT = (status: string, key = 'github') => `event: status\ndata: {"status":"${status}","provider_config_key":"${key}"}\n\n`;

/** The stream's text after the hub told it `updates`, then a last change it must hear (`marker`, by default one naming the ref's own id or end user). */
async function heard(ref: ConnectionRef | ConnectionRef[], updates: StatusUpdate[], marker?: StatusUpdate): Promise<string> {
  const hub = createInMemoryHub();
  const controller = new AbortController();
  const response = await createStatusEventsHandler({ resolve: (() => ref) as StatusEventsHandlerOptions['resolve'], hub })(get(controller.signal));
  const stream = sentSoFar(response);
  try {
    assert.equal(await stream.sent(), ': connected\n\n');
    for (const update of updates) await hub.put(update);
    const first = Array.isArray(ref) ? ref[0]! : ref;
    await hub.put(marker ?? change({ connectionId: first.connectionId ?? 'marker', endUserId: first.endUser?.id, status: 'valid' }));
    const text = await stream.sent();
    assert.ok(text.endsWith(STATUS_EVENT('valid')), `the stream did not hear the news about its own connection: ${JSON.stringify(text)}`);
    return text;
  } finally {
    // Ended even when an assertion failed: no heartbeat timer keeps the process alive.
    controller.abort();
    await stream.reader.cancel();
  }
}

describe('status events handler rules', () => {
  it('maxStreams 0 refuses every stream with 503, Retry-After 30 and exact words; a negative or non-number maxStreams is the default', async () => {
    const none = createStatusEventsHandler({ resolve: () => ada, hub: createInMemoryHub(), maxStreams: 0 });
    const refused = await none(get());
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '30');
    assert.deepEqual(((await refused.json()) as { error: unknown }).error, { code: 'too_many_streams', message: 'Too many live connections right now. Try again later.' });
    for (const maxStreams of [-1, '2' as unknown as number, Number.NaN]) {
      // Three streams at once: more than a string '2' compared as a number would let through.
      const handler = createStatusEventsHandler({ resolve: (): ConnectionRef => ada, hub: createInMemoryHub(), maxStreams });
      const controllers = [new AbortController(), new AbortController(), new AbortController()];
      const responses = await Promise.all(controllers.map((controller) => handler(get(controller.signal))));
      assert.deepEqual(responses.map((response) => response.status), [200, 200, 200], String(maxStreams));
      for (const controller of controllers) controller.abort();
      for (const response of responses) await response.body?.cancel();
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

  it('a stream by connection id and end user hears either; with several refs, a ref without an end user does not keep the others from hearing', async () => {
    const both: ConnectionRef = { integrationId: 'github', connectionId: 'mine', endUser: { id: 'ada' } };
    assert.ok((await heard(both, [], change({ connectionId: 'mine', status: 'valid' }))).endsWith(STATUS_EVENT('valid')), 'by its id, the change naming no end user');
    assert.ok((await heard(both, [], change({ connectionId: 'new-one', endUserId: 'ada', status: 'valid' }))).endsWith(STATUS_EVENT('valid')), 'by its end user');
    const others = await heard(both, [change({ connectionId: 'other', endUserId: 'bob' }), change({ connectionId: 'other' }), change({ connectionId: 'mine', providerConfigKey: 'slack' })]);
    assert.ok(!others.includes('"status":"invalid"'), `heard another's news: ${others}`);
    // A page with two widgets: one by connection id only, one by end user.
    const page: ConnectionRef[] = [
      { integrationId: 'github', connectionId: 'widget-1' },
      { integrationId: 'github', endUser: { id: 'ada' } },
    ];
    assert.ok((await heard(page, [], change({ connectionId: 'widget-2', endUserId: 'ada', status: 'valid' }))).endsWith(STATUS_EVENT('valid')));
  });

  it('a stream cancelled by its reader unsubscribes, frees its place, and leaves no listener on the request signal', async () => {
    const hub = countingHub(createInMemoryHub());
    const handler = createStatusEventsHandler({ resolve: () => ada, hub, maxStreams: 1 });
    const request = get();
    const before = getEventListeners(request.signal, 'abort').length;
    const response = await handler(request);
    assert.equal(hub.listeners(), 1);
    assert.equal(getEventListeners(request.signal, 'abort').length, before + 1);
    assert.equal((await handler(get())).status, 503);
    await response.body!.cancel();
    assert.equal(hub.listeners(), 0);
    assert.equal(getEventListeners(request.signal, 'abort').length, before, 'a long-lived signal would keep the ended stream alive');
    const next = await handler(get());
    assert.equal(next.status, 200, 'its place was freed');
    await next.body!.cancel();
  });

  it('a request aborted (its client gone) ends the stream: unsubscribed, place freed, nothing more sent', async () => {
    const hub = countingHub(createInMemoryHub());
    const handler = createStatusEventsHandler({ resolve: () => ada, hub, maxStreams: 1 });
    const controller = new AbortController();
    const response = await handler(get(controller.signal));
    const stream = sentSoFar(response);
    assert.equal(await stream.sent(), ': connected\n\n');
    controller.abort();
    assert.equal(hub.listeners(), 0);
    const next = await handler(get());
    assert.equal(next.status, 200, 'its place was freed');
    await next.body!.cancel();
    await hub.put(change({ endUserId: 'ada' }));
    assert.equal(await stream.sent(), ': connected\n\n');
    await stream.reader.cancel();
  });

  it('news told in the same turn as the abort is not sent to the stream that was left', async () => {
    const hub = createInMemoryHub();
    const controller = new AbortController();
    // Subscribed before the stream: hears the news first, and the client leaves right then.
    hub.subscribe(() => controller.abort());
    const response = await createStatusEventsHandler({ resolve: () => ada, hub })(get(controller.signal));
    const stream = sentSoFar(response);
    assert.equal(await stream.sent(), ': connected\n\n');
    await hub.put(change({ endUserId: 'ada' }));
    assert.equal(controller.signal.aborted, true);
    assert.equal(await stream.sent(), ': connected\n\n');
    await stream.reader.cancel();
  });

  it('a stream both aborted and cancelled (as an adapter does when the client leaves) frees one place, not two', async () => {
    const hub = countingHub(createInMemoryHub());
    const handler = createStatusEventsHandler({ resolve: () => ada, hub, maxStreams: 1 });
    const controller = new AbortController();
    const first = await handler(get(controller.signal));
    controller.abort();
    await first.body!.cancel();
    const kept: AbortController[] = [new AbortController(), new AbortController()];
    const second = await handler(get(kept[0]!.signal));
    assert.equal(second.status, 200);
    const third = await handler(get(kept[1]!.signal));
    assert.equal(third.status, 503, 'maxStreams 1, one stream open: the next is refused');
    assert.equal(hub.listeners(), 1);
    kept[0]!.abort();
    await second.body!.cancel();
  });

  it('by default a stream ends after 15 minutes, its listener gone', async () => {
    // setTimeout only: a mocked setInterval with a mutated 0 ms heartbeat would tick forever.
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const hub = countingHub(createInMemoryHub());
      const response = await createStatusEventsHandler({ resolve: () => ada, hub })(get());
      const stream = sentSoFar(response);
      assert.equal(await stream.sent(), ': connected\n\n');
      mock.timers.tick(15 * 60_000 - 1);
      await stream.sent();
      assert.equal(stream.ended, false, 'ended before 15 minutes');
      assert.equal(hub.listeners(), 1);
      mock.timers.tick(1);
      await stream.sent();
      assert.equal(stream.ended, true, 'still open after 15 minutes');
      assert.equal(hub.listeners(), 0);
    } finally {
      mock.timers.reset();
    }
  });
});
