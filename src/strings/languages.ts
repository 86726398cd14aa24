/**
 * Script-tag build only: the languages part, `nango-connection-status.languages.js`, fetched by
 * the main file the first time a widget needs a language other than English
 * (./lazy-locale.ts). It carries the SHA-256 of each language file (`locales/<lang>.json`,
 * beside it) and reads them as untrusted data (./locale-data.ts). An English page never
 * downloads it: the main file carries one digest (this file's) instead of four, and none of
 * this code.
 */
import { scriptFile } from '../script-files.js';
import { loadLocale } from './locale-data.js';
import type { Strings } from './strings.js';

/** base64 SHA-256 of each `locales/<lang>.json` (vite.config.ts defines it). */
declare const __LOCALE_FILES__: Record<string, string>;

/** The words of a built-in language, checked; English (`{}`) for any failure. */
export function wordsOf(lang: string): Promise<Partial<Strings>> {
  const file = scriptFile(`locales/${lang}.json`, __LOCALE_FILES__[lang]);
  return file ? loadLocale(file.url, file.integrity) : Promise.resolve({});
}
