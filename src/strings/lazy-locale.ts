/**
 * Script-tag build only: vite.config.ts swaps the fr, de, es and ja modules for
 * `lazyLocale(…)`, so the one file every page view pays for carries English alone. A page in
 * another language fetches, the first time a widget needs it, the languages part
 * (`nango-connection-status.languages.js`, ./languages.ts), which fetches that language's words
 * as data (`locales/<lang>.json`). Both are checked against SHA-256 digests (the main file pins
 * the languages part, which pins each data file), and the words are read key by key against
 * English (./locale-data.ts): a file can change words, never behaviour.
 * Until the words arrive the widget shows no text, so the live region speaks once, in the
 * right language; if they cannot be had, English.
 */
import { importOnNeed, type ScriptParts } from '../on-need-script.js';
import { refreshLanguage } from '../page-language.js';
import { en } from './en.js';
import type { Strings } from './strings.js';

/** The languages part, asked for once per page (by whichever language comes first). */
let languages: Promise<ScriptParts['languages']> | undefined;

export function lazyLocale(lang: string): Strings {
  let words: Partial<Strings> | undefined;
  let asked = false;
  return new Proxy(en, {
    get(english, key: keyof Strings) {
      if (!asked) {
        asked = true;
        // Any failure (the script's own URL unknown, a refused or missing file): English.
        (languages ??= importOnNeed('languages'))
          .then((part) => part.wordsOf(lang))
          .catch(() => ({}))
          .then((read) => {
            words = read;
            refreshLanguage();
          });
      }
      const fallback = english[key];
      return words ? (words[key] ?? fallback) : typeof fallback == 'function' ? () => '' : '';
    },
  });
}
