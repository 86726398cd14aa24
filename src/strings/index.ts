import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ja } from './ja.js';
import { named, type StringOverrides, type Strings } from './strings.js';

export type { StringOverrides, Strings };

/** Built-in translations: the languages Connect UI speaks. */
export const locales: Record<string, Strings> = { en, fr, de, es, ja };

/** The built-in language for a BCP 47 tag (`fr-CA` → `fr`), else `en`. Own keys only: `lang="__proto__"` is English. */
export function localeOf(lang: string | undefined): string {
  const key = (lang ?? '').toLowerCase().split('-')[0];
  return Object.hasOwn(locales, key) ? key : 'en';
}

/** The strings for a BCP 47 language tag, falling back to English, with the user's per-string overrides on top. */
export function resolveStrings(lang: string | undefined, overrides?: StringOverrides): Strings {
  const base = locales[localeOf(lang)];
  if (!overrides) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined || !Object.hasOwn(base, key)) continue;
    // A plain string for a state text: the same words with or without the name.
    merged[key] = typeof value === 'string' && typeof merged[key] === 'function' ? named(value, value.replace(/\s*\{name\}\s*/, ' ').trim()) : value;
  }
  // A new button label without a new accessible name: the name starts with that label (WCAG 2.5.3
  // "label in name"), not the built-in words the button no longer shows.
  for (const action of ['connect', 'reconnect', 'tryAgain'] as const) {
    const label = overrides[action];
    if (label && !overrides[`${action}Name`]) merged[`${action}Name`] = named(`${label}${action == 'tryAgain' ? ':' : ''} {name}`, label);
  }
  return merged as unknown as Strings;
}
