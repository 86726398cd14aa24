/**
 * A developer warning: the status route hands connection secrets to the browser. Not in the
 * script-tag build (vite.config.ts swaps this module for a no-op there, like Lit's dev-mode
 * warnings): it is for development, which happens with the npm package, and every page view
 * of the script tag would pay for it.
 */
import { parseJsonObject, type HttpAnswer } from './http.js';

/** Keys that mean the status route hands connection secrets to the browser. */
const SECRET_KEYS = /^(credentials|(access|refresh)_?token|api_?key|client_secret|password|secret_?key|token)$/i;
const warnedAboutSecrets = new Set<string>();

function findSecretKey(value: unknown, depth = 0): string | undefined {
  if (!value || typeof value !== 'object' || depth > 4) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (SECRET_KEYS.test(key) && child) return key;
    const nested = findSecretKey(child, depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

/** Takes the whole answer (not its text), so the script tag's no-op stub leaves no code at the call. */
export function warnIfSecretsLeak(url: string, answer: HttpAnswer) {
  if (answer.kind !== 'response' || warnedAboutSecrets.has(url)) return;
  const key = findSecretKey(parseJsonObject(answer.text));
  if (!key) return;
  warnedAboutSecrets.add(url);
  console.warn(
    `<nango-connection-status>: ${url} sends "${key}" to the browser; keep credentials on your server (see nango-connection-status/server).`,
  );
}
