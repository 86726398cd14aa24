/**
 * How the handlers call Nango: bounded in time, never for a request whose client is gone, one
 * call at a time per connection (concurrent checks share it), and the end user → connection
 * lookup with its per-process memory. State lives per `Nango` instance, so the status and
 * token handlers built on the same client share it, and two clients never do.
 */
import { classifyNangoError, RequestAbortedError, SAFE_ID, untilAborted, withTimeout, type CheckedRef } from './responses.js';
import type { NangoConnectionLister, NangoListedConnection } from './types.js';

export const DEFAULT_LOOKUP_CACHE_MS = 60_000;

interface ClientState {
  /** Nango calls in flight, by what they ask: a second asker joins instead of calling again. */
  inflight: Map<string, Promise<unknown>>;
  /** End user + integration → the connection id found for them, until a time. */
  connectionIds: Map<string, { id: string; until: number }>;
  /** Integration id → its display name in Nango (or none), until a time. */
  displayNames: Map<string, { name: string | undefined; until: number }>;
}

const states = new WeakMap<object, ClientState>();

function stateOf(nango: object): ClientState {
  let state = states.get(nango);
  if (!state) {
    state = { inflight: new Map(), connectionIds: new Map(), displayNames: new Map() };
    states.set(nango, state);
  }
  return state;
}

/** Thrown when `resolve` gave an end user but the client has no `listConnections`. */
export class MissingMethodError extends Error {
  constructor(method: string) {
    super(`nango.${method}() is missing: @nangohq/node 0.71 or later is needed for resolve() answers with an endUser`);
    this.name = 'MissingMethodError';
  }
}

/** Nango calls on behalf of one request. */
export class NangoCaller {
  readonly state: ClientState;

  constructor(
    readonly nango: object,
    readonly request: Request,
    readonly timeoutMs: number,
    readonly lookupCacheMs: number,
  ) {
    this.state = stateOf(nango);
  }

  /**
   * Runs `start` unless the client is gone, bounded by the timeout. With a `key`, a call
   * already in flight for the same key is joined rather than made again — until it settles or
   * times out, so a Nango that never answers cannot hold every later check hostage.
   */
  call<T>(key: string | undefined, start: () => Promise<T>): Promise<T> {
    if (this.request.signal.aborted) return Promise.reject(new RequestAbortedError());
    let shared = key === undefined ? undefined : (this.state.inflight.get(key) as Promise<T> | undefined);
    if (!shared) {
      shared = withTimeout(Promise.resolve().then(start), this.timeoutMs);
      if (key !== undefined) {
        const entry = shared;
        this.state.inflight.set(key, entry);
        entry.then(
          () => this.state.inflight.get(key) === entry && this.state.inflight.delete(key),
          () => this.state.inflight.get(key) === entry && this.state.inflight.delete(key),
        );
      }
    }
    return untilAborted(shared, this.request.signal);
  }

  private cacheKey(ref: CheckedRef): string {
    return `${ref.integrationId}\u0000${ref.endUser?.id ?? ''}`;
  }

  rememberedId(ref: CheckedRef): string | undefined {
    const entry = this.state.connectionIds.get(this.cacheKey(ref));
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.id;
    this.state.connectionIds.delete(this.cacheKey(ref));
    return undefined;
  }

  remember(ref: CheckedRef, id: string): void {
    if (!ref.endUser) return;
    const map = this.state.connectionIds;
    // A bounded memory: the oldest entry goes first (Map keeps insertion order).
    if (map.size >= 10_000) map.delete(map.keys().next().value as string);
    map.set(this.cacheKey(ref), { id, until: Date.now() + this.lookupCacheMs });
  }

  forget(ref: CheckedRef, id: string): void {
    if (this.state.connectionIds.get(this.cacheKey(ref))?.id === id) this.state.connectionIds.delete(this.cacheKey(ref));
  }

  /**
   * The end user's connection to the integration, as Nango's own SDK finds it
   * (`listConnections({ userId, integrationId })`): the most recently created one.
   * Entries of another user or integration, or with an id we would not put in a URL, are
   * ignored whatever Nango's filter did.
   */
  async lookUp(ref: CheckedRef): Promise<string | undefined> {
    const endUser = ref.endUser;
    if (!endUser) return undefined;
    const lister = this.nango as Partial<NangoConnectionLister>;
    if (typeof lister.listConnections !== 'function') throw new MissingMethodError('listConnections');
    const list = lister.listConnections.bind(lister);
    const answer = await this.call(`list\u0000${ref.integrationId}\u0000${endUser.id}`, () =>
      list({ userId: endUser.id, integrationId: ref.integrationId }),
    );
    const connections: unknown[] = answer && Array.isArray(answer.connections) ? answer.connections : [];
    let best: { id: string; created: number; order: number } | undefined;
    connections.forEach((entry, order) => {
      const { connection_id: id, provider_config_key: key, created, end_user: owner } = (entry ?? {}) as NangoListedConnection;
      const ownerId = owner && typeof owner === 'object' ? (owner as { id?: unknown }).id : undefined;
      if (typeof id !== 'string' || !SAFE_ID.test(id) || key !== ref.integrationId || ownerId !== endUser.id) return;
      const time = typeof created === 'string' ? Date.parse(created) : NaN;
      const candidate = { id, created: Number.isNaN(time) ? -Infinity : time, order };
      // Most recently created wins; on a tie, the one Nango listed last.
      if (!best || candidate.created > best.created || (candidate.created === best.created && candidate.order > best.order)) best = candidate;
    });
    if (best) this.remember(ref, best.id);
    return best?.id;
  }

  /**
   * Runs `attempt` on the user's connection: `resolve`'s id first, then (with an end user) the
   * remembered id, then a fresh lookup. `attempt` answers `undefined` when Nango does not know
   * the id; the next candidate is tried. Ends with `found: false` when none is left.
   */
  async withConnection<T>(ref: CheckedRef, attempt: (id: string) => Promise<T | undefined>): Promise<{ found: true; id: string; value: T } | { found: false }> {
    const tried = new Set<string>();
    let looked = false;
    const next = async (): Promise<string | undefined> => {
      if (ref.connectionId !== undefined && !tried.has(ref.connectionId)) return ref.connectionId;
      if (!ref.endUser) return undefined;
      const remembered = this.rememberedId(ref);
      if (remembered !== undefined && !tried.has(remembered)) return remembered;
      if (looked) return undefined;
      looked = true;
      const id = await this.lookUp(ref);
      return id !== undefined && !tried.has(id) ? id : undefined;
    };
    for (let id = await next(); id !== undefined; id = await next()) {
      tried.add(id);
      const value = await attempt(id);
      if (value !== undefined) {
        // Remembered from the lookup, for a fixed time: using it does not extend it.
        if (ref.endUser && id !== ref.connectionId && this.rememberedId(ref) !== id) this.remember(ref, id);
        return { found: true, id, value };
      }
      this.forget(ref, id);
    }
    return { found: false };
  }
}

/** Whether a Nango error means "no such connection" (404 on a read). */
export function isNotFound(error: unknown): boolean {
  const failure = classifyNangoError(error);
  return failure.kind === 'http' && failure.status === 404;
}
