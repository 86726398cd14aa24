/**
 * The hub: the freshest known status of each Nango connection, and the news when one changes.
 *
 * One small interface, two implementations that pass the same test suite:
 * {@link createInMemoryHub} (one process, nothing to install) and {@link createRedisHub} (many
 * processes: keys with a TTL for the statuses, pub/sub for the news).
 */

/** What the hub knows about a connection. `disconnected`: Nango no longer has it. */
export type HubStatus = 'valid' | 'invalid' | 'disconnected';

/** One piece of news about a connection: from Nango's signed webhook, or from a Nango read. */
export interface StatusUpdate {
  connectionId: string;
  providerConfigKey: string;
  status: HubStatus;
  /** The app's end user id for the connection, when known (Nango's `endUser.endUserId`). */
  endUserId?: string | undefined;
  /** Nango's provider template (`github`), when known. */
  provider?: string | null | undefined;
  /** Nango's error entries reduced to their type, as the status handler answers them. */
  errors?: Array<{ type: string }> | undefined;
  /** Nango's error, for `invalid` from a webhook (`{ type: 'refresh_token_external_error', description }`). */
  error?: { type: string; description?: string | undefined } | undefined;
  /**
   * The scope names the connection was granted and any per-connection override (never secret),
   * from a Nango read: the status handler compares them with what it needs on every check, so a
   * `valid` answered from the hub still turns into `missing_scopes` when the needs grow.
   */
  scopes?: { granted: string[] | undefined; override: string[] | undefined } | undefined;
  /** `webhook`: Nango told us. `nango`: the status handler read it. */
  source: 'webhook' | 'nango';
  /**
   * When this was true, in epoch ms: a webhook's arrival, or the moment a Nango read *started*.
   * An update older than the one the hub holds is dropped, so a read that started before a
   * refresh-failure webhook can never write its stale `valid` over it.
   */
  at: number;
}

/** What {@link ConnectionStatusHub.put} did. */
export interface PutResult {
  /** False when the hub already held newer news about the connection. */
  stored: boolean;
  /** The status the hub held before (fresh or not yet expired), if any. */
  previous: HubStatus | undefined;
}

/** What listeners hear: the update, and the status the hub held before it. */
export interface StatusChange extends StatusUpdate {
  previous: HubStatus | undefined;
}

/**
 * The freshest known status per connection, shared by the webhook, status and events handlers
 * of one process (in memory) or of every process (Redis).
 */
export interface ConnectionStatusHub {
  /** How long an entry is kept (and so answered by the status handler), in ms. */
  readonly ttlMs: number;
  /** Settles once the hub can be used (Redis: connected and subscribed). Rejects when it cannot. */
  readonly ready: Promise<void>;
  /** The entry for a connection, or `undefined` when none is known or it expired. */
  get(providerConfigKey: string, connectionId: string): Promise<StatusUpdate | undefined>;
  /**
   * Stores an update unless the hub holds a newer one. Listeners (in every process) hear it when
   * it is stored and it is a webhook's, or it changes the status the hub held.
   */
  put(update: StatusUpdate): Promise<PutResult>;
  /** Hears every change told to the hub; returns the function that stops listening. */
  subscribe(listener: (change: StatusChange) => void): () => void;
  /** Stops listening and closes connections. */
  close(): Promise<void>;
}

/** How long a hub keeps an entry unless told otherwise: 5 minutes. */
export const DEFAULT_HUB_TTL_MS = 5 * 60_000;

/**
 * `value` when it is a positive finite number, else `fallback`: a hub option as an app passed it
 * (JavaScript callers may pass a string; NaN fails `> 0`).
 */
export function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && value < Infinity ? value : fallback;
}

/** Whether listeners should hear about a stored update. */
export function isNews(update: StatusUpdate, previous: HubStatus | undefined): boolean {
  return update.source === 'webhook' || (previous !== undefined && previous !== update.status);
}

/** The hub key of a connection. NUL cannot appear in an id, so two pairs never share a key. */
export function hubKey(providerConfigKey: string, connectionId: string): string {
  return `${providerConfigKey}\u0000${connectionId}`;
}

/** Calls a listener without letting it break the hub or the other listeners. */
export function tell(listener: (change: StatusChange) => void, change: StatusChange): void {
  try {
    listener(change);
  } catch {
    // A listener's own failure is its own: the news still reaches the others.
  }
}

/** Reads an update back from its JSON form; `undefined` for anything else. */
export function parseUpdate(text: unknown): StatusUpdate | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    // `null` throws at the first field read (caught below); other non-objects fail the field checks.
    const value = JSON.parse(text) as Partial<StatusUpdate>;
    if (typeof value.connectionId !== 'string' || typeof value.providerConfigKey !== 'string' || typeof value.at !== 'number') return undefined;
    if (value.status !== 'valid' && value.status !== 'invalid' && value.status !== 'disconnected') return undefined;
    if (value.source !== 'webhook' && value.source !== 'nango') return undefined;
    return value as StatusUpdate;
  } catch {
    // Not JSON, or `null`: not an update.
  }
  return undefined;
}
