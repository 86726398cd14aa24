/**
 * What `onError` may see of an @nangohq/node (axios) error: the fields worth a log line, never
 * the secret key, a Bearer token or a credential field, however deep or wherever it hides.
 */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { ConnectionStatusError, RedactedNangoError, redactError, secretsOf } from '../../src/server/errors.js';

const KEY = '5f0c1d2e-7a3b-4c4d-9e5f-0a1b2c3d4e5f';

describe('redactError', () => {
  const axiosError = () => ({
    isAxiosError: true,
    name: 'AxiosError',
    message: `Request failed with status code 400 (key ${KEY})`,
    code: 'ERR_BAD_REQUEST',
    stack: `AxiosError: failed\n    at Bearer ${KEY}`,
    config: { method: 'get', url: `https://api.nango.dev/connections/c?k=${KEY}`, headers: { Authorization: `Bearer ${KEY}` } },
    request: { socket: {} },
    response: {
      status: 400,
      headers: { 'set-cookie': 'x' },
      data: {
        error: { code: 'invalid_credentials', message: `token ${KEY}`, payload: { connection: { credentials: { access_token: 'at-1' }, api_key: 'k', apiKey: 'k2', secret: 's', secretKey: 's2', secret_key: 's3', password: 'p', token: 't', refresh_token: 'r', Authorization: 'a', note: 'Bearer abc.def' } } },
        list: Array.from({ length: 60 }, (_, i) => i),
      },
    },
  });

  it('keeps name, code, method (upper case), URL, status and body, scrubbed', () => {
    const redacted = redactError(axiosError(), [KEY]) as RedactedNangoError;
    assert.ok(redacted instanceof RedactedNangoError);
    assert.equal(redacted.name, 'AxiosError');
    assert.equal(redacted.code, 'ERR_BAD_REQUEST');
    assert.equal(redacted.method, 'GET');
    assert.equal(redacted.url, 'https://api.nango.dev/connections/c?k=[redacted]');
    assert.equal(redacted.message, 'Request failed with status code 400 (key [redacted])');
    assert.equal(redacted.response?.status, 400);
    const data = redacted.response?.data as any;
    assert.equal(data.error.message, 'token [redacted]');
    const connection = data.error.payload.connection;
    for (const key of ['credentials', 'api_key', 'apiKey', 'secret', 'secretKey', 'secret_key', 'password', 'token', 'refresh_token', 'Authorization']) {
      assert.equal(connection[key], '[redacted]', key);
    }
    assert.equal(connection.note, 'Bearer [redacted]');
    assert.equal(data.list.length, 50, 'long lists cut to 50');
    assert.match(redacted.stack ?? '', /Bearer \[redacted\]/);
    const text = inspect(redacted, { depth: Infinity, showHidden: true });
    for (const secret of [KEY, 'at-1', 'abc.def']) assert.ok(!text.includes(secret), secret);
    assert.ok(!('config' in redacted) && !('request' in redacted));
  });

  it('recognises an HTTP client error by isAxiosError, config, request or response', () => {
    for (const error of [{ isAxiosError: true }, { config: {} }, { request: {} }, { response: {} }]) {
      assert.ok(redactError(error, []) instanceof RedactedNangoError, JSON.stringify(error));
    }
    for (const error of [new Error('own'), { isAxiosError: 'true' }, 'text', null, undefined, 5]) {
      assert.equal(redactError(error, []), error, String(error));
    }
  });

  it('defaults: a message and name when the original has none; no method or URL without a config; no response without one', () => {
    const redacted = new RedactedNangoError({ isAxiosError: true, config: 'x', response: 5, message: 7, name: 8, code: 9 }, []);
    assert.equal(redacted.message, 'Nango request failed');
    assert.equal(redacted.name, 'Error');
    assert.equal(redacted.code, undefined);
    assert.equal(redacted.method, undefined);
    assert.equal(redacted.url, undefined);
    assert.equal(redacted.response, undefined);
    const noStatus = new RedactedNangoError({ response: { status: '400', data: 'x' } }, []);
    assert.deepEqual(noStatus.response, { status: undefined, data: 'x' });
    assert.equal(new RedactedNangoError({ config: { method: 5, url: 6 } }, []).method, undefined);
  });

  it('cuts very deep bodies and very wide objects', () => {
    let deep: any = 'bottom';
    for (let i = 0; i < 10; i++) deep = { next: deep };
    const wide = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
    const redacted = new RedactedNangoError({ response: { status: 500, data: { deep, wide } } }, []);
    const data = redacted.response!.data as any;
    let node = data.deep;
    let levels = 0;
    while (node && typeof node === 'object') {
      node = node.next;
      levels++;
    }
    assert.equal(node, '[…]');
    assert.equal(levels, 6);
    assert.equal(Object.keys(data.wide).length, 100);
    assert.deepEqual(new RedactedNangoError({ response: { status: 500, data: [null, 1, true, 'x', { n: null }] } }, []).response!.data, [null, 1, true, 'x', { n: null }]);
    // Arrays count as levels too: a body of nested lists is cut like nested objects.
    let nested: unknown = 'bottom';
    for (let i = 0; i < 10; i++) nested = [nested];
    assert.ok(JSON.stringify(new RedactedNangoError({ response: { status: 500, data: nested } }, []).response!.data).includes('"[…]"'), 'nested lists were not cut');
  });

  it('scrubs list items, Bearer tokens after several spaces, and keeps fields that only contain a sensitive word', () => {
    const data = new RedactedNangoError(
      { response: { status: 401, data: { hints: [`key ${KEY}`, 'Bearer   abc.def'], token_type: 'bearer', refresh_token_expires_in: 10, my_password_hint: 'h', has_credentials: true, secretkey: 's' } } },
      [KEY],
    ).response!.data as Record<string, unknown>;
    assert.deepEqual(data.hints, ['key [redacted]', 'Bearer [redacted]']);
    assert.equal(data.token_type, 'bearer');
    assert.equal(data.refresh_token_expires_in, 10);
    assert.equal(data.my_password_hint, 'h');
    assert.equal(data.has_credentials, true);
    assert.equal(data.secretkey, '[redacted]');
  });

  it('a null config reads as none', () => {
    const redacted = new RedactedNangoError({ isAxiosError: true, config: null }, []);
    assert.equal(redacted.method, undefined);
    assert.equal(redacted.url, undefined);
  });
});

describe('secretsOf', () => {
  it("the client's secretKey and apiKey, when strings of 4 or more", () => {
    assert.deepEqual(secretsOf({ secretKey: KEY, apiKey: 'abcd' }), [KEY, 'abcd']);
    assert.deepEqual(secretsOf({ secretKey: 'abc', apiKey: 5 }), []);
    assert.deepEqual(secretsOf(null), []);
    assert.deepEqual(secretsOf('sk'), []);
    assert.deepEqual(secretsOf(undefined), []);
  });
});

describe('ConnectionStatusError', () => {
  it('carries status, code, Nango\'s status and code, and the cause', () => {
    const cause = new Error('x');
    const error = new ConnectionStatusError('m', { status: 502, code: 'nango_error', nangoStatus: 500, nangoCode: 'server_error', cause });
    assert.deepEqual([error.name, error.message, error.status, error.code, error.nangoStatus, error.nangoCode, error.cause], ['ConnectionStatusError', 'm', 502, 'nango_error', 500, 'server_error', cause]);
    const bare = new ConnectionStatusError('m', { status: 409, code: 'not_connectable' });
    assert.equal('cause' in bare, false);
    assert.equal(bare.nangoStatus, undefined);
  });
});
