/**
 * Script-tag build only (vite.config.ts puts it in place of `./on-need-import.ts`): a part
 * loaded on need is a classic script beside this one, `nango-connection-status.<name>.js`,
 * added with `integrity` so the browser refuses it, running nothing, if it is not the file this
 * script was built with. It hands its exports to the `<script>` element that loaded it
 * (`./flow-entry.ts`, `./events-entry.ts`, `./languages-entry.ts`): no global, and two copies
 * of the package on a page never mix.
 */
import type { OnNeed } from './on-need-import.js';
import { DEFAULT_TIMEOUT_MS } from './http.js';
import { scriptFile } from './script-files.js';
import type * as Languages from './strings/languages.js';

/** The script-tag build's parts: the package's, and the languages (./strings/lazy-locale.ts). */
export interface ScriptParts extends OnNeed {
  languages: typeof Languages;
}

/** base64 SHA-256 of each part's file (vite.config.ts defines it). */
declare const __ON_NEED_FILES__: Record<keyof ScriptParts, string>;

interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}
/** Trusted Types (`require-trusted-types-for 'script'`): `script.src` takes only a TrustedScriptURL. */
let policy: ScriptUrlPolicy | undefined;

export function importOnNeed<Name extends keyof ScriptParts>(name: Name): Promise<ScriptParts[Name]> {
  const script = document.createElement('script');
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<ScriptParts[Name]>((resolve, reject) => {
    const file = scriptFile(`nango-connection-status.${name}.js`, __ON_NEED_FILES__[name]);
    if (!file) {
      throw new Error("the script's own URL is unknown: load it with a classic <script src>");
    }
    // The event the file's entry dispatches on its own <script> (spelled out there too).
    script.addEventListener(`nango-connection-status:${name}`, (event) => resolve((event as CustomEvent<ScriptParts[Name]>).detail));
    // onerror: a changed file (integrity), a 404, no network, or a CSP without the script's origin.
    // onload comes after the file ran: one that ran without handing over its exports is not ours.
    const fail = () => reject(new Error(`${file.url} failed`));
    script.onload = script.onerror = fail;
    timer = setTimeout(fail, DEFAULT_TIMEOUT_MS);
    script.integrity = file.integrity;
    // Subresource Integrity needs CORS for a script from another origin (a CDN).
    script.crossOrigin = 'anonymous';
    const types = (window as { trustedTypes?: { createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy } }).trustedTypes;
    // Only this module holds the policy, and it is only ever given the URLs above.
    policy ??= types?.createPolicy('nango-connection-status', { createScriptURL: (url) => url });
    script.src = (policy?.createScriptURL(file.url) ?? file.url) as string;
    document.head.append(script);
  }).finally(() => {
    clearTimeout(timer);
    script.remove();
  });
}
