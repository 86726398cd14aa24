/**
 * The token URL contract: POST `{ intent }` to the app's backend, which asks Nango for a
 * connect or reconnect session token and answers it.
 */
import { failureReason, parseJsonObject, send, serverSaid, type RequestSettings, type Said } from './http.js';
import type { FlowIntent } from './types.js';

/**
 * The token, or what went wrong for the developer (`error`). `said` is set when the failure is
 * permanent (a 4xx other than 401/403/408/429): trying again will not help, show what the server said.
 */
export type TokenAnswer = { token: string; intent?: FlowIntent } | { error: string; said?: Said };

/** Reads the token from the shapes people answer with: ours, Nango's docs', and Nango's raw one. */
export function readSessionToken(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return undefined;
  const data = body.data as { token?: unknown } | undefined;
  const token = body.sessionToken ?? body.token ?? (data && typeof data === 'object' ? data.token : undefined);
  return typeof token === 'string' && token.trim() !== '' ? token : undefined;
}

/**
 * Asks the token URL for a session token. Resolves with the token or a developer-facing
 * error description; rejects only with `signal`'s reason.
 */
export async function requestSessionToken(url: string, intent: FlowIntent, settings: RequestSettings, signal: AbortSignal): Promise<TokenAnswer> {
  const answer = await send(
    url,
    {
      method: 'POST',
      // A JSON body and a custom header: a cross-site HTML form can send neither, so the
      // backend can tell this request from a forged one.
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'nango-connection-status' },
      body: JSON.stringify({ intent }),
    },
    settings,
    signal,
  );
  if (answer.kind !== 'response') return { error: failureReason(answer) };
  const { status, headers, text } = answer;
  const body = parseJsonObject(text);
  if (status < 200 || status >= 300) {
    const said = serverSaid(body, headers);
    return {
      error: `HTTP ${status}${said.text ? `: ${said.text}` : ''}`,
      said: status < 500 && ![401, 403, 408, 429].includes(status) ? said : undefined,
    };
  }
  const token = readSessionToken(body);
  // The backend knows Nango's state better than the widget (a connection deleted since the
  // last check gets a connect session): its `intent`, when it says one, names the flow.
  const named = body?.intent === 'connect' || body?.intent === 'reconnect' ? body.intent : undefined;
  return token ? { token, intent: named } : { error: 'No session token in the answer' };
}
