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
      throw new Error("can't find nango-connection-status.flow.js: the script's own URL is unknown. Load the script-tag file with a classic <script src>, or use the npm package");
    }
    script.addEventListener(FLOW_EVENT, (event) => resolve((event as CustomEvent<FlowModule>).detail));
    // After the file ran: a file that ran without handing over its exports is not ours.
    script.onload = () => reject(new Error(`${file.url} did not load the flow`));
    // A changed file (integrity), a 404, no network, or a CSP without the script's origin.
    script.onerror = () => reject(new Error(`${file.url} was refused or could not be fetched`));
    timer = setTimeout(() => reject(new Error(`${file.url} timed out`)), DEFAULT_TIMEOUT_MS);
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
