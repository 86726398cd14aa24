// @ts-check
/**
 * Nango's auth webhooks, as Nango's server sends them (NANGO.md, "Webhooks, observed"): the body's
 * keys sorted at every level, `content-type: application/json`, the legacy `x-nango-signature`
 * and `x-nango-hmac-sha256` = hex HMAC-SHA256 of the raw body keyed with the secret key.
 * Used by the fake Nango (demo and tests) and by the tests that sign their own.
 */
import { createHash, createHmac } from 'node:crypto';

/** The refresh error Nango reports when the provider refused a token refresh. */
export const REFRESH_ERROR = {
  type: 'refresh_token_external_error',
  description: 'The external API returned an error when trying to refresh the access token. Please try again later.',
};

/**
 * @typedef {object} AuthWebhookInput
 * @property {string} connectionId
 * @property {string} providerConfigKey
 * @property {string} provider
 * @property {'OAUTH2' | 'API_KEY' | string} authMode
 * @property {'creation' | 'override' | 'refresh' | 'deletion'} operation
 * @property {boolean} success
 * @property {{ type: string, description: string }} [error]  For `success: false`.
 * @property {{ id: string, email?: string, display_name?: string } | null} [endUser]
 * @property {string} [environment]  Default `dev`.
 */

/**
 * The body of an auth webhook, exactly as Nango writes it (keys sorted, no spaces).
 * @param {AuthWebhookInput} input
 * @returns {string}
 */
export function authWebhookBody(input) {
  const endUser = input.endUser ?? null;
  /** @type {Record<string, unknown>} */
  const body = {
    authMode: input.authMode,
    connectionId: input.connectionId,
    environment: input.environment ?? 'dev',
    from: 'nango',
    operation: input.operation,
    provider: input.provider,
    providerConfigKey: input.providerConfigKey,
    success: input.success,
    type: 'auth',
  };
  if (!input.success) body.error = input.error ?? REFRESH_ERROR;
  if (endUser) {
    body.endUser = { endUserId: endUser.id, ...(endUser.email ? { endUserEmail: endUser.email } : {}), tags: {} };
    body.tags = {
      end_user_id: endUser.id,
      ...(endUser.email ? { end_user_email: endUser.email } : {}),
      ...(endUser.display_name ? { end_user_display_name: endUser.display_name } : {}),
    };
  }
  return JSON.stringify(sortKeys(body));
}

/** @param {unknown} value @returns {unknown} */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(/** @type {Record<string, unknown>} */ (value)[key])]),
  );
}

/**
 * The headers Nango sends with a webhook body.
 * @param {string} body
 * @param {string} secretKey
 * @returns {Record<string, string>}
 */
export function webhookHeaders(body, secretKey) {
  return {
    'content-type': 'application/json',
    'x-nango-signature': createHash('sha256').update(`${secretKey}${body}`).digest('hex'),
    'x-nango-hmac-sha256': createHmac('sha256', secretKey).update(body).digest('hex'),
    'user-agent': 'nango/0.71.4 (fake-nango)',
  };
}

/**
 * Posts a webhook as Nango does. Never throws: Nango logs a failed delivery and goes on.
 * @param {string} url
 * @param {string} body
 * @param {string} secretKey
 * @returns {Promise<number | undefined>} the HTTP status, or undefined when nothing answered
 */
export async function postWebhook(url, body, secretKey) {
  try {
    const response = await fetch(url, { method: 'POST', headers: webhookHeaders(body, secretKey), body, signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}
