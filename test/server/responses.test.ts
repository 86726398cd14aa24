/**
 * The server half's shared rules, one by one: reading Nango's (axios) errors, the Retry-After
 * floor and ceiling, the text and id rules, the upstream answers. Written against the
 * StrykerJS survivors of issue 19 (edge cases a handler test passes through without noticing).
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { RedactedNangoError, type ConnectionStatusError } from '../../src/server/errors.js';
import {
  abortedResponse,
  classifyNangoError,
  errorResponse,
  methodNotAllowed,
  report,
  cleanText,
  durationFrom,
  json,
  NangoAnswerError,
  NangoTimeoutError,
  RequestAbortedError,
  resolveConnection,
  retryAfterOf,
  SAFE_ID,
  timeoutFrom,
  untilAborted,
  upstreamFailure,
  withTimeout,
} from '../../src/server/responses.js';

const http = (status: number, data: unknown = {}, headers: unknown = {}) => ({ response: { status, data, headers } });

/** What was still pending once the event loop turned: a promise that must settle at once resolves to this instead of hanging the test. */
const STILL_PENDING = Symbol('still pending after a turn of the event loop');
const atOnce = <T>(promise: Promise<T>) => Promise.race([promise, new Promise<typeof STILL_PENDING>((resolve) => setImmediate(() => resolve(STILL_PENDING)))]);

describe('retryAfterOf: what Nango\'s Retry-After becomes', () => {
  const second = Date.UTC(2026, 9, 21, 7, 28, 0);
  // Half a second into it: HTTP dates have whole seconds, so a date 2 s on is 1.5 s away.
  const now = second + 500;
  const date = (offsetMs: number) => new Date(second + offsetMs).toUTCString();
  const cases: Array<[string, unknown, string | undefined]> = [
    ['0 s → the 1 s floor', '0', '1'],
    ['1 s', '1', '1'],
    ['2 s', '2', '2'],
    ['a number, not a string', 7, '7'],
    ['spaces around', '  5 ', '5'],
    ['an hour', '3600', '3600'],
    ['over an hour → an hour', '3601', '3600'],
    ['nine digits', '999999999', '3600'],
    ['ten digits → ignored', '1234567890', undefined],
    ['negative → ignored', '-5', undefined],
    ['a fraction → ignored', '1.5', undefined],
    ['empty → ignored', '', undefined],
    ['words → ignored', 'soon', undefined],
    ['a date 1.5 s ahead → 2 (rounded up)', date(2000), '2'],
    ['a date 0.5 s ahead → 1', date(1000), '1'],
    ['a date 9.5 s ahead → 10', date(10_000), '10'],
    ['a date 0.5 s ago → 1', date(0), '1'],
    ['a date in the past → 1', date(-60_000), '1'],
    ['a date two hours ahead → an hour', date(2 * 3600_000), '3600'],
    ['a date in another format → ignored', '2026-10-21T07:28:10Z', undefined],
    ['a date with trailing text → ignored', `${date(10_000)} x`, undefined],
    ['an impossible date → ignored', 'Wed, 99 Oct 2026 07:28:00 GMT', undefined],
  ];
  for (const [label, value, expected] of cases) {
    it(`${label}: ${JSON.stringify(value)} → ${expected}`, () => {
      assert.equal(retryAfterOf({ 'retry-after': value }, now), expected);
    });
  }

  it('reads a Headers-like object through get(), a plain object by key, nothing else', () => {
    assert.equal(retryAfterOf(new Headers({ 'Retry-After': '9' }), now), '9');
    assert.equal(retryAfterOf({ get: (name: string) => (name === 'retry-after' ? '4' : null) }, now), '4');
    assert.equal(retryAfterOf(undefined, now), undefined);
    assert.equal(retryAfterOf('retry-after: 5', now), undefined);
    assert.equal(retryAfterOf({ 'retry-after': ['5'] }, now), undefined);
    assert.equal(retryAfterOf({}, now), undefined);
  });

  it('uses the real clock by default', () => {
    // HTTP dates drop the milliseconds: 30 or 31 s, by the real clock (a wrong clock gives 1 or 3600).
    assert.ok(['30', '31'].includes(retryAfterOf({ 'retry-after': new Date(Date.now() + 30_500).toUTCString() }) ?? ''));
  });
});

describe('classifyNangoError', () => {
  it('an HTTP answer: status, a plain error code, Retry-After and the body', () => {
    const failure = classifyNangoError(http(429, { error: { code: 'too_many_requests' } }, { 'retry-after': '3' }));
    assert.deepEqual(failure, { kind: 'http', status: 429, code: 'too_many_requests', retryAfter: '3', data: { error: { code: 'too_many_requests' } } });
  });

  it('keeps only plain identifiers as codes', () => {
    for (const [data, code] of [
      [{ error: { code: 'not_found' } }, 'not_found'],
      [{ error: { code: 'a' } }, 'a'],
      [{ error: { code: `a${'b'.repeat(63)}` } }, `a${'b'.repeat(63)}`],
      [{ error: { code: `a${'b'.repeat(64)}` } }, undefined],
      [{ error: { code: 'Not_found' } }, undefined],
      [{ error: { code: '1abc' } }, undefined],
      [{ error: { code: 'x y' } }, undefined],
      [{ error: { code: 'ok\n' } }, undefined],
      [{ error: { code: 42 } }, undefined],
      [{ error: 'not_found' }, undefined],
      [{ error: null }, undefined],
      ['not_found', undefined],
      [null, undefined],
    ] as const) {
      const failure = classifyNangoError(http(400, data));
      assert.equal(failure.kind === 'http' ? failure.code : 'not http', code, JSON.stringify(data));
    }
  });

  it('a response without a numeric status is not an HTTP answer', () => {
    assert.equal(classifyNangoError({ response: { status: '404' } }).kind, 'unknown');
    assert.equal(classifyNangoError({ response: null, isAxiosError: true }).kind, 'unreachable');
  });

  it('our own errors', () => {
    assert.equal(classifyNangoError(new RequestAbortedError()).kind, 'aborted');
    assert.equal(classifyNangoError(new NangoTimeoutError(5)).kind, 'timeout');
    assert.equal(classifyNangoError(new NangoAnswerError('odd')).kind, 'unexpected');
  });

  it('timeouts by name or code', () => {
    for (const error of [{ name: 'AbortError' }, { name: 'TimeoutError' }, { code: 'ECONNABORTED' }, { code: 'ETIMEDOUT' }, { code: 'ESOCKETTIMEDOUT' }]) {
      assert.equal(classifyNangoError(error).kind, 'timeout', JSON.stringify(error));
    }
  });

  it('network failures: axios, Node codes, and fetch()\'s TypeError with a cause', () => {
    for (const error of [
      { isAxiosError: true },
      { code: 'ECONNREFUSED' },
      { code: 'ECONNRESET' },
      { code: 'ENOTFOUND' },
      { code: 'EAI_AGAIN' },
      { code: 'EHOSTUNREACH' },
      { code: 'ENETUNREACH' },
      { code: 'EPIPE' },
      { code: 'ERR_NETWORK' },
      { code: 'ERR_SOCKET_CONNECTION_TIMEOUT' },
      { code: 'UND_ERR_SOCKET' },
      { code: 'UND_ERR_CONNECT_TIMEOUT' },
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
    ]) {
      assert.equal(classifyNangoError(error).kind, 'unreachable', JSON.stringify(error));
    }
  });

  it('anything else is unknown', () => {
    for (const error of [undefined, null, 'boom', 42, new Error('x'), { code: 'EWHATEVER' }, { isAxiosError: 'yes' }, Object.assign(new TypeError('x'), { cause: { code: 'EOTHER' } }), Object.assign(new TypeError('x'), { cause: { code: 1 } })]) {
      assert.equal(classifyNangoError(error).kind, 'unknown', String(error));
    }
  });
});

describe('upstreamFailure: what each Nango failure becomes', () => {
  const of = (failure: Parameters<typeof upstreamFailure>[0]) => {
    const answer = upstreamFailure(failure, 'checking');
    return [answer.status, answer.code, answer.headers?.['Retry-After']];
  };
  const httpFailure = (status: number, retryAfter?: string) => ({ kind: 'http' as const, status, code: undefined, retryAfter, data: {} });

  it('maps every kind', () => {
    assert.deepEqual(of({ kind: 'aborted' }), [499, 'client_closed_request', undefined]);
    assert.deepEqual(of({ kind: 'timeout' }), [504, 'nango_timeout', undefined]);
    assert.deepEqual(of({ kind: 'unreachable' }), [503, 'nango_unreachable', undefined]);
    assert.deepEqual(of({ kind: 'unexpected' }), [502, 'nango_error', undefined]);
    assert.deepEqual(of({ kind: 'unknown' }), [500, 'internal_error', undefined]);
    assert.deepEqual(of(httpFailure(408)), [503, 'nango_busy', '1']);
    assert.deepEqual(of(httpFailure(429, '7')), [503, 'nango_busy', '7']);
    assert.deepEqual(of(httpFailure(429)), [503, 'nango_busy', '1']);
    assert.deepEqual(of(httpFailure(401)), [500, 'server_misconfigured', undefined]);
    assert.deepEqual(of(httpFailure(403)), [500, 'server_misconfigured', undefined]);
    assert.deepEqual(of(httpFailure(500)), [502, 'nango_error', undefined]);
    assert.deepEqual(of(httpFailure(503)), [502, 'nango_error', undefined]);
    assert.deepEqual(of(httpFailure(499)), [502, 'nango_error', undefined]);
    assert.deepEqual(of(httpFailure(302)), [502, 'nango_error', undefined]);
  });

  it('says what was being done, in words for the user', () => {
    for (const failure of [{ kind: 'timeout' }, { kind: 'unreachable' }, { kind: 'unexpected' }, { kind: 'unknown' }, httpFailure(500), httpFailure(400), httpFailure(401)] as const) {
      assert.match(upstreamFailure(failure, 'checking the connection').message, /checking the connection/);
    }
  });
});

describe('small rules', () => {
  it('SAFE_ID: letters, digits and ._:@+=-, 1 to 255 long, never "." or ".."', () => {
    for (const id of ['a', 'A-z_0.9:@+=', 'x'.repeat(255), '.x', '...', 'a..b', 'x.']) assert.ok(SAFE_ID.test(id), id);
    for (const id of ['', '.', '..', 'x'.repeat(256), 'a/b', 'a#b', 'a b', 'a?b', 'a%2e', '\n', '.\n', '..\n']) assert.ok(!SAFE_ID.test(id), JSON.stringify(id));
  });

  it('cleanText: no control or bidi characters, trimmed, cut to max, else undefined', () => {
    assert.equal(cleanText('  GitHub  ', 100), 'GitHub');
    assert.equal(cleanText('Git\u0000Hub\u001f\u007f\u0080\u009f', 100), 'GitHub');
    assert.equal(cleanText('\u202aA\u202e\u2066B\u2069', 100), 'AB');
    assert.equal(cleanText('\u202bA\u202c\u2067\u2068', 100), 'A');
    assert.equal(cleanText('abcdef', 3), 'abc');
    assert.equal(cleanText('   ', 10), undefined);
    assert.equal(cleanText('\u0007', 10), undefined);
    assert.equal(cleanText(42, 10), undefined);
    assert.equal(cleanText('é ü 日本', 10), 'é ü 日本');
  });

  it('durationFrom / timeoutFrom: a positive finite number, else the default', () => {
    assert.equal(durationFrom(5, 9), 5);
    assert.equal(durationFrom(0.5, 9), 0.5);
    for (const value of [0, -1, NaN, Infinity, undefined, '5' as unknown as number]) assert.equal(durationFrom(value, 9), 9, String(value));
    assert.equal(timeoutFrom(undefined), 8000);
    assert.equal(timeoutFrom(20), 20);
  });

  it('json: no-store, nosniff, JSON; HEAD without a body; extra headers win', async () => {
    const response = json(new Request('https://x.test/'), 201, { a: 1 }, { 'Cache-Control': 'private' });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('cache-control'), 'private');
    assert.equal(await response.text(), '{"a":1}');
    const head = json(new Request('https://x.test/', { method: 'HEAD' }), 200, { a: 1 });
    assert.equal(await head.text(), '');
    assert.equal(head.headers.get('cache-control'), 'no-store');
  });

  it('withTimeout: the value in time, NangoTimeoutError after, and a late rejection swallowed', async () => {
    assert.equal(await withTimeout(Promise.resolve(3), 50), 3);
    await assert.rejects(withTimeout(new Promise(() => {}), 20), (error: unknown) => error instanceof NangoTimeoutError && /20 ms/.test((error as Error).message));
    await assert.rejects(withTimeout(Promise.reject(new Error('own')), 50), /own/);
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 30));
    await assert.rejects(withTimeout(late, 5), NangoTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('untilAborted: settles like the promise, rejects at once on abort', async () => {
    const controller = new AbortController();
    assert.equal(await atOnce(untilAborted(Promise.resolve(1), controller.signal)), 1);
    await assert.rejects(atOnce(untilAborted(Promise.reject(new Error('x')), controller.signal)), /x/);
    const pending = untilAborted(new Promise(() => {}), controller.signal);
    controller.abort();
    await assert.rejects(atOnce(pending), RequestAbortedError);
    await assert.rejects(atOnce(untilAborted(Promise.resolve(1), controller.signal)), RequestAbortedError);
  });
});

describe("resolveConnection: what resolve() may answer", () => {
  const SHAPE = 'resolve() must answer { integrationId, endUser: { id } } or { integrationId, connectionId } (or both), or null';
  const run = async (answer: unknown) => {
    const errors: ConnectionStatusError[] = [];
    const resolved = await resolveConnection(new Request('https://app.example.test/status'), () => answer as never, { onError: (error) => void errors.push(error), secrets: [] });
    return { resolved, errors };
  };

  it('each wrong shape: 500 server_misconfigured for the user, the exact rule broken for onError', async () => {
    const cases: Array<[unknown, string]> = [
      ['github', SHAPE],
      [{ connectionId: 'c' }, `${SHAPE}: integrationId is missing`],
      [{ integrationId: '', connectionId: 'c' }, `${SHAPE}: integrationId is missing`],
      [{ integrationId: 'github' }, `${SHAPE}: give a connectionId or an endUser`],
      [{ integrationId: 'github', connectionId: '' }, `${SHAPE}: connectionId must be a non-empty string`],
      [{ integrationId: 'github', connectionId: 5 }, `${SHAPE}: connectionId must be a non-empty string`],
      [{ integrationId: 'github', endUser: null }, `${SHAPE}: endUser.id must be a string`],
      [{ integrationId: 'github', endUser: 'ada' }, `${SHAPE}: endUser.id must be a string`],
      [{ integrationId: 'github', endUser: { id: 7 } }, `${SHAPE}: endUser.id must be a string`],
      [{ integrationId: 'github', endUser: { id: '..' } }, 'resolve() answered an unsafe endUser.id: ids may only hold letters, digits and ._:@+=- (at most 255)'],
    ];
    for (const [answer, message] of cases) {
      const { resolved, errors } = await run(answer);
      assert.equal(resolved.ok, false, JSON.stringify(answer));
      if (resolved.ok) continue;
      assert.equal(resolved.response.status, 500, JSON.stringify(answer));
      assert.equal(((await resolved.response.json()) as { error: { code: string } }).error.code, 'server_misconfigured');
      assert.deepEqual(errors.map((e) => [e.message, e.code, e.status]), [[message, 'server_misconfigured', 500]], JSON.stringify(answer));
    }
  });

  it('a usable answer: ids as given, end user text cleaned (control characters out, trimmed, empty dropped), the integration name, a copy of requiredScopes', async () => {
    const requiredScopes = ['repo'];
    const { resolved, errors } = await run({
      integrationId: 'github',
      connectionId: 'conn-1',
      endUser: { id: 'ada', email: ' ada@example.com ', displayName: 'Ada\u0000 ' },
      displayName: ' GitHub ',
      requiredScopes,
    });
    assert.deepEqual(errors, []);
    assert.ok(resolved.ok);
    assert.deepEqual(resolved.ref, {
      integrationId: 'github',
      connectionId: 'conn-1',
      endUser: { id: 'ada', email: 'ada@example.com', displayName: 'Ada' },
      integrationName: 'GitHub',
      requiredScopes: ['repo'],
    });
    assert.notEqual(resolved.ref.requiredScopes, requiredScopes);
    const bare = await run({ integrationId: 'github', endUser: { id: 'bob', email: '  ', displayName: 5 }, integrationName: 'Octo', displayName: 'GitHub', requiredScopes: [] });
    assert.ok(bare.resolved.ok);
    assert.deepEqual(bare.resolved.ref, { integrationId: 'github', connectionId: undefined, endUser: { id: 'bob' }, integrationName: 'Octo' });
  });

  it('null is 401 unauthorized and tells onError nothing; a throw is 500 internal_error, told', async () => {
    const signedOut = await run(null);
    assert.equal(signedOut.resolved.ok, false);
    if (!signedOut.resolved.ok) assert.equal(signedOut.resolved.response.status, 401);
    assert.deepEqual(signedOut.errors, []);
    const errors: ConnectionStatusError[] = [];
    const thrown = await resolveConnection(new Request('https://app.example.test/status'), () => { throw new Error('db down'); }, { onError: (error) => void errors.push(error), secrets: [] });
    assert.equal(thrown.ok, false);
    if (!thrown.ok) assert.equal(thrown.response.status, 500);
    assert.deepEqual(errors.map((e) => [e.message, e.code]), [['resolve() threw', 'internal_error']]);
  });
});


describe('the exact answers and what onError sees (issue 19)', () => {
  const request = new Request('https://app.example.test/status');
  const bodyOf = async (response: Response) => (await response.json()) as unknown;

  it('405 lists the methods in words and in Allow', async () => {
    const both = methodNotAllowed(request, 'GET, HEAD');
    assert.equal(both.status, 405);
    assert.equal(both.headers.get('allow'), 'GET, HEAD');
    assert.deepEqual(await bodyOf(both), { error: { code: 'method_not_allowed', message: 'Use GET or HEAD.' } });
    assert.deepEqual(await bodyOf(methodNotAllowed(request, 'POST')), { error: { code: 'method_not_allowed', message: 'Use POST.' } });
  });

  it('499 for a request whose client is gone, in its own words', async () => {
    const response = abortedResponse(request);
    assert.equal(response.status, 499);
    assert.deepEqual(await bodyOf(response), { error: { code: 'client_closed_request', message: 'The request was cancelled.' } });
    assert.deepEqual(upstreamFailure({ kind: 'aborted' }, 'checking'), { status: 499, code: 'client_closed_request', message: 'The request was cancelled.' });
  });

  it('provider_config_key only when given', async () => {
    assert.equal(await errorResponse(request, 409, 'c', 'm', { providerConfigKey: 'github' }).text(), '{"error":{"code":"c","message":"m"},"provider_config_key":"github"}');
    assert.equal(await errorResponse(request, 409, 'c', 'm').text(), '{"error":{"code":"c","message":"m"}}');
  });

  it("Nango 5xx is Nango's problem (try again); any other answer is unexpected", () => {
    const httpFailure = (status: number) => ({ kind: 'http' as const, status, code: undefined, retryAfter: undefined, data: {} });
    for (const status of [500, 502, 599]) assert.equal(upstreamFailure(httpFailure(status), 'checking').message, 'Nango had a problem while checking. Try again.', String(status));
    for (const status of [400, 404, 499, 302]) assert.equal(upstreamFailure(httpFailure(status), 'checking').message, 'Nango gave an unexpected answer while checking.', String(status));
  });

  it("our own errors carry their class's name and a message a log line can show", () => {
    assert.deepEqual([new NangoTimeoutError(5).name, new NangoTimeoutError(5).message], ['NangoTimeoutError', 'Nango did not answer within 5 ms']);
    assert.deepEqual([new NangoAnswerError('no data').name, new NangoAnswerError('no data').message], ['NangoAnswerError', 'no data']);
    assert.deepEqual([new RequestAbortedError().name, new RequestAbortedError().message], ['RequestAbortedError', 'The request was aborted by the client']);
  });

  it('report: onError gets the cause (ours as is, an axios one redacted, with Nango\'s status and code), and none when there is none', () => {
    const errors: ConnectionStatusError[] = [];
    const reporter = { onError: (error: ConnectionStatusError) => void errors.push(error), secrets: ['sk-12345'] };
    const timeout = new NangoTimeoutError(8000);
    report(reporter, request, 'slow', { status: 504, code: 'nango_timeout', cause: timeout });
    report(reporter, request, 'refused', { status: 502, code: 'nango_error', cause: { isAxiosError: true, message: 'failed with sk-12345', response: { status: 500, data: { error: { code: 'server_error' } } } } });
    report(reporter, request, 'plain', { status: 400, code: 'invalid_body' });
    assert.equal(errors[0]!.cause, timeout);
    assert.match(String(errors[0]!.cause), /^NangoTimeoutError: Nango did not answer within 8000 ms$/);
    assert.deepEqual([errors[0]!.nangoStatus, errors[0]!.nangoCode], [undefined, undefined]);
    assert.ok(errors[1]!.cause instanceof RedactedNangoError);
    assert.equal((errors[1]!.cause as Error).message, 'failed with [redacted]');
    assert.deepEqual([errors[1]!.nangoStatus, errors[1]!.nangoCode], [500, 'server_error']);
    assert.equal('cause' in errors[2]!, false);
    assert.deepEqual(errors.map((e) => [e.message, e.code, e.status]), [['slow', 'nango_timeout', 504], ['refused', 'nango_error', 502], ['plain', 'invalid_body', 400]]);
  });

  it('resolve() answering an unsafe integrationId or connectionId: onError names which', async () => {
    for (const [ref, which] of [[{ integrationId: 'git hub', connectionId: 'c' }, 'integrationId'], [{ integrationId: 'github', connectionId: '../c' }, 'connectionId']] as const) {
      const errors: ConnectionStatusError[] = [];
      const resolved = await resolveConnection(request, () => ref, { onError: (error) => void errors.push(error), secrets: [] });
      assert.equal(resolved.ok, false);
      assert.deepEqual(errors.map((e) => e.message), [`resolve() answered an unsafe ${which}: ids may only hold letters, digits and ._:@+=- (at most 255)`]);
    }
  });

  it('withTimeout leaves no timer behind, whether the promise resolves or rejects', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    assert.equal(await withTimeout(Promise.resolve(1), 60_000), 1);
    await assert.rejects(withTimeout(Promise.reject(new Error('own')), 60_000), /own/);
    assert.equal(timers(), before, 'a 60 s timer would keep the process alive after the answer');
  });

  it('untilAborted removes its abort listener when the promise settles, and when the request aborts', async () => {
    const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;
    const resolved = new AbortController();
    let resolve!: (value: number) => void;
    const pending = untilAborted(new Promise<number>((r) => (resolve = r)), resolved.signal);
    assert.equal(listeners(resolved.signal), 1);
    resolve(1);
    assert.equal(await atOnce(pending), 1);
    assert.equal(listeners(resolved.signal), 0, 'after resolving');
    const rejected = new AbortController();
    await assert.rejects(atOnce(untilAborted(Promise.reject(new Error('x')), rejected.signal)), /x/);
    assert.equal(listeners(rejected.signal), 0, 'after rejecting');
    const aborted = new AbortController();
    const never = untilAborted(new Promise(() => {}), aborted.signal);
    aborted.abort();
    await assert.rejects(atOnce(never), RequestAbortedError);
    assert.equal(listeners(aborted.signal), 0, 'after the abort, with the promise still pending');
  });

  it('Nango error codes: a list is not a code; Retry-After: null headers, and a date with text before or after, are none', () => {
    const codeOf = (data: unknown) => {
      const failure = classifyNangoError(http(400, data));
      return failure.kind === 'http' ? failure.code : 'not http';
    };
    assert.equal(codeOf({ error: { code: ['not_found'] } }), undefined);
    assert.equal(codeOf({ error: ['not_found'] }), undefined);
    const now = Date.UTC(2026, 9, 21, 7, 28, 0);
    const date = new Date(now + 10_000).toUTCString();
    assert.equal(retryAfterOf({ 'retry-after': date }, now), '10');
    assert.equal(retryAfterOf(null, now), undefined);
    for (const value of [`${date}+0100`, `${date}0`, `x${date}`, `Mon ${date}`]) {
      assert.ok(!Number.isNaN(Date.parse(value)), `Date.parse reads ${value}`);
      assert.equal(retryAfterOf({ 'retry-after': value }, now), undefined, value);
    }
  });
});
