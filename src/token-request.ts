/**
 * The token URL contract: POST to the app's backend, which asks Nango for a reconnect
 * session token (POST /connect/sessions/reconnect) and answers it.
 */
import { failureReason, parseJsonObject, send, serverReason, type RequestSettings } from './http.js';

export type TokenAnswer = { token: string } | { error: string };

/** Reads the token from the shapes people answer with: ours, Nango's docs', and Nango's raw one. */
export function readSessionToken(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return undefined;
  const data = body.data as { token?: unknown } | undefined;
  const token = body.sessionToken ?? body.token ?? (data && typeof data === 'object' ? data.token : undefined);
  return typeof token === 'string' && token.trim() !== '' ? token : undefined;
}

/**
 * Asks the token URL for a reconnect session token. Resolves with the token or a
 * developer-facing error description; rejects only with `signal`'s reason.
 */
export async function requestSessionToken(url: string, settings: RequestSettings, signal: AbortSignal): Promise<TokenAnswer> {
  const answer = await send(
    url,
    {
      method: 'POST',
      // A JSON body and a custom header: a cross-site HTML form can send neither, so the
      // backend can tell this request from a forged one.
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'nango-connection-status' },
      body: '{}',
    },
    settings,
    signal,
  );
  if (answer.kind !== 'response') return { error: failureReason(answer) };
  const body = parseJsonObject(answer.text);
  if (answer.status < 200 || answer.status >= 300) {
    const detail = serverReason(body);
    return { error: `HTTP ${answer.status}${detail ? `: ${detail}` : ''}` };
  }
  const token = readSessionToken(body);
  return token ? { token } : { error: 'No session token in the answer' };
}
