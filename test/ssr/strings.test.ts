// Every word the widget shows (src/strings/), in Node without a DOM: each language says
// everything English says, names the integration where it should, and overrides apply as
// documented. StrykerJS mutates these modules with this test (`npm run mutation`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from '../../src/strings/en.js';
import { localeOf, locales, resolveStrings } from '../../src/strings/index.js';
import { named, type Strings } from '../../src/strings/strings.js';

const keys = Object.keys(en) as Array<keyof Strings>;

describe('built-in strings', () => {
  it('has English, French, German, Spanish and Japanese', () => {
    assert.deepEqual(Object.keys(locales).sort(), ['de', 'en', 'es', 'fr', 'ja']);
  });

  for (const [lang, strings] of Object.entries(locales)) {
    it(`${lang}: every text English has, with and without the integration's name`, () => {
      assert.deepEqual(Object.keys(strings).sort(), [...keys].sort());
      const seen = new Set<string>();
      for (const key of keys) {
        const value = strings[key];
        const texts = typeof value === 'function' ? [value('Zeta·Name'), value(undefined), value('')] : [value];
        assert.equal(typeof value, typeof en[key], `${lang}.${key} has the type of en.${key}`);
        for (const text of texts) {
          assert.equal(typeof text, 'string');
          assert.ok(text.trim().length > 1, `${lang}.${key} is not empty`);
          assert.ok(!text.includes('{name}'), `${lang}.${key} has no placeholder left: ${text}`);
        }
        if (typeof value === 'function') {
          assert.ok(texts[0].includes('Zeta·Name'), `${lang}.${key} names the integration: ${texts[0]}`);
          assert.ok(!texts[1].includes('Zeta·Name'));
          assert.equal(texts[2], texts[1], `${lang}.${key}: an empty name is no name`);
        }
        // Two keys with the same words would be a copy-paste slip (and untestable apart).
        for (const text of texts.slice(0, 2)) {
          // An accessible name without an integration is its visible label ("Reconnect"), on purpose.
          if (key.endsWith('Name') && text === strings[key.slice(0, -4) as keyof typeof strings]) continue;
          assert.ok(!seen.has(text), `${lang}.${key} repeats "${text}"`);
          seen.add(text);
        }
      }
    });
  }

  it('says in English what the browser tests and the README quote', () => {
    assert.equal(en.checking(), 'Checking connection…');
    assert.equal(en.valid('Github'), 'Github is connected');
    assert.equal(en.valid(), 'Connected');
    assert.equal(en.invalid('Slack'), 'Slack needs to be reconnected');
    assert.equal(en.invalid(), 'This connection needs to be reconnected');
    assert.equal(en.error(), "Couldn't check the connection");
    assert.equal(en.retrying, "We'll try again automatically.");
    assert.equal(en.reconnect, 'Reconnect');
    assert.equal(en.tryAgain, 'Try again');
  });
});

describe('named', () => {
  it('puts the name in place of {name}, as written, or gives the text without a name', () => {
    const text = named('{name} works', 'It works');
    assert.equal(text('A'), 'A works');
    assert.equal(text(undefined), 'It works');
    assert.equal(text("$& and $' and $1"), "$& and $' and $1 works");
  });
});

describe('localeOf and resolveStrings', () => {
  it('picks the language of a BCP 47 tag, English otherwise', () => {
    assert.equal(localeOf('fr-CA'), 'fr');
    assert.equal(localeOf('DE'), 'de');
    assert.equal(localeOf('ja-JP-u-ca-japanese'), 'ja');
    for (const lang of [undefined, '', 'pt-BR', '__proto__', 'constructor', 'toString']) assert.equal(localeOf(lang), 'en', String(lang));
    assert.equal(resolveStrings('es-MX'), locales.es);
    assert.equal(resolveStrings('__proto__'), en);
    assert.equal(resolveStrings(undefined), en);
  });

  it('applies overrides on top: strings, {name} templates and functions; ignores undefined and unknown keys', () => {
    const strings = resolveStrings('fr', {
      reconnect: 'Se reconnecter',
      valid: '{name} synchronise',
      invalid: (name?: string) => `KO ${name ?? '?'}`,
      tryAgain: undefined,
      ...({ toString: 'nope', unknownKey: 'nope' } as object),
    });
    assert.equal(strings.reconnect, 'Se reconnecter');
    assert.equal(strings.valid('Slack'), 'Slack synchronise');
    assert.equal(strings.valid(), 'synchronise');
    assert.equal(strings.invalid('X'), 'KO X');
    assert.equal(strings.tryAgain, locales.fr.tryAgain);
    assert.equal(strings.checking(), locales.fr.checking());
    assert.ok(!Object.hasOwn(strings, 'unknownKey'));
    assert.ok(!Object.hasOwn(strings, 'toString'));
    // The built-in table is never changed by an override.
    assert.equal(locales.fr.reconnect, 'Reconnecter');
    assert.equal(resolveStrings('fr', {}).reconnect, 'Reconnecter');
  });

  it('keeps the words around {name} when there is no name', () => {
    const strings = resolveStrings('en', { checking: 'Asking  {name}  now', error: 'Oops {name}' });
    assert.equal(strings.checking(), 'Asking now');
    assert.equal(strings.checking('GitHub'), 'Asking  GitHub  now');
    assert.equal(strings.error(), 'Oops');
  });
});

describe('a new button label', () => {
  it('gives the accessible name that starts with it, unless the name is overridden too (WCAG 2.5.3)', () => {
    const strings = resolveStrings('de', { reconnect: 'Sign in again', tryAgain: 'Retry' });
    assert.equal(strings.reconnectName('GitHub'), 'Sign in again GitHub');
    assert.equal(strings.reconnectName(), 'Sign in again');
    assert.equal(strings.tryAgainName('GitHub'), 'Retry: GitHub');
    assert.equal(strings.connectName('GitHub'), 'GitHub verbinden', 'a label left alone keeps its own name');
    const both = resolveStrings('en', { reconnect: 'Sign in again', reconnectName: (name) => `Sign in again to ${name}` });
    assert.equal(both.reconnectName('GitHub'), 'Sign in again to GitHub');
  });
});
