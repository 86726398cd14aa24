/**
 * The one kind of per-process memory the server half keeps: a map bounded in size AND in
 * time. Every entry has its own expiry; an expired entry is never returned and is dropped
 * when read or when it reaches the front; when the map is full the entry written longest
 * ago goes first. Whatever the traffic (30,000 unknown integration ids, a user who never
 * connects), the memory stays at most `maxEntries` entries.
 *
 * Why not a library: `lru-cache` (or `@isaacs/ttlcache`, `tiny-lru`) would be a runtime
 * dependency of every app that imports `nango-connection-status/server`, which has none
 * today, for the ~40 lines below; the handlers need no recency tracking (reading an entry
 * must NOT extend it: a remembered answer ages from when Nango gave it), only insertion
 * order, which a `Map` keeps.
 */
export class BoundedMemory<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();

  /**
   * @param maxEntries At most this many entries; the oldest written goes first.
   * @param now The clock (tests pass their own).
   */
  constructor(
    readonly maxEntries: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The value, while its time lasts; reading it does not extend it. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > this.now()) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Remembers `value` for `ttlMs` from now, as the newest entry. */
  set(key: string, value: V, ttlMs: number): void {
    this.#entries.delete(key);
    const now = this.now();
    // Expired entries at the front cost nothing to drop and make room first.
    for (const [oldest, entry] of this.#entries) {
      if (entry.until > now) break;
      this.#entries.delete(oldest);
    }
    while (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { value, until: now + ttlMs });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Entries held, expired ones not yet dropped included: what the memory costs. */
  get size(): number {
    return this.#entries.size;
  }
}
