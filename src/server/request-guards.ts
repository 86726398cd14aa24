/**
 * Checks the token handler makes on the request itself, before `resolve` or Nango: where it
 * comes from, and its (small) body, read with a size cap and a time limit.
 */

/**
 * Requests whose URL origin is a placeholder (`toNodeHandler` without `origin`): for them only
 * the `Host` the browser sent tells the request's own origin.
 */
export const placeholderOrigins = new WeakSet<Request>();

/** The largest token request body read; the element sends about 20 bytes. */
export const MAX_TOKEN_BODY_BYTES = 4096;
/** How long reading that body may take; a body trickled in byte by byte is refused after this. */
export const TOKEN_BODY_TIMEOUT_MS = 5000;

/**
 * Whether the request comes from a page the token route serves: not `Sec-Fetch-Site:
 * cross-site`, and an `Origin`, when present, that is the request's own (its URL's origin,
 * or the `Host` it was sent to, whatever the scheme) or one of `allowedOrigins`.
 *
 * A defence in depth behind the content-type rule: it matters when some other part of the app
 * grants credentialed CORS to other origins.
 */
export function isSameOriginRequest(request: Request, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return !isCrossSite(request);
  if (allowedOrigins.has(origin)) return true;
  if (isCrossSite(request)) return false;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    // "null" (sandboxed frames, data: URLs, some redirects) or garbage: never our own page.
    return false;
  }
  // A URL whose origin is the adapter's placeholder (no `origin` option) proves nothing: an
  // `Origin: http://localhost` from a page on the user's machine must not pass for ours.
  if (!placeholderOrigins.has(request) && originUrl.origin === new URL(request.url).origin) return true;
  // Behind an adapter or a TLS-terminating proxy the URL's scheme and host may be a
  // placeholder; the Host the browser sent is the site it meant to reach.
  const host = request.headers.get('host');
  return host !== null && host.toLowerCase() === originUrl.host;
}

/** `Sec-Fetch-Site: cross-site`, in any case (`Headers` already strips the spaces around a value). */
function isCrossSite(request: Request): boolean {
  return request.headers.get('sec-fetch-site')?.toLowerCase() === 'cross-site';
}

/** The normalised list of allowed origins (`https://app.example.com`, no path). */
export function originSet(origins: readonly string[] | undefined): Set<string> {
  const set = new Set<string>();
  // Stryker disable next-line ArrayDeclaration: a non-URL entry is skipped, so `[]` and the mutant's `['Stryker was here']` give the same empty set.
  for (const origin of origins ?? []) {
    try {
      set.add(new URL(origin).origin);
    } catch {
      // Not a URL: it can never match an Origin header.
    }
  }
  return set;
}

export type BodyRead = { ok: true; text: string } | { ok: false; status: 400 | 408 | 413 };
export type BodyBytes = { ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 408 | 413 };

/**
 * Reads a small body: refused as 413 from `Content-Length` before any byte is read, or once
 * more than `maxBytes` arrived; 408 when it takes longer than `timeoutMs`; 400 when the
 * stream fails. The read is cancelled on refusal so nothing more is buffered.
 */
export async function readSmallBody(request: Request, maxBytes = MAX_TOKEN_BODY_BYTES, timeoutMs = TOKEN_BODY_TIMEOUT_MS): Promise<BodyRead> {
  const read = await readBodyBytes(request, maxBytes, timeoutMs);
  return read.ok ? { ok: true, text: new TextDecoder().decode(read.bytes) } : read;
}

/**
 * The same limits as {@link readSmallBody}, with the bytes exactly as received: what a signature
 * is computed over (the webhook handler).
 */
export async function readBodyBytes(request: Request, maxBytes: number, timeoutMs: number): Promise<BodyBytes> {
  // No Content-Length is Number(null), 0.
  const length = Number(request.headers.get('content-length'));
  if (Number.isFinite(length) && length > maxBytes) return { ok: false, status: 413 };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    for (;;) {
      const step = await Promise.race([reader.read(), timeout]);
      if (step === 'timeout') {
        void reader.cancel().catch(() => {});
        return { ok: false, status: 408 };
      }
      if (step.done) break;
      size += step.value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => {});
        return { ok: false, status: 413 };
      }
      chunks.push(step.value);
    }
  } catch {
    return { ok: false, status: 400 };
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/**
 * What `onError` is told when the token route refuses a request as cross-origin: the headers it
 * judged by, and the two fixes. Most often a dev server's proxy (Vite's `'/api': 'http://…'`
 * sets `changeOrigin`, Angular's and Next.js's rewrites can too) sent the browser's `Origin`
 * with the `Host` of the backend.
 */
export function crossOriginRefusal(request: Request): string {
  const origin = request.headers.get('origin');
  const seen = `Origin ${JSON.stringify(origin ?? '(none)')}, Host ${JSON.stringify(request.headers.get('host') ?? '(none)')}, URL origin ${JSON.stringify(new URL(request.url).origin)}${isCrossSite(request) ? ', Sec-Fetch-Site: cross-site' : ''}`;
  const page = origin && origin !== 'null' ? origin : 'https://your-page.example';
  return (
    `Refused a token request as cross-origin (${seen}). If that page is yours, e.g. behind a dev server proxy that rewrites Host (changeOrigin), ` +
    `list its origin in allowedOrigins: ['${page}'], or give toNodeHandler the origin the page is served from: { origin: '${page}' }.`
  );
}
