// Writes dist/locales/<lang>.json for the script-tag build, which fetches every language but
// English on demand (src/strings/lazy-locale.ts). State texts are [with a name, without one].
import { mkdirSync, writeFileSync } from 'node:fs';
import { locales } from '../src/strings/index.js';

mkdirSync('dist/locales', { recursive: true });
for (const [lang, strings] of Object.entries(locales)) {
  if (lang === 'en') continue;
  const data = Object.fromEntries(
    Object.entries(strings).map(([key, value]) => [key, typeof value === 'function' ? [value('{name}'), value()] : value]),
  );
  writeFileSync(`dist/locales/${lang}.json`, `${JSON.stringify(data, null, 1)}\n`);
}
console.log(`locales: dist/locales/{${Object.keys(locales).filter((l) => l !== 'en').join(',')}}.json`);
