/**
 * Script-tag build only: where the files the script loads beside itself are (the flow, events
 * and languages files, the language data), and how the browser must check each: against the
 * SHA-256 that vite.config.ts writes into the file that loads it at build time. So a page that
 * pins the main file with Subresource Integrity pins everything it runs and shows: a changed
 * extra file is refused by the browser. SHA-256 rather than SHA-384: as strong a pin for a file
 * we build (no known way to make a second file with the same digest), and 20 incompressible
 * bytes less per file in the file every page pays for.
 */

// Read while the script runs: `currentScript` is unset once it has finished, and is `null` for
// module scripts (or '' for an inlined copy). Never `document.baseURI`: a `<base href>` on the
// page would send the requests elsewhere. (In the languages file, loaded beside the main file,
// this is the languages file's URL: the same folder.)
const scriptUrl = typeof document == 'object' ? (document.currentScript as HTMLScriptElement | null)?.src : undefined;

/** A file beside the script, with what the browser must check it against; `undefined` when the script's own URL is unknown. */
export function scriptFile(path: string, hash: string | undefined): { url: string; integrity: string } | undefined {
  return scriptUrl && hash ? { url: new URL(path, scriptUrl).href, integrity: `sha256-${hash}` } : undefined;
}
