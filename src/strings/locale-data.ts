/**
 * A language file of the script-tag build (`locales/<lang>.json`, see ./lazy-locale.ts), read
 * as untrusted data: its words are shown, nothing else it holds can change the widget.
 */
import { shortenReason } from '../http.js';
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

