/**
 * Which URLs the widget will talk to or frame. Connect UI receives the session token and its
 * API URL receives it as a Bearer header, so a `javascript:` or `data:` URL (the latter has
 * the opaque origin "null", which passes ConnectUI's origin check) or a plain-HTTP host on the
 * network must never get one. Rule: `https:` anywhere; `http:` only on loopback hosts, so
 * local development and tests keep working. Relative URLs resolve against the page; with
 * `relativeIsFine` (the app's own status and token routes) they are accepted whatever the page's
 * scheme, since they go where the page itself came from (a protocol-relative `//host` is not relative).
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True when `url` is `https:`, or `http:` on a loopback host. */
export function isAllowedUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * Resolves `value` against the page and returns its `href`, or throws a `TypeError` whose
 * message names `attribute` and says what is accepted, for the console and `reconnecterror`.
 */
export function safeUrl(value: string, attribute: string, relativeIsFine = false): string {
  let url: URL | undefined;
  try {
    url = new URL(value, document.baseURI);
  } catch {
    // handled below
  }
  // Judged as the URL parser read it, never on the raw text (the parser drops tabs and newlines
  // anywhere: `h<TAB>ttp://evil.test` is absolute, `/<TAB>/evil.test` protocol-relative): a
  // relative URL is one that stayed on the page's own origin and named no scheme.
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const relative = url?.origin === new URL(document.baseURI).origin && !/^([a-z][a-z\d+.-]*:|[\\/]{2})/i.test(text);
  if (!url || !(isAllowedUrl(url) || (relativeIsFine && relative))) {
    throw new TypeError(`${attribute} must be an https: URL (http: only on localhost); got "${value.slice(0, 100)}"`);
  }
  return url.href;
}
