// The script-tag build's language files are data read key by key against English
// (src/strings/locale-data.ts): whatever a changed file holds, the widget keeps its buttons, its
// texts stay functions where it calls them, nothing comes from Object.prototype, and the words
// are cut and cleaned like server text. (The SHA-384 check that refuses a changed file before it
// is read is tested in flow-loading.test.ts.)
import { expect } from '@open-wc/testing';
import { MAX_REASON_LENGTH } from '../../src/http.js';
import { loadLocale, readLocale } from '../../src/strings/locale-data.js';
import { scenario } from '../support/fixtures.js';

const french = {
  valid: ['{name} est connecté', 'Connecté'],
  reconnect: 'Reconnecter',
};

async function sha384(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', new TextEncoder().encode(text)));
  return `sha384-${btoa(String.fromCharCode(...digest))}`;
}

// Assertions compare `typeof`, never a function: a failing comparison with a function in it
// cannot be sent back from the browser, and the run would hang instead of failing.
describe('language data of the script-tag build', () => {
  it('takes strings where English has strings and [with a name, without one] pairs where it has state texts', () => {
    const words = readLocale(french);
    expect(words.reconnect).to.equal('Reconnecter');
    expect(words.valid!('GitHub')).to.equal('GitHub est connecté');
    expect(words.valid!()).to.equal('Connecté');
    expect(Object.getPrototypeOf(words), 'a null-prototype object').to.equal(null);
  });

  it('leaves out a template-shaped object (it could replace the Reconnect button), so English shows', () => {
    const template = { _$litType$: 1, strings: ['<b>gone</b>'], values: [] };
    const words = readLocale({ ...french, reconnect: template, connect: { toString: () => 'x' }, valid: template });
    expect(typeof words.reconnect).to.equal('undefined');
    expect(typeof words.connect).to.equal('undefined');
    expect(typeof words.valid).to.equal('undefined');
  });

  it('leaves out a string where a pair goes, and a pair where a string goes (the widget would stay on "Checking…")', () => {
    const words = readLocale({ checking: 'Vérification…', invalid: ['seul'], error: [1, 2], reconnect: ['Re', 'connecter'], tryAgain: 42 });
    expect(typeof words.checking, 'a string for a state text').to.equal('undefined');
    expect(typeof words.invalid, 'a pair of one').to.equal('undefined');
    expect(typeof words.error, 'a pair of numbers').to.equal('undefined');
    expect(typeof words.reconnect, 'a pair for a string').to.equal('undefined');
    expect(typeof words.tryAgain).to.equal('undefined');
  });

  it('ignores a __proto__ key and any key English does not have', () => {
    const data = JSON.parse('{"__proto__": {"reconnect": "pwned", "checking": "x"}, "constructor": "x", "toString": "x", "extra": "x", "tryAgain": "Réessayer"}');
    const words = readLocale(data) as Record<string, unknown>;
    expect(typeof words.reconnect).to.equal('undefined');
    expect(typeof words.checking).to.equal('undefined');
    expect(typeof words.constructor).to.equal('undefined');
    expect(typeof words.toString).to.equal('undefined');
    expect(Object.keys(words).filter((key) => words[key] !== undefined)).to.deep.equal(['tryAgain']);
    expect(Object.getPrototypeOf(words)).to.equal(null);
  });

  it('cuts 5,000 characters of right-to-left text to the server-text limit, without bidi controls', () => {
    const rtl = `\u202e${'ש'.repeat(5000)}\u2066`;
    const words = readLocale({ tokenFailed: rtl, invalid: [`${rtl} {name}`, rtl] });
    // Booleans and lengths only: a failure message must not carry 5,000 characters of RTL text.
    const bidi = /[\u202a-\u202e\u2066-\u2069]/;
    for (const text of [words.tokenFailed!, words.invalid!('GitHub'), words.invalid!()]) {
      expect(text.length, 'length').to.be.at.most(MAX_REASON_LENGTH);
      expect(bidi.test(text), 'bidi controls left').to.be.false;
    }
  });

  it('reads nothing from a non-ok answer, even one whose body matches its integrity', async () => {
    const body = JSON.stringify(french);
    const integrity = await sha384(body);
    const ok = await scenario({ body, headers: { 'Content-Type': 'application/json' } });
    expect((await loadLocale(ok.url, integrity)).reconnect, 'the same body answered 200 is read').to.equal('Reconnecter');
    const notFound = await scenario({ status: 404, body, headers: { 'Content-Type': 'application/json' } });
    expect(Object.keys(await loadLocale(notFound.url, integrity))).to.deep.equal([]);
  });

  it('reads nothing from a body that does not match its integrity, or is not JSON', async () => {
    const body = JSON.stringify(french);
    const changed = await scenario({ body: body.replace('Reconnecter', 'Pwned'), headers: { 'Content-Type': 'application/json' } });
    expect(Object.keys(await loadLocale(changed.url, await sha384(body)))).to.deep.equal([]);
    const html = '<!doctype html><p>Not found</p>';
    const page = await scenario({ body: html, headers: { 'Content-Type': 'text/html' } });
    expect(Object.keys(await loadLocale(page.url, await sha384(html)))).to.deep.equal([]);
  });
});
