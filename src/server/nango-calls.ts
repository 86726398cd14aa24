/**
 * How the handlers call Nango: bounded in time, never for a request whose client is gone, one
 * call at a time per connection (concurrent checks share it), and the end user → connection
 * lookup with its per-process memory. State lives per `Nango` instance, so the status and
 * token handlers built on the same client share it, and two clients never do.
 */
import { BoundedMemory } from './bounded-memory.js';
import { classifyNangoError, NangoAnswerError, RequestAbortedError, SAFE_ID, untilAborted, withTimeout, type CheckedRef } from './responses.js';
import type { EndUser, NangoConnectionLister, NangoListedConnection } from './types.js';

export const DEFAULT_LOOKUP_CACHE_MS = 60_000;
/**
 * How long "this end user has no connection to this integration" is remembered: long enough
 * that a page reloading, or many widgets of one user, cost one list call; short enough that a
 * connection made elsewhere (another tab, Nango's dashboard) shows within seconds.
 */
export const NO_CONNECTION_CACHE_MS = 5_000;
/**
 * After a connect session is made for a user, "no connection" is not remembered for this long
 * (a session token's life): the check that verifies the new connection must ask Nango.
 */
export const CONNECTING_MS = 30 * 60_000;
/** Entries per memory: at most this many users (or integrations) are remembered per process. */
export const MAX_REMEMBERED = 10_000;
export const MAX_DISPLAY_NAMES = 1_000;
/** Connections asked for per `listConnections` page (Nango allows up to 2,000). */
export const LIST_PAGE_SIZE = 1_000;
/** Pages read at most: beyond, the answer is an error, never "no connection". */
export const MAX_LIST_PAGES = 10;

export interface ClientState {
  /** Nango calls in flight, by what they ask: a second asker joins instead of calling again. */
  inflight: Map<string, Promise<unknown>>;
  /** End user + integration → the connection id found for them (`null`: none), until a time. */
  connectionIds: BoundedMemory<string | null>;
  /** End user + integration → a connect session was made for them recently. */
  connecting: BoundedMemory<true>;
  /** Integration id → its display name in Nango (or none), and until when it is fresh. */
  displayNames: BoundedMemory<{ name: string | undefined; freshUntil: number }>;
  /** Token requests of one user and connection in the last seconds share one session. */
  sessions: BoundedMemory<Promise<unknown>>;
}

const states = new WeakMap<object, ClientState>();

/** The per-client memories (internal: the tests read their sizes). */
export function stateOf(nango: object): ClientState {
  let state = states.get(nango);
  if (!state) {
    state = {
      inflight: new Map(),
      connectionIds: new BoundedMemory(MAX_REMEMBERED),
      connecting: new BoundedMemory(MAX_REMEMBERED),
      displayNames: new BoundedMemory(MAX_DISPLAY_NAMES),
      sessions: new BoundedMemory(MAX_REMEMBERED),
    };
    states.set(nango, state);
  }
  return state;
}

/**
 * What Nango answered to a failed call: its HTTP status, error code and body. Status 0 when no
 * answer came (network, timeout, a client gone away): it matches none of the statuses asked about.
 */
export function nangoAnswerOf(error: unknown): { status: number; code?: string; data?: unknown } {
  const failure = classifyNangoError(error);
  // Stryker disable next-line ConditionalExpression,ObjectLiteral: the other kinds carry no status (undefined compares like 0 here), code or data
  return failure.kind === 'http' ? failure : { status: 0 };
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
    // No call is ever kept under an undefined key, so looking one up finds nothing.
    let shared = this.state.inflight.get(key as string) as Promise<T> | undefined;
    if (!shared) {
      shared = withTimeout(Promise.resolve().then(start), this.timeoutMs);
      if (key !== undefined) {
        // Nothing replaces an entry while it is pending (a second asker joins it, and the
        // timeout settles it), so whatever is under `key` when it settles is this entry.
        const forget = () => this.state.inflight.delete(key);
        this.state.inflight.set(key, shared);
        shared.then(forget, forget);
      }
    }
    return untilAborted(shared, this.request.signal);
  }

  /** The memory key of an end user's connection to an integration (only refs with an end user are remembered). */
  userKey(ref: CheckedRef): string {
    return `${ref.integrationId}\u0000${ref.endUser!.id}`;
  }

  /** The id remembered for the end user (with one): a string, `null` for "none", `undefined` when unknown. */
  rememberedId(ref: CheckedRef): string | null | undefined {
    return this.state.connectionIds.get(this.userKey(ref));
  }

  /** Remembers the end user's connection (for `lookupCacheMs`), or that they have none (briefly). */
  remember(ref: CheckedRef, id: string | null): void {
    if (id === null) {
      // Right after a connect session, the next check must see the connection it made.
      if (this.state.connecting.get(this.userKey(ref))) return;
      this.state.connectionIds.set(this.userKey(ref), null, Math.min(NO_CONNECTION_CACHE_MS, this.lookupCacheMs));
      return;
    }
    this.state.connectionIds.set(this.userKey(ref), id, this.lookupCacheMs);
  }

  /** Forgets `id` as the end user's connection (Nango no longer knows it). Only for refs with an end user. */
  forget(ref: CheckedRef, id: string): void {
    if (this.state.connectionIds.get(this.userKey(ref)) === id) this.state.connectionIds.delete(this.userKey(ref));
  }

  /** A connect session was made for the end user: "none" is stale from now on, and not remembered for a while. */
  connectStarted(ref: CheckedRef): void {
    this.state.connectionIds.delete(this.userKey(ref));
    this.state.connecting.set(this.userKey(ref), true, CONNECTING_MS);
  }

  /**
   * The end user's connection to the integration, as Nango's own SDK finds it
   * (`listConnections({ userId, integrationId })`): the most recently created one, `null`
   * when they have none. Read page by page (Nango lists newest first): the first page with a
   * match holds the newest. Entries of another user or integration, or with an id we would
   * not put in a URL, are ignored whatever Nango's filter did; entries that do not say whose
   * they are (no `end_user`: an older Nango) make it an error, never "no connection".
   */
  async lookUp(ref: CheckedRef, endUser: EndUser): Promise<string | null> {
    const lister = this.nango as Partial<NangoConnectionLister>;
    if (typeof lister.listConnections !== 'function') throw new MissingMethodError('listConnections');
    const list = lister.listConnections.bind(lister);
    const base = { userId: endUser.id, integrationId: ref.integrationId };
    let paged = true;
    const listPage = async (page: number) => {
      // The unpaged call's key is the pages' key without a page number.
      const key = `list\u0000${ref.integrationId}\u0000${endUser.id}\u0000`;
      try {
        return await this.call(key + page, () => list({ ...base, limit: LIST_PAGE_SIZE, page }));
      } catch (error) {
        // A Nango from before `limit`/`page` (strict query schema): it lists everything at once.
        const { status, code } = nangoAnswerOf(error);
        if (page !== 0 || status !== 400 || code !== 'invalid_query_params') throw error;
        paged = false;
        return this.call(key, () => list(base));
      }
    };
    let previousFirst: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const answer = await listPage(page);
      // Never read an answer without a list as "no connection": that would start a connect session (a duplicate).
      if (!answer || !Array.isArray(answer.connections)) throw new NangoAnswerError('nango.listConnections() answered without a connections list');
      const { connections } = answer as { connections: unknown[] };
      const best = newestOf(connections, ref.integrationId, endUser.id);
      if (best !== undefined) {
        this.remember(ref, best);
        return best;
      }
      if (!paged || connections.length < LIST_PAGE_SIZE) {
        this.remember(ref, null);
        return null;
      }
      // A Nango that ignores `page` answers the same page again: never read that as "none".
      const first = JSON.stringify(connections[0]);
      if (first === previousFirst) break;
      previousFirst = first;
    }
    throw new NangoAnswerError(`nango.listConnections() listed more than ${MAX_LIST_PAGES * LIST_PAGE_SIZE} connections without one of end user "${endUser.id}" for "${ref.integrationId}"`);
  }

  /**
   * Runs `attempt` on the user's connection: `resolve`'s id first, then (with an end user) the
   * remembered id, then a fresh lookup. `attempt` answers `undefined` when Nango does not know
   * the id; the next candidate is tried. Ends with `undefined` when none is left.
   */
  async withConnection<T>(ref: CheckedRef, attempt: (id: string) => Promise<T | undefined>): Promise<{ id: string; value: T } | undefined> {
    const tried = new Set<string>();
    let looked = false;
    const next = async (): Promise<string | undefined> => {
      if (ref.connectionId !== undefined && !tried.has(ref.connectionId)) return ref.connectionId;
      const endUser = ref.endUser;
      if (!endUser) return undefined;
      const remembered = this.rememberedId(ref);
      if (typeof remembered === 'string' && !tried.has(remembered)) return remembered;
      // "None" was found moments ago: no list call until it expires.
      if (looked || remembered === null) return undefined;
      looked = true;
      const id = await this.lookUp(ref, endUser);
      return id !== null && !tried.has(id) ? id : undefined;
    };
    for (let id = await next(); id !== undefined; id = await next()) {
      tried.add(id);
      const value = await attempt(id);
      // An id from the lookup is remembered there, for a fixed time: using it does not extend it.
      if (value !== undefined) return { id, value };
      if (ref.endUser) this.forget(ref, id);
    }
    return undefined;
  }

  /**
   * Token requests with the same `key` within `shareMs` share one result: the first runs
   * `start`, the others join it (while it runs, and for `shareMs` after it succeeded). A
   * failure is not kept. Each asker still stops waiting when its own client goes away.
   */
  shared<T>(key: string, shareMs: number, start: () => Promise<T>): Promise<T> {
    const sessions = this.state.sessions;
    let entry = sessions.get(key) as Promise<T> | undefined;
    if (!entry) {
      const promise = Promise.resolve().then(start);
      entry = promise;
      // Held while it runs (bounded by the Nango timeouts), then for `shareMs` once it succeeded.
      sessions.set(key, promise, Number.MAX_SAFE_INTEGER);
      promise.then(
        // (A time of 0 is gone at once: only requests that came while it ran shared it.)
        () => sessions.get(key) === promise && sessions.set(key, promise, shareMs),
        () => sessions.get(key) === promise && sessions.delete(key),
      );
    }
    return untilAborted(entry, this.request.signal);
  }
}

/** The id of the newest entry of this end user and integration, if any. */
function newestOf(connections: unknown[], integrationId: string, endUserId: string): string | undefined {
  let best: { id?: string; created: number } = { created: -Infinity };
  for (const entry of connections) {
    const { connection_id: id, provider_config_key: key, created, end_user: owner } = (entry ?? {}) as NangoListedConnection;
    if (typeof id !== 'string' || !SAFE_ID.test(id) || key !== integrationId) continue;
    if (owner === undefined) {
      throw new NangoAnswerError(
        `nango.listConnections() listed connection "${id}" without end_user (an older Nango server?): whose it is cannot be checked, ` +
          'so it is neither shown nor taken as "no connection". Give resolve() the connectionId, or update Nango.',
      );
    }
    // (A string or number owner has no id either; only null needs the `?.`.)
    if ((owner as { id?: unknown } | null)?.id !== endUserId) continue;
    const time = typeof created === 'string' ? Date.parse(created) : NaN;
    const candidate = { id, created: Number.isNaN(time) ? -Infinity : time };
    // Most recently created wins; on a tie, the one Nango listed last (entries come in order).
    if (candidate.created >= best.created) best = candidate;
  }
  return best.id;
}
