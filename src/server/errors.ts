/**
 * The error `onError` receives, and the redaction that keeps the Nango secret key out of it.
 *
 * `@nangohq/node` throws axios errors, whose `config.headers.Authorization` is
 * `Bearer <secret key>`: `console.error(error)` or a log shipper serialising it would write
 * the key to the logs. So `onError` never sees such an error itself, only a copy with the
 * fields worth logging.
 */

/**
 * What the handlers hand to `onError`: what they answered (`status`, `code`), why (`message`,
 * for developers), what Nango said (`nangoStatus`, `nangoCode`) and the original error as
 * `cause`, with Nango's request config (secret key included) removed.
 */
export class ConnectionStatusError extends Error {
  /** The HTTP status the handler answered (or 200 when the failure did not change the answer). */
  readonly status: number;
  /** The `error.code` the handler answered, or what went wrong when the answer was a 200. */
  readonly code: string;
  /** Nango's HTTP status, when Nango answered. */
  readonly nangoStatus: number | undefined;
  /** Nango's `error.code`, when Nango answered with one. */
  readonly nangoCode: string | undefined;

  constructor(
    message: string,
    details: { status: number; code: string; nangoStatus?: number | undefined; nangoCode?: string | undefined; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ConnectionStatusError';
    this.status = details.status;
    this.code = details.code;
    this.nangoStatus = details.nangoStatus;
    this.nangoCode = details.nangoCode;
  }
}

/**
 * A copy of an error from `@nangohq/node` with only what a log needs: name, message, code,
 * method, URL, Nango's status and body. No request config, headers, socket or agent.
 */
export class RedactedNangoError extends Error {
  readonly code: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly response: { status: number | undefined; data: unknown } | undefined;

  constructor(original: Record<string, unknown>, secrets: string[]) {
    const scrub = (text: string) => scrubText(text, secrets);
    super(typeof original.message === 'string' ? scrub(original.message) : 'Nango request failed');
    this.name = typeof original.name === 'string' ? original.name : 'Error';
    this.code = typeof original.code === 'string' ? original.code : undefined;
    // Any non-null value reads as an object here: a string or number config has no method or url.
    const config = (original.config ?? {}) as Record<string, unknown>;
    this.method = typeof config.method === 'string' ? config.method.toUpperCase() : undefined;
    this.url = typeof config.url === 'string' ? scrub(config.url) : undefined;
    const response = original.response && typeof original.response === 'object' ? (original.response as Record<string, unknown>) : undefined;
    this.response = response
      ? { status: typeof response.status === 'number' ? response.status : undefined, data: redactValue(response.data, secrets, 0) }
      : undefined;
    this.stack = typeof original.stack === 'string' ? scrub(original.stack) : this.stack;
  }
}

/** Whether `error` carries a request config or a request/response pair, as axios errors do. */
function looksLikeHttpClientError(error: unknown): error is Record<string, unknown> {
  if (!error || typeof error !== 'object') return false;
  const record = error as Record<string, unknown>;
  return record.isAxiosError === true || 'config' in record || 'request' in record || 'response' in record;
}

/**
 * The error to keep as `cause`: a redacted copy of an HTTP client's error, else the error
 * itself (the app's own, from `resolve`, or one of ours), which never held the key.
 */
export function redactError(error: unknown, secrets: string[]): unknown {
  return looksLikeHttpClientError(error) ? new RedactedNangoError(error, secrets) : error;
}

/** The secret key an `@nangohq/node` client holds, to scrub it wherever it could still appear. */
export function secretsOf(nango: unknown): string[] {
  // Any non-null value can be read: a string or number has no secretKey or apiKey.
  if (!nango) return [];
  const { secretKey, apiKey } = nango as { secretKey?: unknown; apiKey?: unknown };
  return [secretKey, apiKey].filter((value): value is string => typeof value === 'string' && value.length >= 4);
}

const SENSITIVE_KEY = /^(authorization|credentials|access_token|refresh_token|api_?key|secret(_?key)?|password|token)$/i;

function scrubText(text: string, secrets: string[]): string {
  let result = text.replace(/Bearer\s+[^\s"',]+/gi, 'Bearer [redacted]');
  for (const secret of secrets) result = result.split(secret).join('[redacted]');
  return result;
}

/** A JSON-like copy of Nango's error body with credentials and tokens replaced. */
function redactValue(value: unknown, secrets: string[], depth: number): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (!value || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redactValue(item, secrets, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>).slice(0, 100)) {
    copy[key] = SENSITIVE_KEY.test(key) ? '[redacted]' : redactValue(item, secrets, depth + 1);
  }
  return copy;
}
