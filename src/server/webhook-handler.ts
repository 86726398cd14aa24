/**
 * What happens when Nango posts a webhook: the handler behind the Nango environment's webhook
 * URL. It checks Nango's signature over the raw body, turns auth webhooks into connection
 * statuses in the hub (which tells every open page), and answers fast.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { secretsOf } from './errors.js';
import { defaultHub } from './hub/memory.js';
import type { ConnectionStatusHub, HubStatus } from './hub/types.js';
import { readBodyBytes } from './request-guards.js';
import { cleanText, errorResponse, isNonEmptyString, json, methodNotAllowed, report, SAFE_ID, withTimeout, type Reporter } from './responses.js';
import type { ConnectionStatusError } from './errors.js';
import type { EndUser, FetchHandler } from './types.js';

/** Nango's auth webhooks are well under 2 KiB; sync and forward ones can be larger. */
export const DEFAULT_MAX_WEBHOOK_BYTES = 256 * 1024;
/** A body trickled in slower than this is refused (408): Nango sends it at once. */
const BODY_TIMEOUT_MS = 10_000;
const SIGNATURE_HEADER = 'x-nango-hmac-sha256';
/** Storing in the hub takes a Redis round trip; past this the webhook is answered 503. */
const HUB_PUT_TIMEOUT_MS = 5000;

/** What `onConnectionChange` receives for each auth webhook that says something about a connection. */
export interface ConnectionChange {
  connectionId: string;
  providerConfigKey: string;
  /** The connection's end user, from the webhook's `endUser` (else its `end_user_*` tags). */
  endUser: EndUser | undefined;
  /** `invalid`: a refresh failed, the user must reconnect. `valid`: (re)connected. `disconnected`: deleted. */
  status: HubStatus;
  /** The status the hub held before, when it held one: compare to send one email per failure. */
  previousStatus: HubStatus | undefined;
  /** Nango's error for `invalid`: `{ type: 'refresh_token_external_error', description }`. */
  error: { type: string; description?: string } | undefined;
  /** Nango's `operation`: `refresh`, `creation`, `override` or `deletion`. */
  operation: string;
  /** Nango's provider template (`github`). */
  provider: string | undefined;
}

/** The client the webhook handler needs: only its secret key (or webhook signing key). */
export interface NangoWebhookVerifier {
  secretKey?: string;
  /** `@nangohq/node` 0.71.10+: used instead of the secret key when set. */
  webhookSigningKey?: string;
}

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** Your `@nangohq/node` `Nango` instance: its webhook signing key (else secret key) checks the signature. */
  nango: NangoWebhookVerifier | object;
  /** Where statuses go. Default: the process-wide in-memory hub the events handler also uses by default. */
  hub?: ConnectionStatusHub;
  /**
   * Called after an auth webhook changed a connection's status (not awaited: the answer to Nango
   * does not wait for your email). A throw or rejection goes to `onError`.
   */
  onConnectionChange?: (change: ConnectionChange) => void | Promise<void>;
  /** Largest body read; a bigger one is answered 413. Default 262144 (256 KiB). */
  maxBodyBytes?: number;
  /** Told about refused webhooks (bad signature...) and failures, never in a response. */
  onError?: (error: ConnectionStatusError, request: Request) => void;
}

/**
 * Creates the handler for the URL you set as your Nango environment's webhook URL (Environment
 * settings → Webhooks, with "auth: connection creation" and "auth: refresh error" turned on).
 *
 * - `POST` only (405 otherwise). The `X-Nango-Hmac-Sha256` header must be the hex HMAC-SHA256
 *   of the raw body bytes, keyed with your signing key, compared in constant time: else 401
 *   `invalid_signature` and nothing changes.
 * - Bodies over `maxBodyBytes` get 413 before they are read; a non-JSON body 400.
 * - `type: 'auth'`: a failed `refresh` → `invalid` (with Nango's error type); a successful
 *   `creation` or `override` → `valid`; a successful `deletion` → `disconnected`. The status goes
 *   to the hub, which tells the open pages, then `onConnectionChange` is called.
 * - Everything else (`sync`, `forward`, `async_action`, failed creations…) → 200, ignored.
 *
 * Answers at once (`200 {"ok":true}`); only storing in the hub is awaited (503 when it fails,
 * so Nango tries again).
 *
 * **Keep the raw body.** In Express, mount it before `express.json()` or with
 * `express.raw({ type: 'application/json' })`: a body parsed and serialised again is usually
 * byte-identical for Nango's bodies, but not always, and then the signature cannot match.
 *
 * @example
 * const hub = createInMemoryHub();
 * export const POST = createWebhookHandler({
 *   nango,
 *   hub,
 *   onConnectionChange: async ({ status, previousStatus, endUser, providerConfigKey }) => {
 *     if (status === 'invalid' && previousStatus !== 'invalid' && endUser?.email) await mailer.reconnectReminder(endUser.email, providerConfigKey);
 *   },
 * });
 */
export function createWebhookHandler(options: WebhookHandlerOptions): FetchHandler {
  const hub = options.hub ?? defaultHub();
  const maxBytes = typeof options.maxBodyBytes === 'number' && options.maxBodyBytes > 0 ? options.maxBodyBytes : DEFAULT_MAX_WEBHOOK_BYTES;
  const reporter: Reporter = { onError: options.onError, secrets: secretsOf(options.nango) };

  return async function webhookHandler(request: Request): Promise<Response> {
    if (request.method !== 'POST') return methodNotAllowed(request, 'POST');
    const key = signingKeyOf(options.nango);
    if (!key) {
      report(reporter, request, 'createWebhookHandler(): the Nango client has no secretKey or webhookSigningKey to check signatures with', { status: 500, code: 'server_misconfigured' });
      return errorResponse(request, 500, 'server_misconfigured', "The server's Nango setup is wrong, so it cannot check webhooks.");
    }
    const signature = request.headers.get(SIGNATURE_HEADER);
    if (signature === null) {
      report(reporter, request, 'Webhook refused: no X-Nango-Hmac-Sha256 header', { status: 401, code: 'invalid_signature' });
      return errorResponse(request, 401, 'invalid_signature', 'The webhook is not signed.');
    }
    const body = await readBodyBytes(request, maxBytes, BODY_TIMEOUT_MS);
    if (!body.ok) return errorResponse(request, body.status, body.status === 413 ? 'payload_too_large' : body.status === 408 ? 'request_timeout' : 'invalid_body', 'The webhook body could not be read.');
    if (!signatureMatches(body.bytes, signature, key)) {
      report(reporter, request, 'Webhook refused: X-Nango-Hmac-Sha256 does not match the raw body. Check the signing key; if a JSON body parser (express.json()) ran before this route, the body was re-serialised: mount the route before it, or use express.raw({ type: "application/json" })', { status: 401, code: 'invalid_signature' });
      return errorResponse(request, 401, 'invalid_signature', 'The webhook signature does not match its body.');
    }

    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.bytes));
    } catch {
      return errorResponse(request, 400, 'invalid_body', 'The webhook body is not JSON.');
    }
    const change = connectionChangeOf(payload);
    if (change === 'malformed') {
      report(reporter, request, 'Signed auth webhook without a usable connectionId or providerConfigKey', { status: 400, code: 'invalid_body' });
      return errorResponse(request, 400, 'invalid_body', 'The auth webhook does not name a connection.');
    }
    if (!change) return json(request, 200, { ok: true, ignored: true });

    let previous: HubStatus | undefined;
    try {
      // Bounded: a Redis that is down must not keep Nango's request open (it retries on a 5xx).
      ({ previous } = await withTimeout(hub.put({
        connectionId: change.connectionId,
        providerConfigKey: change.providerConfigKey,
        status: change.status,
        endUserId: change.endUser?.id,
        provider: change.provider ?? null,
        errors: change.status === 'invalid' ? [{ type: 'auth' }] : [],
        error: change.error,
        source: 'webhook',
        at: Date.now(),
      }), HUB_PUT_TIMEOUT_MS));
    } catch (error) {
      report(reporter, request, 'The hub could not store a webhook (Nango will retry)', { status: 503, code: 'hub_unavailable', cause: error });
      return errorResponse(request, 503, 'hub_unavailable', 'The webhook could not be stored. Try again.');
    }
    if (options.onConnectionChange) {
      const call = async () => options.onConnectionChange!({ ...change, previousStatus: previous });
      call().catch((error: unknown) => report(reporter, request, 'onConnectionChange() failed', { status: 200, code: 'on_connection_change_failed', cause: error }));
    }
    return json(request, 200, { ok: true });
  };
}

function signingKeyOf(nango: unknown): string | undefined {
  // As secretsOf: any non-null value can be read (a string or number has neither key).
  const { webhookSigningKey, secretKey } = (nango ?? {}) as NangoWebhookVerifier;
  return [webhookSigningKey, secretKey].find(isNonEmptyString);
}

/** Hex HMAC-SHA256 of the bytes as received, compared in constant time (lengths are public). */
function signatureMatches(bytes: Uint8Array, signature: string, key: string): boolean {
  const expected = createHmac('sha256', key).update(bytes).digest();
  const given = signature.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return false;
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

type ChangeWithoutPrevious = Omit<ConnectionChange, 'previousStatus'>;

/** The status an auth webhook means; `undefined` for webhooks that change none. */
function connectionChangeOf(payload: unknown): ChangeWithoutPrevious | 'malformed' | undefined {
  // Any JSON value: null has no fields, and a string, number or array no `type`.
  const body = payload as Record<string, unknown> | null;
  if (body?.type !== 'auth') return undefined;
  const { operation, success } = body;
  let status: HubStatus | undefined;
  if (operation === 'refresh' && success === false) status = 'invalid';
  else if ((operation === 'creation' || operation === 'override') && success === true) status = 'valid';
  else if (operation === 'deletion' && success === true) status = 'disconnected';
  if (!status) return undefined;
  const { connectionId, providerConfigKey } = body;
  if (typeof connectionId !== 'string' || !SAFE_ID.test(connectionId) || typeof providerConfigKey !== 'string' || !SAFE_ID.test(providerConfigKey)) return 'malformed';
  // JSON: whatever is not an object has no `type` or `description`.
  const rawError = body.error as { type?: unknown; description?: unknown } | null | undefined;
  const errorType = cleanText(rawError?.type, 100) ?? 'unknown_error';
  const description = cleanText(rawError?.description, 500);
  return {
    connectionId,
    providerConfigKey,
    endUser: endUserOf(body),
    status,
    error: status === 'invalid' ? { type: errorType, ...(description ? { description } : {}) } : undefined,
    operation: operation as string,
    provider: cleanText(body.provider, 100),
  };
}

/** Nango's `endUser` (connections made through a session), else the `end_user_*` tags it adds. */
function endUserOf(body: Record<string, unknown>): EndUser | undefined {
  // JSON: whatever is not an object has none of these fields.
  const endUser = body.endUser as Record<string, unknown> | null | undefined;
  const tags = body.tags as Record<string, unknown> | null | undefined;
  const id = endUser?.endUserId ?? tags?.end_user_id;
  if (typeof id !== 'string' || !SAFE_ID.test(id)) return undefined;
  const email = cleanText(endUser?.endUserEmail ?? tags?.end_user_email, 255);
  const displayName = cleanText(tags?.end_user_display_name, 255);
  return { id, ...(email ? { email } : {}), ...(displayName ? { displayName } : {}) };
}
