/**
 * The status handler's use of a hub: answer from it while its entry is fresh, read Nango when
 * it has none, and write back what Nango said.
 *
 * Only `valid` from a Nango read is answered from the hub: the steady state, where the savings
 * are (with the scopes that read saw, so the scope check still runs on every answer). A connection
 * the hub knows as `invalid` or `disconnected` (from a webhook, or an earlier read) is read from
 * Nango every time, as without a hub. So a failure is never hidden behind a cached `valid` (the
 * webhook overwrites it, and a read that started before the webhook cannot write over it), and a
 * reconnect or a new connection shows at once even when Nango's creation webhooks are off.
 */
import { withTimeout } from '../responses.js';
import type { ConnectionStatusHub, StatusUpdate } from './types.js';

/** What the status handler learns about one connection id (`undefined`: Nango does not know it). */
export interface CheckedStatus {
  status: 'valid' | 'invalid';
  provider: string | null;
  errors: Array<{ type: string }>;
  scopes?: StatusUpdate['scopes'];
}

/** A hub that does not answer within this long is skipped for this check (Nango is read instead). */
export const HUB_TIMEOUT_MS = 1000;

/**
 * Wraps one connection read with the hub. Hub failures never fail a check: they only cost the
 * Nango read the hub would have saved.
 */
export function throughHub(
  hub: ConnectionStatusHub | undefined,
  integrationId: string,
  endUserId: string | undefined,
  read: (connectionId: string) => Promise<CheckedStatus | undefined>,
): (connectionId: string) => Promise<CheckedStatus | undefined> {
  if (!hub) return read;
  return async (connectionId) => {
    const known = await withTimeout(hub.get(integrationId, connectionId), HUB_TIMEOUT_MS).catch(() => undefined);
    // A webhook's `valid` (a reconnect, a new connection) says nothing of the scopes granted:
    // the first check after it reads Nango, so a grant that still lacks scopes is never hidden.
    if (known?.status === 'valid' && known.source === 'nango') {
      return { status: 'valid', provider: known.provider ?? null, errors: known.errors ?? [], scopes: known.scopes };
    }
    const at = Date.now();
    const value = await read(connectionId);
    await withTimeout(
      hub.put({
        connectionId,
        providerConfigKey: integrationId,
        status: value?.status ?? 'disconnected',
        endUserId,
        provider: value?.provider,
        errors: value?.errors,
        scopes: value?.scopes,
        source: 'nango',
        at,
      }),
      HUB_TIMEOUT_MS,
    ).catch(() => {});
    return value;
  };
}
