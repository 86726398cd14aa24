/**
 * Script-tag build only: the files the script loads beside itself (the flow file and the
 * language files) and their SHA-384, which vite.config.ts writes into the script at build
 * time. So a page that pins the script with Subresource Integrity pins everything it runs and
 * shows: a changed extra file is refused by the browser.
 */

/** base64 SHA-384 digests, without the `sha384-` prefix (vite.config.ts defines it). */
declare const __SCRIPT_FILES__: { flow: string; locales: Record<string, string> };
export const FILE_HASHES = __SCRIPT_FILES__;

// Read while the script runs: `currentScript` is unset once it has finished, and is `null` for
// module scripts (or '' for an inlined copy). Never `document.baseURI`: a `<base href>` on the
// page would send the requests elsewhere.
const scriptUrl = typeof document == 'object' ? (document.currentScript as HTMLScriptElement | null)?.src : undefined;

/** A file beside the script, with what the browser must check it against; `undefined` when the script's own URL is unknown. */
export function scriptFile(path: string, hash: string | undefined): { url: string; integrity: string } | undefined {
  return scriptUrl && hash ? { url: new URL(path, scriptUrl).href, integrity: `sha384-${hash}` } : undefined;
}
