/**
 * The script-tag build's language files read as untrusted data (src/strings/locale-data.ts), in
 * Node: the same rules as test/script-tag/locale-data.test.ts checks in the browser, here so that
 * StrykerJS (which runs node:test files) scores this module too. `loadLocale` fetches from a real
 * local HTTP server; Node's fetch checks `integrity` as browsers do.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MAX_REASON_LENGTH } from '../../src/http.js';
import { en } from '../../src/strings/en.js';
import { loadLocale, readLocale } from '../../src/strings/locale-data.js';

const french = { valid: ['{name} est connecté', 'Connecté'], reconnect: 'Reconnecter' };
const defined = (words: object) => Object.entries(words).filter(([, value]) => value !== undefined).map(([key]) => key);

describe('readLocale', () => {
  it('takes strings where English has strings and [with a name, without one] pairs where it has state texts', () => {
    const words = readLocale(french);
    assert.equal(words.reconnect, 'Reconnecter');
    assert.equal(words.valid!('GitHub'), 'GitHub est connecté');
    assert.equal(words.valid!(), 'Connecté');
    assert.equal(Object.getPrototypeOf(words), null);
    assert.deepEqual(defined(words), ['valid', 'reconnect'].sort((a, b) => Object.keys(en).indexOf(a) - Object.keys(en).indexOf(b)));
  });

  it('reads nothing (and does not throw) from null, undefined, a number or an array', () => {
    for (const data of [null, undefined, 42, 'text', ['Reconnecter']]) {
      const words = readLocale(data);
      assert.deepEqual(defined(words), [], `words read from ${JSON.stringify(data)}`);
      assert.equal(Object.getPrototypeOf(words), null);
    }
  });

  it('leaves out a pair with an empty or blank half, a pair of three, and a pair of non-strings', () => {
    const words = readLocale({ valid: ['', 'Connecté'], invalid: ['{name} : erreur', '  '], error: ['a', 'b', 'c'], disconnected: [1, 2], checking: ['Vérification de {name}…', 'Vérification…'] });
    assert.equal(words.valid, undefined, 'an empty "with a name" half');
    assert.equal(words.invalid, undefined, 'a blank "without one" half');
    assert.equal(words.error, undefined, 'three items');
    assert.equal(words.disconnected, undefined, 'numbers');
    assert.equal(words.checking!('Slack'), 'Vérification de Slack…', 'the one good pair is kept');
    assert.equal(words.checking!(), 'Vérification…');
  });

  it('leaves out a string where a pair goes, a pair where a string goes, and a template-shaped object', () => {
    const template = { _$litType$: 1, strings: ['<b>gone</b>'], values: [] };
    const words = readLocale({ checking: 'Vérification…', reconnect: ['Re', 'connecter'], tryAgain: 42, connect: template, valid: template });
    assert.deepEqual(defined(words), []);
  });

  it('takes only own keys English has: nothing inherited, nothing from __proto__ or unknown keys', () => {
    const inherited = Object.create({ reconnect: 'hérité', valid: ['a {name}', 'b'] }) as Record<string, unknown>;
    inherited.tryAgain = 'Réessayer';
    assert.deepEqual(defined(readLocale(inherited)), ['tryAgain']);
    const data = JSON.parse('{"__proto__": {"reconnect": "pwned"}, "constructor": "x", "toString": "x", "extra": "x", "connect": "Connecter"}');
    const words = readLocale(data) as Record<string, unknown>;
    assert.deepEqual(defined(words), ['connect']);
    assert.equal(words.toString, undefined);
  });

  it('cleans words like server text: one line, no control or bidi characters, at most the server-text length', () => {
    const rtl = `\u202e${'ש'.repeat(5000)}\u2066`;
    const words = readLocale({ tokenFailed: rtl, reconnect: 'Re\nconnecter\u0007', invalid: [`${rtl} {name}`, rtl] });
    assert.equal(words.reconnect, 'Re connecter');
    for (const text of [words.tokenFailed!, words.invalid!('GitHub'), words.invalid!()]) {
      assert.ok(text.length <= MAX_REASON_LENGTH, `${text.length} characters`);
      assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(text), 'bidi controls left');
    }
  });
});

describe('loadLocale', () => {
  const body = JSON.stringify(french);
  const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
  let base = '';
  const server = http.createServer((request, response) => {
    const routes: Record<string, [number, string, string]> = {
      '/fr.json': [200, 'application/json', body],
      '/missing.json': [404, 'application/json', body],
      '/changed.json': [200, 'application/json', body.replace('Reconnecter', 'Pwned')],
      '/page.json': [200, 'text/html', '<!doctype html><p>Not found</p>'],
    };
    const [status, type, text] = routes[request.url ?? ''] ?? [500, 'text/plain', 'no route'];
    response.writeHead(status, { 'content-type': type }).end(text);
  });
  before(async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((done) => (server.close(() => done()), server.closeAllConnections())));

  it('reads a 200 answer whose body matches its integrity', async () => {
    const words = await loadLocale(`${base}/fr.json`, integrity);
    assert.equal(words.reconnect, 'Reconnecter');
    assert.equal(words.valid!(), 'Connecté');
  });

  it('reads nothing from a non-ok answer (even with the right body), a changed body, a body that is not JSON, or no server', async () => {
    assert.deepEqual(await loadLocale(`${base}/missing.json`, integrity), {}, '404');
    assert.deepEqual(await loadLocale(`${base}/changed.json`, integrity), {}, 'integrity mismatch');
    const html = '<!doctype html><p>Not found</p>';
    assert.deepEqual(await loadLocale(`${base}/page.json`, `sha384-${createHash('sha384').update(html).digest('base64')}`), {}, 'not JSON');
    assert.deepEqual(await loadLocale('http://127.0.0.1:1/fr.json', integrity), {}, 'connection refused');
  });
});
