/**
 * createWebhookHandler: Nango's exact auth webhooks, signed as Nango signs them, through the real
 * handler (and through toNodeHandler over real HTTP for the raw-body cases).
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, mock } from 'node:test';
import { authWebhookBody, webhookHeaders } from '../../demo/server/nango-webhooks.js';
import { createInMemoryHub, createWebhookHandler, toNodeHandler, type ConnectionChange, type ConnectionStatusError } from '../../src/server/index.js';
import { freshId } from './hub-contract.js';

const SECRET = '5f0c1d2e-7a3b-4c4d-9e5f-0a1b2c3d4e5f';
const nango = { secretKey: SECRET };

/** Nango's body for a failed refresh, byte for byte as observed (NANGO.md). */
const OBSERVED_REFRESH_FAILURE =
  '{"authMode":"OAUTH2","connectionId":"conn-oauth-expired","environment":"dev","error":{"description":"The external API returned an error when trying to refresh the access token. Please try again later.","type":"refresh_token_external_error"},"from":"nango","operation":"refresh","provider":"canvas-lms","providerConfigKey":"test-oauth","success":false,"tags":{"end_user_display_name":"User One","end_user_email":"user1@example.com","end_user_id":"end-user-1"},"type":"auth"}';

function setup(options: { onConnectionChange?: (change: ConnectionChange) => void | Promise<void> } = {}) {
  const hub = createInMemoryHub();
  const changes: ConnectionChange[] = [];
  const errors: ConnectionStatusError[] = [];
  const handler = createWebhookHandler({
    nango,
    hub,
    onConnectionChange: options.onConnectionChange ?? ((change) => void changes.push(change)),
    onError: (error) => errors.push(error),
  });
  return { hub, handler, changes, errors };
}

function post(body: string, headers: Record<string, string> = webhookHeaders(body, SECRET)): Request {
  return new Request('https://app.example.test/api/nango/webhook', { method: 'POST', headers, body });
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('createWebhookHandler', () => {
  it("turns Nango's observed refresh-failure webhook into invalid, with Nango's error type", async () => {
    const { hub, handler, changes } = setup();
    const response = await handler(post(OBSERVED_REFRESH_FAILURE));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true });
    const entry = await hub.get('test-oauth', 'conn-oauth-expired');
    assert.equal(entry?.status, 'invalid');
    assert.equal(entry?.source, 'webhook');
    assert.deepEqual(entry?.error, { type: 'refresh_token_external_error', description: 'The external API returned an error when trying to refresh the access token. Please try again later.' });
    assert.equal(entry?.endUserId, 'end-user-1');
    assert.deepEqual(entry?.errors, [{ type: 'auth' }]);
    assert.equal(entry?.provider, 'canvas-lms');
    await settled();
    assert.deepEqual(changes, [
      {
        connectionId: 'conn-oauth-expired',
        providerConfigKey: 'test-oauth',
        endUser: { id: 'end-user-1', email: 'user1@example.com', displayName: 'User One' },
        status: 'invalid',
        previousStatus: undefined,
        error: { type: 'refresh_token_external_error', description: 'The external API returned an error when trying to refresh the access token. Please try again later.' },
        operation: 'refresh',
        provider: 'canvas-lms',
      },
    ]);
  });

  it('builds the same bytes as Nango for that webhook (the fake Nango posts these)', () => {
    const body = authWebhookBody({
      connectionId: 'conn-oauth-expired',
      providerConfigKey: 'test-oauth',
      provider: 'canvas-lms',
      authMode: 'OAUTH2',
      operation: 'refresh',
      success: false,
    });
    const withTags = JSON.parse(body);
    withTags.tags = { end_user_display_name: 'User One', end_user_email: 'user1@example.com', end_user_id: 'end-user-1' };
    const sorted = Object.fromEntries(Object.keys(withTags).sort().map((k) => [k, withTags[k]]));
    assert.equal(JSON.stringify(sorted), OBSERVED_REFRESH_FAILURE);
  });

  for (const operation of ['creation', 'override'] as const) {
    it(`turns a successful ${operation} into valid, and tells onConnectionChange what it held before`, async () => {
      const { hub, handler, changes } = setup();
      const id = freshId();
      await handler(post(authWebhookBody({ connectionId: id, providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'refresh', success: false })));
      const body = authWebhookBody({ connectionId: id, providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation, success: true, endUser: { id: 'ada', email: 'ada@example.com' } });
      const response = await handler(post(body));
      assert.equal(response.status, 200);
      assert.equal((await hub.get('github', id))?.status, 'valid');
      await settled();
      assert.deepEqual(
        changes.map((c) => [c.status, c.previousStatus, c.operation, c.endUser?.id, c.error]),
        [
          ['invalid', undefined, 'refresh', undefined, { type: 'refresh_token_external_error', description: 'The external API returned an error when trying to refresh the access token. Please try again later.' }],
          ['valid', 'invalid', operation, 'ada', undefined],
        ],
      );
    });
  }

  it('turns a successful deletion into disconnected', async () => {
    const { hub, handler } = setup();
    const id = freshId();
    await handler(post(authWebhookBody({ connectionId: id, providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'deletion', success: true })));
    assert.equal((await hub.get('github', id))?.status, 'disconnected');
  });

  it('answers 200 and changes nothing for sync, forward and async_action webhooks, and for a failed creation', async () => {
    const { hub, handler, changes } = setup();
    const heard: unknown[] = [];
    const stop = hub.subscribe((change) => heard.push(change));
    const bodies = [
      JSON.stringify({ from: 'nango', type: 'sync', connectionId: 'c1', providerConfigKey: 'github', syncName: 'issues', model: 'Issue', success: true }),
      JSON.stringify({ from: 'github', type: 'forward', connectionId: 'c1', providerConfigKey: 'github', payload: { action: 'opened' } }),
      JSON.stringify({ from: 'nango', type: 'async_action', connectionId: 'c1', providerConfigKey: 'github', payload: {} }),
      authWebhookBody({ connectionId: 'c1', providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'creation', success: false }),
    ];
    for (const body of bodies) {
      const response = await handler(post(body));
      assert.equal(response.status, 200, body);
      assert.deepEqual(await response.json(), { ok: true, ignored: true });
    }
    await settled();
    stop();
    assert.equal(await hub.get('github', 'c1'), undefined);
    assert.deepEqual(heard, []);
    assert.deepEqual(changes, []);
  });

  describe('refuses, with 401 and no change', () => {
    const body = authWebhookBody({ connectionId: 'victim', providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'refresh', success: false });
    const cases: Array<[string, Record<string, string>, string?]> = [
      ['no signature', { 'content-type': 'application/json' }],
      ['only the legacy X-Nango-Signature', { 'content-type': 'application/json', 'x-nango-signature': webhookHeaders(body, SECRET)['x-nango-signature']! }],
      ['a signature made with another key', webhookHeaders(body, '11111111-2222-4333-8444-555555555555')],
      ['the signature of another body', webhookHeaders(body.replace('victim', 'other'), SECRET)],
      ['a signature that is not hex', { ...webhookHeaders(body, SECRET), 'x-nango-hmac-sha256': 'z'.repeat(64) }],
      ['a truncated signature', { ...webhookHeaders(body, SECRET), 'x-nango-hmac-sha256': webhookHeaders(body, SECRET)['x-nango-hmac-sha256']!.slice(0, 63) }],
      ['the signature of the body, sent with one byte changed', webhookHeaders(body, SECRET), body.replace('"success":false', '"success":true ')],
    ];
    for (const [name, headers, sent] of cases) {
      it(name, async () => {
        const { hub, handler, changes, errors } = setup();
        const response = await handler(post(sent ?? body, headers));
        assert.equal(response.status, 401);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid_signature');
        assert.equal(await hub.get('github', 'victim'), undefined);
        await settled();
        assert.deepEqual(changes, []);
        assert.equal(errors[0]?.code, 'invalid_signature');
      });
    }
  });

  it('answers 405 to anything but POST, 413 to a body over the cap (declared or streamed), 400 to signed non-JSON', async () => {
    const { handler } = setup();
    assert.equal((await handler(new Request('https://app.example.test/hook'))).status, 405);
    const big = 'x'.repeat(300 * 1024);
    assert.equal((await handler(post(big))).status, 413);
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const request = new Request('https://app.example.test/hook', {
      method: 'POST',
      headers: { 'x-nango-hmac-sha256': '0'.repeat(64) },
      body: streamed,
      duplex: 'half',
    } as RequestInit);
    assert.equal((await handler(request)).status, 413);
    assert.equal((await handler(post('not json'))).status, 400);
  });

  it('answers at once even when onConnectionChange never settles, and reports one that throws', async () => {
    const slow = setup({ onConnectionChange: () => new Promise(() => {}) });
    const body = authWebhookBody({ connectionId: freshId(), providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'refresh', success: false });
    const started = Date.now();
    assert.equal((await slow.handler(post(body))).status, 200);
    assert.ok(Date.now() - started < 1000);
    const throwing = setup({
      onConnectionChange: () => {
        throw new Error('mailer down');
      },
    });
    assert.equal((await throwing.handler(post(body))).status, 200);
    await settled();
    assert.equal(throwing.errors[0]?.code, 'on_connection_change_failed');
  });

  it('answers 503 (so Nango tries again) when the hub cannot store it, and calls no onConnectionChange', async () => {
    const changes: ConnectionChange[] = [];
    const failing = createWebhookHandler({
      nango,
      hub: { ...createInMemoryHub(), put: () => Promise.reject(new Error('Redis down')) },
      onConnectionChange: (change) => void changes.push(change),
    });
    const body = authWebhookBody({ connectionId: 'c4', providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'refresh', success: false });
    const response = await failing(post(body));
    assert.equal(response.status, 503);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'hub_unavailable');
    await settled();
    assert.deepEqual(changes, []);
  });

  it("uses @nangohq/node's webhookSigningKey over the secret key when the client has one", async () => {
    const hub = createInMemoryHub();
    const handler = createWebhookHandler({ nango: { secretKey: SECRET, webhookSigningKey: 'signing-key' }, hub });
    const body = authWebhookBody({ connectionId: 'c2', providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'refresh', success: false });
    assert.equal((await handler(post(body))).status, 401);
    assert.equal((await handler(post(body, webhookHeaders(body, 'signing-key')))).status, 200);
  });

  describe('behind toNodeHandler, over real HTTP', () => {
    /** A JSON body parser as express.json() is: reads the stream, sets req.body to the parsed object. */
    const jsonBodyParser = (req: http.IncomingMessage & { body?: unknown }, next: () => void) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        next();
      });
    };
    /** As express.raw({ type: 'application/json' }) is: req.body is the Buffer as received. */
    const rawBodyParser = (req: http.IncomingMessage & { body?: unknown }, next: () => void) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        req.body = Buffer.concat(chunks);
        next();
      });
    };

    async function serve(parser: typeof jsonBodyParser | undefined) {
      const { hub, handler, errors } = setup();
      const node = toNodeHandler(handler);
      const server = http.createServer((req, res) => (parser ? parser(req, () => node(req, res)) : node(req, res)));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
      const close = () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections()));
      return { hub, errors, url, close };
    }

    const send = (url: string, body: string, headers = webhookHeaders(body, SECRET)) => fetch(url, { method: 'POST', headers, body });

    it('verifies the raw bytes streamed to it, and those a raw body parser kept', async () => {
      for (const parser of [undefined, rawBodyParser]) {
        const app = await serve(parser);
        try {
          const response = await send(app.url, OBSERVED_REFRESH_FAILURE);
          assert.equal(response.status, 200);
          assert.equal((await app.hub.get('test-oauth', 'conn-oauth-expired'))?.status, 'invalid');
        } finally {
          await app.close();
        }
      }
    });

    it("still verifies Nango's bodies after a JSON body parser re-serialised them (same bytes)", async () => {
      const app = await serve(jsonBodyParser);
      try {
        const response = await send(app.url, OBSERVED_REFRESH_FAILURE);
        assert.equal(response.status, 200);
        assert.equal((await app.hub.get('test-oauth', 'conn-oauth-expired'))?.status, 'invalid');
      } finally {
        await app.close();
      }
    });

    it('fails clearly when a JSON body parser changed the bytes: 401, and onError says to keep the raw body', async () => {
      const app = await serve(jsonBodyParser);
      try {
        // Bytes a parse + stringify does not give back: spaces and an escaped character.
        const body = '{ "type": "auth", "operation": "refresh", "success": false, "connectionId": "c3", "providerConfigKey": "github", "provider": "caf\\u00e9" }';
        const headers = { 'content-type': 'application/json', 'x-nango-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('hex') };
        const response = await send(app.url, body, headers);
        assert.equal(response.status, 401);
        assert.equal(await app.hub.get('github', 'c3'), undefined);
        assert.match(app.errors[0]?.message ?? '', /express\.raw\(\{ type: "application\/json" \}\)/);
      } finally {
        await app.close();
      }
    });
  });
});

describe('createWebhookHandler: setup and body limits', () => {
  const refresh = (connectionId: string) =>
    authWebhookBody({ connectionId, providerConfigKey: 'github', provider: 'github', authMode: 'OAUTH2', operation: 'refresh', success: false });

  it('answers 500 server_misconfigured, and tells onError, when the client has no key to check signatures with', async () => {
    for (const client of [{}, { secretKey: '' }, { webhookSigningKey: '', secretKey: 5 }]) {
      const errors: ConnectionStatusError[] = [];
      const handler = createWebhookHandler({ nango: client as never, onError: (error) => errors.push(error) });
      const body = refresh('conn-1');
      const response = await handler(post(body));
      assert.equal(response.status, 500, JSON.stringify(client));
      const answer = (await response.json()) as { error: { code: string; message: string } };
      assert.deepEqual(answer.error, { code: 'server_misconfigured', message: "The server's Nango setup is wrong, so it cannot check webhooks." });
      assert.equal(errors.length, 1);
      assert.equal(errors[0]!.code, 'server_misconfigured');
      assert.equal(errors[0]!.status, 500);
      assert.match(errors[0]!.message, /no secretKey or webhookSigningKey/);
    }
  });

  it('answers 400 invalid_body, and tells onError, for a signed auth webhook whose connection id or integration is unusable', async () => {
    for (const [connectionId, providerConfigKey] of [['../../etc', 'github'], ['conn-1', 'git hub'], ['', 'github']]) {
      const { hub, handler, errors } = setup();
      const body = authWebhookBody({ connectionId, providerConfigKey, provider: 'github', authMode: 'OAUTH2', operation: 'refresh', success: false });
      const response = await handler(post(body));
      assert.equal(response.status, 400, connectionId);
      assert.deepEqual(((await response.json()) as { error: unknown }).error, { code: 'invalid_body', message: 'The auth webhook does not name a connection.' });
      assert.equal(errors.length, 1);
      assert.equal(errors[0]!.code, 'invalid_body');
      assert.equal(errors[0]!.status, 400);
      assert.equal(errors[0]!.message, 'Signed auth webhook without a usable connectionId or providerConfigKey');
      assert.equal(await hub.get(providerConfigKey, connectionId), undefined);
    }
  });

  it('takes maxBodyBytes when positive, and the 256 KiB default for 0 or less', async () => {
    const body = refresh(`conn-${'x'.repeat(200)}`);
    assert.ok(body.length > 200 && body.length < 1024);
    const small = createWebhookHandler({ nango, hub: createInMemoryHub(), maxBodyBytes: 200 });
    const response = await small(post(body));
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'payload_too_large');
    for (const maxBodyBytes of [0, -1]) {
      const handler = createWebhookHandler({ nango, hub: createInMemoryHub(), maxBodyBytes });
      assert.equal((await handler(post(body))).status, 200, `maxBodyBytes ${maxBodyBytes}`);
    }
  });

  it('answers 408 request_timeout to a body that stops arriving (after 10 s), and 400 invalid_body to one that breaks', async () => {
    const { handler } = setup();
    const signed = { 'x-nango-hmac-sha256': '0'.repeat(64) };
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const stalled = new Request('https://app.example.test/hook', { method: 'POST', headers: signed, body: new ReadableStream({ pull: () => new Promise(() => {}) }), duplex: 'half' } as RequestInit);
      const answer = handler(stalled);
      mock.timers.tick(9_999);
      const early = await Promise.race([answer.then(() => 'answered'), new Promise((resolve) => setImmediate(() => resolve('waiting')))]);
      assert.equal(early, 'waiting', 'answered before the 10 s body timeout');
      mock.timers.tick(1);
      const response = await answer;
      assert.equal(response.status, 408);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'request_timeout');
    } finally {
      mock.timers.reset();
    }
    const broken = new Request('https://app.example.test/hook', {
      method: 'POST',
      headers: signed,
      body: new ReadableStream({ pull: (controller) => controller.error(new Error('connection reset')) }),
      duplex: 'half',
    } as RequestInit);
    const response = await handler(broken);
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid_body');
  });
});

describe('createWebhookHandler: what is stored, and the exact refusals', () => {
  const auth = (fields: Record<string, unknown>) =>
    JSON.stringify({ connectionId: 'conn-w', providerConfigKey: 'github', type: 'auth', operation: 'creation', success: true, ...fields });

  it('a reconnect is stored with no errors; without a provider, provider null', async () => {
    const { hub, handler } = setup();
    assert.equal((await handler(post(auth({})))).status, 200);
    const entry = await hub.get('github', 'conn-w');
    assert.equal(entry?.status, 'valid');
    assert.deepEqual(entry?.errors, []);
    assert.equal(entry?.provider, null);
  });

  it('ignores what changes no status: a failed deletion, a non-auth webhook with auth-like fields, a JSON array or string', async () => {
    for (const body of [auth({ operation: 'deletion', success: false }), auth({ type: 'sync', operation: 'deletion' }), auth({ type: 'sync', operation: 'refresh', success: false }), '[1]', '"auth"', 'null']) {
      const { hub, handler } = setup();
      const response = await handler(post(body));
      assert.equal(response.status, 200, body);
      assert.deepEqual(await response.json(), { ok: true, ignored: true }, body);
      assert.equal(await hub.get('github', 'conn-w'), undefined, body);
    }
  });

  it('refuses with exact words: no signature (401), a body that is not JSON (400), one that is not UTF-8 (400), a hub that cannot store it (503)', async () => {
    const { handler, errors } = setup();
    const unsigned = await handler(new Request('https://app.example.test/hook', { method: 'POST', body: auth({}) }));
    assert.equal(unsigned.status, 401);
    assert.deepEqual(((await unsigned.json()) as { error: unknown }).error, { code: 'invalid_signature', message: 'The webhook is not signed.' });
    assert.equal(errors.at(-1)?.message, 'Webhook refused: no X-Nango-Hmac-Sha256 header');
    const notJson = await handler(post('not json'));
    assert.deepEqual(((await notJson.json()) as { error: unknown }).error, { code: 'invalid_body', message: 'The webhook body is not JSON.' });
    // Latin-1 bytes of "é" inside a JSON string: not UTF-8, refused rather than read as U+FFFD.
    const latin1 = Buffer.concat([Buffer.from('{"type":"auth","x":"'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const signed = createHmac('sha256', SECRET).update(latin1).digest('hex');
    const notUtf8 = await handler(new Request('https://app.example.test/hook', { method: 'POST', headers: { 'x-nango-hmac-sha256': signed }, body: latin1 }));
    assert.equal(notUtf8.status, 400);
    const down = createWebhookHandler({ nango, hub: { ...createInMemoryHub(), put: () => Promise.reject(new Error('redis down')) }, onError: (error) => errors.push(error) });
    const refused = await down(post(auth({})));
    assert.equal(refused.status, 503);
    assert.deepEqual(((await refused.json()) as { error: unknown }).error, { code: 'hub_unavailable', message: 'The webhook could not be stored. Try again.' });
    assert.deepEqual([errors.at(-1)?.message, errors.at(-1)?.code, errors.at(-1)?.status], ['The hub could not store a webhook (Nango will retry)', 'hub_unavailable', 503]);
  });
});


describe('createWebhookHandler: the signing key, the signature header, and the shapes Nango may send', () => {
  const auth = (fields: Record<string, unknown>) =>
    JSON.stringify({ connectionId: 'conn-e', providerConfigKey: 'github', type: 'auth', operation: 'refresh', success: false, ...fields });
  const signature = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');
  const errorOf = async (response: Response) => ((await response.json()) as { error: unknown }).error;

  /** The change onConnectionChange heard for one signed body, or undefined when none. */
  async function changeFor(body: string): Promise<ConnectionChange | undefined> {
    const { handler, changes } = setup();
    const response = await handler(post(body));
    assert.equal(response.status, 200, body);
    await settled();
    assert.ok(changes.length <= 1);
    return changes[0];
  }

  it('405 says to use POST, and Allow says so too', async () => {
    const { handler } = setup();
    for (const method of ['GET', 'PUT']) {
      const response = await handler(new Request('https://app.example.test/hook', { method, ...(method === 'PUT' ? { body: '{}' } : {}) }));
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'POST');
      assert.deepEqual(await errorOf(response), { code: 'method_not_allowed', message: 'Use POST.' });
    }
  });

  it('a webhookSigningKey that is empty or not a string falls back to the secret key; a missing client is a 500, not a crash', async () => {
    const body = auth({});
    for (const client of [{ webhookSigningKey: '', secretKey: SECRET }, { webhookSigningKey: 5, secretKey: SECRET }, { webhookSigningKey: null, secretKey: SECRET }]) {
      const handler = createWebhookHandler({ nango: client as never, hub: createInMemoryHub() });
      assert.equal((await handler(post(body))).status, 200, JSON.stringify(client));
    }
    for (const client of [null, undefined, 'a-secret-key']) {
      const handler = createWebhookHandler({ nango: client as never, hub: createInMemoryHub() });
      const response = await handler(post(body));
      assert.equal(response.status, 500, String(client));
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'server_misconfigured');
    }
  });

  it('refuses a signature with anything but whitespace around its 64 hex digits: exact 401 body, and onError says why', async () => {
    const body = auth({});
    const good = signature(body);
    for (const sent of [`${good}0`, `${good}x`, `${good} x`, `x${good}`, `0x${good}`, `${good}${good}`, good.slice(1)]) {
      const { handler, hub, errors } = setup();
      const response = await handler(post(body, { 'x-nango-hmac-sha256': sent }));
      assert.equal(response.status, 401, sent);
      assert.deepEqual(await errorOf(response), { code: 'invalid_signature', message: 'The webhook signature does not match its body.' }, sent);
      assert.equal(await hub.get('github', 'conn-e'), undefined);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!.message, /^Webhook refused: X-Nango-Hmac-Sha256 does not match the raw body\./);
      assert.deepEqual([errors[0]!.code, errors[0]!.status], ['invalid_signature', 401]);
    }
  });

  it('accepts the signature in upper case, and with whitespace around it that fetch keeps (form feed, vertical tab, no-break space)', async () => {
    const body = auth({});
    for (const sent of [signature(body).toUpperCase(), `\f${signature(body)}\v`, `\u00a0${signature(body)}\u00a0`]) {
      const { handler } = setup();
      const request = post(body, { 'x-nango-hmac-sha256': sent });
      assert.equal(request.headers.get('x-nango-hmac-sha256'), sent, 'the header reaches the handler as sent');
      assert.equal((await handler(request)).status, 200, JSON.stringify(sent));
    }
  });

  it('413 names the cap, and a maxBodyBytes that is not a number is ignored (the 256 KiB default)', async () => {
    const body = auth({ padding: 'x'.repeat(300) });
    const small = createWebhookHandler({ nango, hub: createInMemoryHub(), maxBodyBytes: 100 });
    const refused = await small(post(body));
    assert.equal(refused.status, 413);
    assert.deepEqual(await errorOf(refused), { code: 'payload_too_large', message: 'The webhook body could not be read.' });
    const stringCap = createWebhookHandler({ nango, hub: createInMemoryHub(), maxBodyBytes: '100' as never });
    assert.equal((await stringCap(post(body))).status, 200);
  });

  it('without onConnectionChange nothing is reported; a failing one is reported with its cause, after the 200', async () => {
    const errors: ConnectionStatusError[] = [];
    const quiet = createWebhookHandler({ nango, hub: createInMemoryHub(), onError: (error) => errors.push(error) });
    assert.equal((await quiet(post(auth({})))).status, 200);
    await settled();
    assert.deepEqual(errors, []);
    const failure = new Error('mailer down');
    const failing = setup({ onConnectionChange: () => Promise.reject(failure) });
    assert.equal((await failing.handler(post(auth({})))).status, 200);
    await settled();
    assert.deepEqual(
      failing.errors.map((e) => [e.message, e.code, e.status, e.cause]),
      [['onConnectionChange() failed', 'on_connection_change_failed', 200, failure]],
    );
  });

  it('a refresh that succeeded, a deletion that failed and an unknown operation change nothing', async () => {
    for (const fields of [{ operation: 'refresh', success: true }, { operation: 'deletion', success: false }, { operation: 'rename', success: true }, { operation: 'refresh', success: undefined }, { operation: 'creation', success: 'true' }]) {
      const { handler, hub, changes } = setup();
      const response = await handler(post(auth(fields)));
      assert.deepEqual(await response.json(), { ok: true, ignored: true }, JSON.stringify(fields));
      await settled();
      assert.equal(await hub.get('github', 'conn-e'), undefined, JSON.stringify(fields));
      assert.deepEqual(changes, []);
    }
  });

  it('a connection id or integration that is not a string is refused (400), even when its text would be a safe id', async () => {
    for (const fields of [{ connectionId: 12345 }, { providerConfigKey: 42 }, { connectionId: ['conn-e'] }, { connectionId: null }]) {
      const { handler, errors } = setup();
      const response = await handler(post(auth(fields)));
      assert.equal(response.status, 400, JSON.stringify(fields));
      assert.deepEqual(await errorOf(response), { code: 'invalid_body', message: 'The auth webhook does not name a connection.' });
      assert.equal(errors[0]?.code, 'invalid_body');
    }
  });

  it("a refresh failure without a usable error is stored as unknown_error; Nango's description is kept when it has one", async () => {
    const cases: Array<[unknown, unknown]> = [
      [undefined, { type: 'unknown_error' }],
      [null, { type: 'unknown_error' }],
      ['refresh_token_external_error', { type: 'unknown_error' }],
      [{ type: 5, description: 'It broke.' }, { type: 'unknown_error', description: 'It broke.' }],
      [{ type: ' refresh_token_external_error ', description: 7 }, { type: 'refresh_token_external_error' }],
    ];
    for (const [error, expected] of cases) {
      const change = await changeFor(auth(error === undefined ? {} : { error }));
      assert.deepEqual(change?.error, expected, JSON.stringify(error));
      assert.equal(change?.status, 'invalid');
    }
  });

  it("the end user: Nango's endUser first, else its end_user_* tags; the email falls back to the tags; an unsafe or non-string id is none", async () => {
    const tags = { end_user_id: 'tag-user', end_user_email: 'tag@example.com', end_user_display_name: 'Tag User' };
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [{ endUser: { endUserId: 'ada' } }, { id: 'ada' }],
      [{ endUser: { endUserId: 'ada', endUserEmail: 'ada@example.com' } }, { id: 'ada', email: 'ada@example.com' }],
      [{ endUser: { endUserId: 'ada' }, tags }, { id: 'ada', email: 'tag@example.com', displayName: 'Tag User' }],
      [{ endUser: { endUserId: 'ada', endUserEmail: 'ada@example.com' }, tags }, { id: 'ada', email: 'ada@example.com', displayName: 'Tag User' }],
      [{ tags }, { id: 'tag-user', email: 'tag@example.com', displayName: 'Tag User' }],
      [{ endUser: 'ada', tags }, { id: 'tag-user', email: 'tag@example.com', displayName: 'Tag User' }],
      [{ endUser: null, tags: null }, undefined],
      [{ endUser: { endUserId: '../ada' } }, undefined],
      [{ endUser: { endUserId: 42 } }, undefined],
      [{ tags: { end_user_id: 'a b', end_user_email: 'x@example.com' } }, undefined],
      [{ tags: 'end_user_id=ada' }, undefined],
      [{}, undefined],
    ];
    for (const [fields, expected] of cases) {
      const { handler, hub, changes } = setup();
      assert.equal((await handler(post(auth(fields)))).status, 200, JSON.stringify(fields));
      await settled();
      assert.deepEqual(changes[0]?.endUser, expected, JSON.stringify(fields));
      assert.equal((await hub.get('github', 'conn-e'))?.endUserId, (expected as { id?: string } | undefined)?.id, JSON.stringify(fields));
    }
  });
});
