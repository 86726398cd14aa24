import { en, type Strings } from './en.js';

export type { Strings };

/** Built-in translations, by primary language subtag. */
const locales: Record<string, Strings> = { en };

/**
 * The strings for a BCP 47 language tag (`fr-CA` → `fr`), falling back to English,
 * with the user's per-string overrides on top.
 */
export function resolveStrings(lang: string | undefined, overrides?: Partial<Strings>): Strings {
  const base = locales[(lang ?? '').toLowerCase().split('-')[0]] ?? en;
  return overrides ? { ...base, ...overrides } : base;
}
