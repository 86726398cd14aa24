/**
 * The status URL contract: ask the app's backend whether the connection works, and
 * classify the answer as `valid`, `invalid` (needs re-authorization), `disconnected` (no
 * connection) or `error` (we do not know). See docs/contracts.md.
 */
import { failureReason, looksLikeJson, parseJsonObject, parseRetryAfter, send, serverSaid, shortenReason, type RequestSettings, type Said } from './http.js';
import { warnIfSecretsLeak } from './secret-warning.js';
import { shareVerdict } from './status-source.js';

export type StatusVerdict =
  /** `key`: the answer's `provider_config_key`, to tell which events-url news is about this widget. */
  | { status: 'valid'; integration?: string; key?: unknown }
  | { status: 'invalid' | 'disconnected'; reason?: string; said?: Said; integration?: string; key?: unknown }
  /** `retryAfterMs`: retry by itself (unset: a person must act, e.g. sign in). */
  | { status: 'error'; reason: string; said?: Said; retryAfterMs?: number };


/**
 * Classifies one HTTP answer of the status URL. Pure, so the rules can be read in one place.
 */
export function classifyStatusAnswer(answer: Awaited<ReturnType<typeof send>>): StatusVerdict {
  if (answer.kind !== 'response') return { status: 'error', reason: failureReason(answer), retryAfterMs: 0 };

  const { status, text, headers, redirected } = answer;
  if (text === undefined) return { status: 'error', reason: 'Answer too large', retryAfterMs: 0 };
  const body = parseJsonObject(text);
  const isJson = looksLikeJson(headers, text);
  const said = serverSaid(body, headers);
  // `missing_scopes` (with `invalid`): names for developers, as plain short strings.
  const scopes = body?.missing_scopes;
  if (Array.isArray(scopes)) said.scopes = scopes.map(shortenReason).filter(Boolean) as string[];
  const reason = said.text;
  const integration = integrationName(body);
  const key = body?.provider_config_key;
  const ok = status >= 200 && status < 300;
  // 401/403: the user is signed out or may not see it, which says nothing about the connection.
  if (status === 401 || status === 403) {
    if (!reason) said.code ??= 'unauthorized';
    return { status: 'error', reason: reason ?? `HTTP ${status}`, said };
  }
  if (ok || (status >= 400 && status < 500 && status !== 408 && status !== 429)) {
    // An empty 2xx is valid whatever its Content-Type: many frameworks label every answer JSON, empty ones too.
    if (ok && isJson && !body && text.trim()) return { status: 'error', reason: 'Unreadable JSON', retryAfterMs: 0 };
    // An HTML page is a sign-in page we were redirected to, an SPA fallback or a proxy's page
    // for a missing route: either way it says nothing about the connection.
    if (!isJson && text.trim()) {
      return { status: 'error', reason: redirected ? 'Redirected to a web page: the session may have expired' : 'A web page, not JSON', retryAfterMs: ok ? 0 : undefined };
    }
    if ((status === 404 && isJson) || body?.status === 'disconnected') return { status: 'disconnected', reason, said, integration, key };
    if (!ok || (body && needsReauthorization(body))) return { status: 'invalid', reason, said, integration, key };
    return { status: 'valid', integration, key };
  }
  return { status: 'error', reason: `HTTP ${status}`, retryAfterMs: parseRetryAfter(headers) ?? 0 };
}

function needsReauthorization({ status, errors }: Record<string, unknown>): boolean {
  // `?.` on any JSON value: a string or number entry has no `type`, null stops the chain.
  return status === 'invalid' || (Array.isArray(errors) && errors.some((entry) => entry?.type === 'auth'));
}


function integrationName(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return undefined;
  const name = shortenReason(body.display_name) ?? shortenReason(body.provider) ?? shortenReason(body.provider_config_key);
  if (!name) return undefined;
  // Nango's provider keys are lowercase ("github"); a display name keeps its own casing.
  return name === name.toLowerCase() ? name[0].toUpperCase() + name.slice(1) : name;
}

interface SharedCheck {
  promise: Promise<StatusVerdict>;
  controller: AbortController;
  subscribers: number;
}
/** Status checks in flight, by URL and settings: widgets asking at the same moment share one. */
const inFlight = new Map<string, SharedCheck>();

async function runCheck(url: string, settings: RequestSettings, signal: AbortSignal): Promise<StatusVerdict> {
  const answer = await send(url, { method: 'GET' }, settings, signal);
  warnIfSecretsLeak(url, answer);
  const verdict = classifyStatusAnswer(answer);
  shareVerdict(url, verdict);
  return verdict;
}

/**
 * Asks the status URL. Concurrent calls with the same URL and settings share one request
 * unless `fresh` is set (used to verify a reconnect, where an answer that started before
 * the user re-authorized would be stale). Rejects only with `signal`'s reason; the shared
 * request is aborted when every caller has aborted.
 */
export function checkStatus(url: string, settings: RequestSettings, signal: AbortSignal, fresh = false): Promise<StatusVerdict> {
  if (fresh) return runCheck(url, settings, signal);
  const key = JSON.stringify([url, settings.credentials, settings.timeoutMs, Object.entries(settings.headers ?? {}).sort()]);
  let shared = inFlight.get(key);
  if (!shared) {
    const controller = new AbortController();
    const entry: SharedCheck = {
      controller,
      subscribers: 0,
      promise: runCheck(url, settings, controller.signal).finally(() => {
        if (inFlight.get(key) === entry) inFlight.delete(key);
      }),
    };
    // The shared promise rejects only when every subscriber left; nobody listens then.
    entry.promise.catch(() => {});
    inFlight.set(key, entry);
    shared = entry;
  }
  const entry = shared;
  entry.subscribers++;
  return new Promise<StatusVerdict>((resolve, reject) => {
    const leave = () => {
      signal.removeEventListener('abort', onAbort);
      entry.subscribers--;
    };
    const onAbort = () => {
      leave();
      if (entry.subscribers === 0) {
        inFlight.delete(key);
        entry.controller.abort();
      }
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    entry.promise.then(
      (verdict) => {
        leave();
        resolve(verdict);
      },
      (error: unknown) => {
        leave();
        reject(error);
      },
    );
  });
}
