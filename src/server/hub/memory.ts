/**
 * The in-memory hub: one process, nothing to install. Every handler of the process that is
 * given the same hub sees the same statuses and news.
 */
import { DEFAULT_HUB_TTL_MS, hubKey, isNews, positiveOr, tell, type ConnectionStatusHub, type StatusChange, type StatusUpdate } from './types.js';

/** Options of {@link createInMemoryHub}. */
export interface InMemoryHubOptions {
  /** How long an entry is kept, in ms. Default 300000 (5 minutes). */
  ttlMs?: number;
  /** Most connections remembered; the oldest entry goes first. Default 100000. */
  maxEntries?: number;
}

/**
 * A hub for one process: a `Map` of statuses with a TTL, and listeners called in turn.
 *
 * @example
 * const hub = createInMemoryHub();
 * const status = createConnectionStatusHandler({ nango, resolve, hub });
 * const webhook = createWebhookHandler({ nango, hub });
 * const events = createStatusEventsHandler({ resolve, hub });
 */
export function createInMemoryHub(options: InMemoryHubOptions = {}): ConnectionStatusHub {
  const ttlMs = positiveOr(options.ttlMs, DEFAULT_HUB_TTL_MS);
  const maxEntries = positiveOr(options.maxEntries, 100_000);
  const entries = new Map<string, { update: StatusUpdate; until: number }>();
  const listeners = new Set<(change: StatusChange) => void>();

  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.until <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    ttlMs,
    ready: Promise.resolve(),
    async get(providerConfigKey, connectionId) {
      const entry = live(hubKey(providerConfigKey, connectionId));
      return entry ? { ...entry.update } : undefined;
    },
    async put(update) {
      const key = hubKey(update.providerConfigKey, update.connectionId);
      const held = live(key);
      const previous = held?.update.status;
      if (held && held.update.at > update.at) return { stored: false, previous };
      // Re-inserted, so the Map's order stays oldest-written first for the bound below.
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { update: { ...update }, until: Date.now() + ttlMs });
      if (isNews(update, previous)) {
        const change: StatusChange = { ...update, previous };
        // After this call returns, like news that went through Redis: a listener that puts
        // again cannot re-enter this one.
        queueMicrotask(() => {
          for (const listener of [...listeners]) tell(listener, change);
        });
      }
      return { stored: true, previous };
    },
    subscribe(listener) {
      // Each subscription is its own, even for the same function: one stream's end never stops another's.
      const own = (change: StatusChange) => listener(change);
      listeners.add(own);
      return () => {
        listeners.delete(own);
      };
    },
    async close() {
      listeners.clear();
      entries.clear();
    },
  };
}

let shared: ConnectionStatusHub | undefined;

/**
 * The process-wide in-memory hub the webhook and events handlers use when none is passed, so
 * the two meet without any set-up. The status handler reads a hub only when given one.
 */
export function defaultHub(): ConnectionStatusHub {
  return (shared ??= createInMemoryHub());
}
