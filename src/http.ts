/**
 * Small HTTP helpers shared by the status and token requests: one request with a
 * timeout and a body size limit, answered as text, never thrown at the caller except
 * when the caller itself aborted.
 */

/** Answers are JSON of a few hundred bytes; anything near this is a misconfigured route. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Server text shown to users is cut to this many characters. */
export const MAX_REASON_LENGTH = 160;
/** Milliseconds before a status or token request is given up, unless the `timeout` attribute says otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** A `Retry-After` longer than this is not honoured as is: the user should not wait hours. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

export interface RequestSettings {
  credentials: RequestCredentials;
  headers?: Record<string, string>;
  timeoutMs: number;
}

export type HttpAnswer =
  | {
      kind: 'response';
      status: number;
      redirected: boolean;
      headers: Headers;
      /** The body as text; `undefined` when it was larger than {@link MAX_BODY_BYTES}. */
      text: string | undefined;
    }
  | { kind: 'network' }
  | { kind: 'timeout' };

/**
 * Sends one request. Resolves with what happened; rejects only with the caller's own
 * abort reason, so callers can tell "the user moved on" from "the server failed".
 */
export async function send(url: string, init: RequestInit, settings: RequestSettings, signal: AbortSignal): Promise<HttpAnswer> {
  signal.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMs);
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await fetch(url, {
      ...init,
      credentials: settings.credentials,
      headers: { Accept: 'application/json', ...init.headers, ...settings.headers },
      signal: controller.signal,
      // A status must never come from the HTTP cache: it is the whole point of asking.
      cache: 'no-store',
      redirect: 'follow',
    });
    const text = await readLimitedText(response);
    return { kind: 'response', status: response.status, redirected: response.redirected, headers: response.headers, text };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    return timedOut ? { kind: 'timeout' } : { kind: 'network' };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

async function readLimitedText(response: Response): Promise<string | undefined> {
  if (!response.body) return '';
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_BODY_BYTES) {
    await response.body.cancel();
    return undefined;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Parses a JSON object body; `undefined` for empty, non-JSON or non-object bodies. */
export function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function looksLikeJson(headers: Headers, text: string | undefined): boolean {
  return /\bjson\b/i.test(headers.get('content-type') ?? '') || /^\s*[[{]/.test(text ?? '');
}

/** Server text made safe to show: one line, no control characters, short. */
export function shortenReason(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Bidi controls go too: they could reorder the widget's own words around the server's.
  // eslint-disable-next-line no-control-regex
  const line = value.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1).trimEnd()}…` : line;
}

/** What went wrong when no HTTP answer came at all. */
export function failureReason(answer: { kind: 'network' | 'timeout' }): string {
  return answer.kind === 'timeout' ? 'Timed out' : 'Network error';
}

/** The server's own words, from the shapes backends answer with: `error.message`, a string `error`, or `message`. */
export function serverReason(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return undefined;
  const error = body.error;
  if (typeof error === 'string') return shortenReason(error);
  if (error && typeof error === 'object') {
    const message = shortenReason((error as { message?: unknown }).message);
    if (message) return message;
  }
  return shortenReason(body.message);
}

/** What the server said, to show the user: its reason, its error code and its language. */
export interface Said {
  text?: string;
  code?: string;
  /** From `Content-Language`; English when absent. */
  lang: string;
  /** With the code `missing_scopes`: the scopes the connection lacks (set by the status request). */
  scopes?: string[];
}

/** Reads `error.code` or a top-level `code`, the reason, and the answer's language. */
export function serverSaid(body: Record<string, unknown> | undefined, headers: Headers): Said {
  const code = (body?.error as { code?: unknown } | undefined)?.code ?? body?.code;
  return {
    text: serverReason(body),
    code: typeof code === 'string' ? code : undefined,
    lang: headers.get('content-language')?.split(',')[0].trim() || 'en',
  };
}

/** `Retry-After` as milliseconds (seconds or an HTTP date), capped; `undefined` when absent or unreadable. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
