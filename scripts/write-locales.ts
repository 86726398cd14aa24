// The language files of the script-tag build, which fetches every language but English on
// demand (src/strings/lazy-locale.ts). State texts are [with a name, without one].
// vite.config.ts writes them (and puts their SHA-256 in the script); run directly, this
// writes the same bytes again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { locales } from '../src/strings/index.js';

/** `{ fr: '<the JSON text of dist/locales/fr.json>', … }`: every built-in language but English. */
export function localeFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [lang, strings] of Object.entries(locales)) {
    if (lang === 'en') continue;
    const data = Object.fromEntries(
      Object.entries(strings).map(([key, value]) => [key, typeof value === 'function' ? [value('{name}'), value()] : value]),
    );
    files[lang] = `${JSON.stringify(data, null, 1)}\n`;
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  mkdirSync('dist/locales', { recursive: true });
  const files = localeFiles();
  for (const [lang, text] of Object.entries(files)) writeFileSync(`dist/locales/${lang}.json`, text);
  console.log(`locales: dist/locales/{${Object.keys(files).join(',')}}.json`);
}
