/**
 * Shared set-up for the server tests: a fake Nango API on 127.0.0.1, the real `@nangohq/node`
 * client pointed at it, and a reader that fails the test if an answer leaks a secret.
 */
import net from 'node:net';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Nango } from '@nangohq/node';
import { createFakeNango, type FakeNango } from '../../demo/server/fake-nango.js';

/** A UUID v4, as Nango's secret keys are (the fake answers Nango's 401s for any other key). */
export const SECRET_KEY = '5f0c1d2e-7a3b-4c4d-9e5f-0a1b2c3d4e5f';

export interface Setup {
  fake: FakeNango;
  nango: Nango;
  url: string;
  close: () => Promise<void>;
}

/** A fake Nango with: conn-valid (OAuth2), conn-api-key (API key), conn-expired, conn-exhausted, conn-auth-error. */
export async function startFakeNango(): Promise<Setup> {
  const fake = createFakeNango({ secretKey: SECRET_KEY });
  fake.addConnection({ connectionId: 'conn-valid', integrationId: 'github', provider: 'github', displayName: 'GitHub', authMode: 'OAUTH2', state: 'valid' });
  fake.addConnection({ connectionId: 'conn-api-key', integrationId: 'linear-key', provider: 'linear', authMode: 'API_KEY', state: 'valid' });
  fake.addConnection({ connectionId: 'conn-expired', integrationId: 'github', provider: 'github', authMode: 'OAUTH2', state: 'expired' });
  fake.addConnection({ connectionId: 'conn-exhausted', integrationId: 'github', provider: 'github', authMode: 'OAUTH2', state: 'refresh_exhausted' });
  fake.addConnection({ connectionId: 'conn-auth-error', integrationId: 'github', provider: 'github', authMode: 'OAUTH2', state: 'auth_error' });
  const { url, close } = await fake.listen();
  return { fake, nango: new Nango({ secretKey: SECRET_KEY, host: url }), url, close };
}

/** A URL where nothing listens: a port we just had and gave back. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Text that must never appear in an answer to the browser. */
function forbiddenStrings(setup: Setup): string[] {
  const secrets = ['conn-valid', 'conn-api-key', 'conn-expired', 'conn-exhausted', 'conn-auth-error']
    .map((id) => setup.fake.getSecret(id))
    .filter((secret): secret is string => typeof secret === 'string');
  return [
    SECRET_KEY,
    ...secrets,
    'fake-access-token',
    'fake-api-key',
    '"access_token"',
    '"apiKey"',
    '"credentials"',
    '"metadata"',
    '"connection_config"',
    '"end_user"',
    '"log_id"',
    'invalid_grant',
    'ada@example.com',
    'internal.example.com',
    'provider.example.com',
    'db.internal',
    setup.url,
    '127.0.0.1',
    '    at ',
  ];
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/**
 * Reads a handler's answer, checks the headers every answer must carry, and fails if the body
 * contains a secret, a credential field, an internal URL or a stack trace.
 */
export async function readAnswer(response: Response, setup: Setup, { head = false } = {}): Promise<Answer> {
  const text = await response.text();
  for (const forbidden of forbiddenStrings(setup)) {
    assert.ok(!text.includes(forbidden), `answer ${response.status} leaks "${forbidden}": ${text}`);
  }
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  if (head) {
    assert.equal(text, '');
    return { status: response.status, headers: response.headers, text, body: undefined };
  }
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

/** The requests the fake Nango received for connections (not the integration's display name). */
export function connectionCalls(setup: Setup) {
  return setup.fake.getRequests().filter((call) => !call.path.startsWith('/integrations'));
}

/** Asserts the `{ error: { code, message } }` shape with a short sentence. */
export function assertError(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.deepEqual(Object.keys(answer.body.error).sort(), ['code', 'message']);
  assert.equal(answer.body.error.code, code);
  assert.equal(typeof answer.body.error.message, 'string');
  assert.ok(answer.body.error.message.length > 0 && answer.body.error.message.length < 140, answer.body.error.message);
}

export function request(path: string, init: RequestInit = {}): Request {
  return new Request(`https://app.example.test${path}`, init);
}

/**
 * HTTP over a raw socket, for what `fetch` will not send (absolute-form targets, odd Host
 * headers, TRACE, bodies that stop half way): sends `text` as it is and reads the whole answer
 * once the server closes the connection (send `Connection: close`). Answers the status, the raw
 * bytes (as latin1 characters), and the body with chunked transfer coding undone, as UTF-8.
 *
 * `keepOpen`: do not half-close the socket after the request (Node's server cuts an answer still
 * in the making when the client sends FIN); `giveUpMs`: with no answer by then, resolve with what
 * came, so the test fails on it instead of hanging.
 */
export function rawRequest(
  port: number,
  text: string,
  { keepOpen = false, giveUpMs }: { keepOpen?: boolean; giveUpMs?: number } = {},
): Promise<{ status: number; raw: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => (keepOpen ? socket.write(Buffer.from(text)) : socket.end(Buffer.from(text))));
    if (giveUpMs !== undefined) socket.setTimeout(giveUpMs, () => socket.destroy());
    let raw = '';
    // Bytes as latin1 characters: chunk sizes count bytes; the body is decoded as UTF-8 at the end.
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (raw += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      let body = rest.join('\r\n\r\n');
      if (/transfer-encoding: chunked/i.test(head)) {
        // Undo chunked transfer coding: size line, data, until the 0 chunk.
        let decoded = '';
        for (let at = 0; ; ) {
          const end = body.indexOf('\r\n', at);
          const size = parseInt(body.slice(at, end), 16);
          if (!size) break;
          decoded += body.slice(end + 2, end + 2 + size);
          at = end + 2 + size + 2;
        }
        body = decoded;
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0), raw, body: Buffer.from(body, 'latin1').toString('utf8') });
    });
  });
}
