/**
 * Script-tag build only: vite.config.ts swaps the fr, de, es and ja modules for
 * `lazyLocale(…)`, so the one file every page view pays for carries English alone, and a
 * page in another language fetches its words as data (`locales/<lang>.json`, beside the
 * script) the first time a widget needs them. Data, not code: the file can change words,
 * never behaviour, so a script pinned with Subresource Integrity stays the only code.
 * Until the words arrive the widget shows no text, so the live region speaks once, in the
 * right language; if they cannot be had, English.
 */
import { refreshLanguage } from '../page-language.js';
import { en } from './en.js';
import { named, type Strings } from './strings.js';

// Read while the script runs: `currentScript` is unset once it has finished.
const scriptUrl = typeof document == 'object' ? (document.currentScript as HTMLScriptElement | null)?.src : undefined;

export function lazyLocale(lang: string): Strings {
  let words: Record<string, unknown> | undefined;
  let asked = false;
  return new Proxy(en, {
    get(english, key: keyof Strings) {
      if (!asked) {
        asked = true;
        fetch(new URL(`locales/${lang}.json`, scriptUrl || document.baseURI))
          .then((response) => response.json())
          .then((data: Record<string, string | [string, string]>) => {
            words = {};
            for (const [name, value] of Object.entries(data)) words[name] = Array.isArray(value) ? named(...value) : value;
          })
          .catch(() => (words = en as never))
          .finally(refreshLanguage);
      }
      const fallback = english[key];
      return words ? (words[key] ?? fallback) : typeof fallback == 'function' ? () => '' : '';
    },
  });
}
