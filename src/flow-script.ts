/**
 * Script-tag build only (vite.config.ts puts it in place of `./flow-import.ts`): the flow code
 * is a second classic script beside this one, `nango-connection-status.flow.js`, added with
 * `integrity` so the browser refuses it, running nothing, if it is not the file this script
 * was built with. It hands its exports to the `<script>` element that loaded it
 * (`./flow-entry.ts`): no global, and two copies of the package on a page never mix.
 */
import type { FlowModule } from './flow-import.js';
import { DEFAULT_TIMEOUT_MS } from './http.js';
import { FILE_HASHES, scriptFile } from './script-files.js';

export const FLOW_EVENT = 'nango-connection-status:flow';

interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}
/** Trusted Types (`require-trusted-types-for 'script'`): `script.src` takes only a TrustedScriptURL. */
let policy: ScriptUrlPolicy | undefined;

export function importFlow(): Promise<FlowModule> {
  const script = document.createElement('script');
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<FlowModule>((resolve, reject) => {
    const file = scriptFile('nango-connection-status.flow.js', FILE_HASHES.flow);
    if (!file) {
      throw new Error("the script's own URL is unknown: load it with a classic <script src>");
    }
    script.addEventListener(FLOW_EVENT, (event) => resolve((event as CustomEvent<FlowModule>).detail));
    // onerror: a changed file (integrity), a 404, no network, or a CSP without the script's origin.
    // onload comes after the file ran: one that ran without handing over its exports is not ours.
    const fail = () => reject(new Error(`${file.url} failed`));
    script.onload = script.onerror = fail;
    timer = setTimeout(fail, DEFAULT_TIMEOUT_MS);
    script.integrity = file.integrity;
    // Subresource Integrity needs CORS for a script from another origin (a CDN).
    script.crossOrigin = 'anonymous';
    const types = (window as { trustedTypes?: { createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy } }).trustedTypes;
    // Only this module holds the policy, and it is only ever given the URL above.
    policy ??= types?.createPolicy('nango-connection-status', { createScriptURL: (url) => url });
    script.src = (policy?.createScriptURL(file.url) ?? file.url) as string;
    document.head.append(script);
  }).finally(() => {
    clearTimeout(timer);
    script.remove();
  });
}
