/**
 * The Redis hub: many processes (or machines) share the statuses and the news. Statuses are
 * keys with a TTL; news goes out on one pub/sub channel that every process subscribes to.
 *
 * Uses node-redis (`npm i redis`), an optional peer dependency loaded only when this hub is
 * created: apps that never call {@link createRedisHub} need not install it.
 */
import { DEFAULT_HUB_TTL_MS, isNews, parseUpdate, positiveOr, tell, type ConnectionStatusHub, type HubStatus, type StatusChange, type StatusUpdate } from './types.js';

/** Options of {@link createRedisHub}. */
export interface RedisHubOptions {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://…` for TLS. Default `redis://localhost:6379`. */
  url?: string;
  /** How long a status key lives, in ms. Default 300000 (5 minutes). */
  ttlMs?: number;
  /** Prefix of the keys and of the channel, so several apps can share one Redis. Default `nango-connection-status:`. */
  prefix?: string;
  /** Called with Redis connection errors (node-redis reconnects by itself meanwhile). */
  onError?: (error: unknown) => void;
}

/** The part of a node-redis client the hub uses; typed here so our types never import `redis`. */
interface RedisClientLike {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  connect(): Promise<unknown>;
  duplicate(): RedisClientLike;
  sendCommand(args: string[]): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  close?(): Promise<unknown>;
  /** Every node-redis has it (deprecated since 5, in favour of `close()`). */
  quit(): Promise<unknown>;
  destroy?(): unknown;
  isReady?: boolean;
}

/**
 * Stores the update unless the key holds a newer one (by `at`), and answers `{stored, previous}`:
 * one atomic step, so two processes writing at once cannot interleave a stale write.
 */
const PUT_SCRIPT = `
local held = redis.call('GET', KEYS[1])
local previous = ''
if held then
  local ok, old = pcall(cjson.decode, held)
  if ok and type(old) == 'table' then
    previous = tostring(old.status or '')
    if tonumber(old.at) and tonumber(old.at) > tonumber(ARGV[2]) then return {0, previous} end
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return {1, previous}
`;

/**
 * A hub shared by every process that points at the same Redis (and prefix).
 *
 * @example
 * import { createRedisHub } from 'nango-connection-status/server';
 * const hub = createRedisHub({ url: process.env.REDIS_URL });
 */
export function createRedisHub(options: RedisHubOptions = {}): ConnectionStatusHub {
  const ttlMs = Math.ceil(positiveOr(options.ttlMs, DEFAULT_HUB_TTL_MS));
  const prefix = options.prefix ?? 'nango-connection-status:';
  const channel = `${prefix}news`;
  const listeners = new Set<(change: StatusChange) => void>();
  const report = (error: unknown) => {
    try {
      // Stryker disable next-line OptionalChaining: without onError, `options.onError(error)` throws a TypeError that the catch below swallows: the same silence.
      options.onError?.(error);
    } catch {
      // A broken logger must not break the hub.
    }
  };
  let client: RedisClientLike | undefined;
  let subscriber: RedisClientLike | undefined;
  let closed = false;

  const ready = (async () => {
    let redis: { createClient(options: { url?: string }): RedisClientLike };
    try {
      redis = (await import(/* @vite-ignore */ 'redis' as string)) as typeof redis;
    } catch (error) {
      throw new Error('createRedisHub() needs the "redis" package (node-redis): npm i redis', { cause: error });
    }
    // close() before the import finished found no client to end: make none (they would keep
    // reconnecting, and keep the process alive, after the app closed the hub).
    if (closed) throw new Error('createRedisHub(): closed before it connected');
    client = redis.createClient(options.url ? { url: options.url } : {});
    // Without an error listener node-redis would crash the process on a lost connection.
    client.on('error', report);
    subscriber = client.duplicate();
    subscriber.on('error', report);
    await Promise.all([client.connect(), subscriber.connect()]);
    await subscriber.subscribe(channel, (message) => {
      const update = parseUpdate(message);
      if (!update) return;
      const previous = (JSON.parse(message) as { previous?: unknown }).previous;
      const change: StatusChange = { ...update, previous: isStatus(previous) ? previous : undefined };
      for (const listener of [...listeners]) tell(listener, change);
    });
  })();
  // Every method awaits `ready` and sees its failure; this only stops an unhandled rejection.
  ready.catch(() => {});

  const keyOf = (providerConfigKey: string, connectionId: string) =>
    `${prefix}status:${encodeURIComponent(providerConfigKey)}:${encodeURIComponent(connectionId)}`;

  return {
    ttlMs,
    ready,
    async get(providerConfigKey, connectionId) {
      await ready;
      return parseUpdate(await client!.sendCommand(['GET', keyOf(providerConfigKey, connectionId)]));
    },
    async put(update: StatusUpdate) {
      await ready;
      const answer = (await client!.sendCommand([
        'EVAL',
        PUT_SCRIPT,
        '1',
        keyOf(update.providerConfigKey, update.connectionId),
        JSON.stringify(update),
        String(update.at),
        String(ttlMs),
      ])) as [number, string];
      const stored = Number(answer[0]) === 1;
      const previous = isStatus(answer[1]) ? answer[1] : undefined;
      if (stored && isNews(update, previous)) {
        await client!.sendCommand(['PUBLISH', channel, JSON.stringify({ ...update, previous })]);
      }
      return { stored, previous };
    },
    subscribe(listener) {
      const own = (change: StatusChange) => listener(change);
      listeners.add(own);
      return () => {
        listeners.delete(own);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      // Not waiting for `ready`: a Redis that never answered must not keep close() waiting.
      await Promise.all([client, subscriber].map((c) => c && end(c)));
    },
  };
}

function isStatus(value: unknown): value is HubStatus {
  return value === 'valid' || value === 'invalid' || value === 'disconnected';
}

/** node-redis 5+ has `close()`; older ones `quit()`. */
async function end(client: RedisClientLike): Promise<void> {
  try {
    // A client still (re)connecting has nothing to flush: destroyed, not closed politely.
    if (client.isReady === false && client.destroy) client.destroy();
    else await (client.close ? client.close() : client.quit());
  } catch {
    // Already gone.
  }
}
