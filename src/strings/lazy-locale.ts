/**
 * Script-tag build only: vite.config.ts swaps the fr, de, es and ja modules for
 * `lazyLocale(…)`, so the one file every page view pays for carries English alone, and a
 * page in another language fetches its words as data (`locales/<lang>.json`, beside the
 * script) the first time a widget needs them. Data, not code, fetched with the SHA-384 the
 * script carries (a changed file is refused), and read key by key against English
 * (`./locale-data.ts`): a file can change words, never behaviour.
 * Until the words arrive the widget shows no text, so the live region speaks once, in the
 * right language; if they cannot be had, English.
 */
import { refreshLanguage } from '../page-language.js';
import { FILE_HASHES, scriptFile } from '../script-files.js';
import { en } from './en.js';
import { loadLocale } from './locale-data.js';
import type { Strings } from './strings.js';

export function lazyLocale(lang: string): Strings {
  let words: Partial<Strings> | undefined;
  let asked = false;
  return new Proxy(en, {
    get(english, key: keyof Strings) {
      if (!asked) {
        asked = true;
        const file = scriptFile(`locales/${lang}.json`, FILE_HASHES.locales[lang]);
        // The script's own URL is unknown (a module script, an inlined copy): English.
        if (!file) words = {};
        else
          void loadLocale(file.url, file.integrity).then((read) => {
            words = read;
            refreshLanguage();
          });
      }
      const fallback = english[key];
      return words ? (words[key] ?? fallback) : typeof fallback == 'function' ? () => '' : '';
    },
  });
}
