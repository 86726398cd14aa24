/**
 * Script-tag build only: vite.config.ts swaps the fr, de, es and ja modules for
 * `lazyLocale(…)`, so the one file every page view pays for carries English alone, and a
 * page in another language fetches its words as data (`locales/<lang>.json`, beside the
 * script) the first time a widget needs them. Data, not code, fetched with the SHA-384 the
 * script carries (a changed file is refused), and read key by key against English
 * (`readLocale`): a file can change words, never behaviour.
 * Until the words arrive the widget shows no text, so the live region speaks once, in the
 * right language; if they cannot be had, English.
 */
import { shortenReason } from '../http.js';
import { refreshLanguage } from '../page-language.js';
import { FILE_HASHES, scriptFile } from '../script-files.js';
import { en } from './en.js';
import { named, type Strings } from './strings.js';

/**
 * The words of a language file that can be used, on a null-prototype object: English's keys
 * only; a string where English has a string, a `[with a name, without one]` pair where it has
 * a state text; each made safe like server text (one line, no control or bidi characters, at
 * most 160 characters). Anything else is left out, so English shows for that key.
 */
export function readLocale(data: unknown): Partial<Strings> {
  const words = Object.create(null) as Record<string, unknown>;
  const given = (data ?? {}) as Record<string, unknown>;
  for (const [key, english] of Object.entries(en)) {
    const value = Object.hasOwn(given, key) ? given[key] : undefined;
    if (typeof english == 'function') {
      const pair = Array.isArray(value) && value.length == 2 ? value.map(shortenReason) : [];
      if (pair[0] && pair[1]) words[key] = named(pair[0], pair[1]);
    } else {
      words[key] = shortenReason(value);
    }
  }
  return words;
}

/** Fetches and reads one language file; English words (`{}`) for any failure. */
export async function loadLocale(url: string, integrity: string): Promise<Partial<Strings>> {
  try {
    const response = await fetch(url, { integrity });
    return response.ok ? readLocale(await response.json()) : {};
  } catch {
    return {};
  }
}

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
