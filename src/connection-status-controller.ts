/**
 * The widget's state machine, as a Lit `ReactiveController`: checks the status URL, retries
 * when it does not know, runs the reconnect flow, and fires the public events. Any Lit
 * element can host it; `<nango-connection-status>` is one view of it.
 *
 * Every transition goes through `#setState`, so `state.status` is the single source of truth.
 *
 * @example
 * class MyConnection extends LitElement {
 *   #connection = new ConnectionStatusController(this, {
 *     settings: () => ({ statusUrl: '/api/nango/status', tokenUrl: '/api/nango/token' }),
 *   });
 *   render() {
 *     const { status } = this.#connection.state;
 *     return status === 'invalid'
 *       ? html`<button @click=${() => this.#connection.reconnect()}>Reconnect</button>`
 *       : html`${status}`;
 *   }
 * }
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ConnectSession } from './connect-session.js';
import { DEFAULT_TIMEOUT_MS, type RequestSettings } from './http.js';
import { checkStatus, type StatusVerdict } from './status-request.js';
import { announceReconnected, watchStatus, type StatusWatcher } from './status-source.js';
import { requestSessionToken } from './token-request.js';
import type {
  ConnectionStatus,
  ReconnectedDetail,
  ReconnectErrorDetail,
  StatusChangeDetail,
  Theme,
} from './types.js';

/** What the host element configures. Read on every use, so changes apply to the next request. */
export interface ConnectionStatusSettings {
  statusUrl?: string;
  tokenUrl?: string;
  connectUiUrl?: string;
  apiUrl?: string;
  lang?: string;
  theme?: Theme;
  /** Default `same-origin`. */
  credentials?: RequestCredentials;
  headers?: Record<string, string>;
  /** Milliseconds before a status or token request is given up. Default 10000. */
  timeout?: number;
  /** Seconds between background checks while the page is visible; 0 or unset: none. */
  pollInterval?: number;
}

/**
 * Extra context for the current status: `token-failed` / `verify-failed` go with `invalid`
 * (what the user reads), `verifying` with `reconnecting` (Connect UI said `connect`),
 * `retrying` with `error` (an automatic retry is scheduled).
 */
export type StatusNotice = 'token-failed' | 'verify-failed' | 'verifying' | 'retrying';

export interface StatusState {
  status: ConnectionStatus;
  /** The server's reason (`invalid`) or what went wrong (`error`); plain text, never HTML. */
  reason?: string;
  /** The integration's display name, when the status URL gave one. */
  integration?: string;
  notice?: StatusNotice;
}

/** Automatic retries while the status is `error`: exponential, with jitter, capped. */
const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 60_000;
/** After Connect UI says `connect`, Nango may take a moment to report the connection healthy. */
export const VERIFY_DELAYS_MS = [0, 500, 1_000, 2_000];
/** A typo like `poll-interval="0.01"` must not flood the customer's backend. */
const MIN_POLL_SECONDS = 1;
/** Focus, visibility and online events closer together than this make one re-check. */
export const PAGE_RETURN_THROTTLE_MS = 2_000;

export function retryDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt);
  // "Equal jitter": at least half the backoff, so widgets that failed together spread out.
  return ceiling / 2 + random() * (ceiling / 2);
}

export interface ConnectionStatusControllerOptions {
  settings(): ConnectionStatusSettings;
  /** Called once Connect UI has closed and the view is updated: put focus back in the widget. */
  restoreFocus?(): void;
}

export class ConnectionStatusController implements ReactiveController {
  /** The current state; replaced (never mutated) on every transition. */
  state: StatusState = { status: 'checking' };
  /** When the status URL last answered. */
  lastChecked?: Date;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: ConnectionStatusControllerOptions;
  /** Aborts the status check in flight. */
  #check?: AbortController;
  /** Aborts the reconnect flow's requests and delays. */
  #flow?: AbortController;
  #session?: ConnectSession;
  #retryTimer?: ReturnType<typeof setTimeout>;
  #retryAttempt = 0;
  #pollTimer?: ReturnType<typeof setTimeout>;
  #connected = false;
  #started = false;
  #unwatch?: () => void;
  #lastPageReturn = -Infinity;
  #question: unknown[] = [];
  #pollInterval?: number;
  /** How this widget hears about answers other widgets got, and about the user coming back. */
  readonly #watcher: StatusWatcher = {
    onVerdict: (verdict) => {
      // A check of our own is in flight: its answer is on its way (often this very one, shared).
      if (this.state.status === 'reconnecting' || this.#check) return;
      this.#stopCheck();
      this.lastChecked = new Date();
      this.#applyVerdict(verdict);
    },
    onStale: (fresh) => {
      if (this.state.status === 'reconnecting') return;
      if (!fresh) {
        const now = performance.now();
        if (now - this.#lastPageReturn < PAGE_RETURN_THROTTLE_MS) return;
        this.#lastPageReturn = now;
      }
      this.#checkNow(true, fresh);
    },
  };

  constructor(host: ReactiveControllerHost & HTMLElement, options: ConnectionStatusControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected() {
    // A move in the DOM (disconnect + connect in one task) keeps everything running.
    if (this.#connected) return;
    this.#connected = true;
    // The first check waits for the host's first update (hostUpdate), when its attributes are known.
    if (this.#started) {
      this.#watch();
      this.#checkNow();
    }
  }

  hostDisconnected() {
    // Wait a microtask: if the element is put back at once (moved, not removed), keep going.
    queueMicrotask(() => {
      if (!this.#host.isConnected && this.#connected) {
        this.#connected = false;
        this.#stopAll();
        if (this.state.status === 'reconnecting') this.state = { ...this.state, status: 'invalid', notice: undefined };
      }
    });
  }

  /**
   * Before each host update: a change of the request settings (status URL, credentials,
   * headers, timeout) means a different question, so check again; a change of the poll
   * interval reschedules polling. The first update starts the first check, once the host's
   * attributes are known.
   */
  hostUpdate() {
    const settings = this.#options.settings();
    // Headers by content: frameworks often pass a new but equal object on every render.
    const question = [settings.statusUrl, settings.credentials, JSON.stringify(settings.headers ?? {}), settings.timeout];
    if (!this.#started || question.some((value, i) => value !== this.#question[i])) {
      this.#question = question;
      this.settingsChanged();
    } else if (settings.pollInterval !== this.#pollInterval) {
      this.schedulePoll();
    }
    this.#pollInterval = settings.pollInterval;
  }

  /**
   * Drops what is in flight, including an open reconnect flow for the old connection, and
   * checks again. Called by `hostUpdate` when the settings change.
   */
  settingsChanged() {
    if (!this.#connected) return;
    this.#started = true;
    this.#stopAll();
    this.#watch();
    this.#checkNow();
  }

  /** Restarts the polling timer, e.g. after `poll-interval` changed. */
  schedulePoll() {
    clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    const seconds = this.#options.settings().pollInterval;
    if (!this.#connected || !seconds || seconds <= 0 || this.state.status === 'error' || this.state.status === 'reconnecting') return;
    this.#pollTimer = setTimeout(() => {
      this.#pollTimer = undefined;
      // A hidden tab does not poll; coming back to it re-checks at once (status-source).
      if (document.visibilityState === 'hidden') return;
      if (this.state.status !== 'reconnecting') this.#checkNow(true);
    }, Math.max(seconds, MIN_POLL_SECONDS) * 1000);
  }

  #watch() {
    this.#unwatch?.();
    const { statusUrl } = this.#options.settings();
    this.#unwatch = statusUrl ? watchStatus(statusUrl, this.#watcher) : undefined;
  }

  /** Checks the status URL again now. Ignored while reconnecting (the flow checks by itself). */
  refresh() {
    if (!this.#connected || this.state.status === 'reconnecting') return;
    this.#retryAttempt = 0;
    this.#checkNow();
  }

  /**
   * Starts the reconnect flow: opens Connect UI in this task and asks the token URL in
   * parallel. Ignored while a flow is running, or while another widget's Connect UI is open.
   */
  reconnect() {
    if (!this.#connected || this.state.status === 'reconnecting' || ConnectSession.current) return;
    const settings = this.#options.settings();
    if (!settings.tokenUrl) {
      console.error('<nango-connection-status>: set the token-url attribute to reconnect.');
      this.#failFlow('token', 'token-url is not set');
      return;
    }
    this.#stopCheck();
    let session: ConnectSession | undefined;
    try {
      session = ConnectSession.open({
        baseURL: settings.connectUiUrl,
        apiURL: settings.apiUrl,
        lang: settings.lang,
        theme: settings.theme,
        onConnect: (payload) => this.#onConnect(payload),
        onError: (payload) =>
          this.#emit<ReconnectErrorDetail>('reconnecterror', {
            stage: 'connect-ui',
            errorType: typeof payload?.errorType === 'string' ? payload.errorType : undefined,
            message: typeof payload?.errorMessage === 'string' ? payload.errorMessage : 'Connect UI error',
          }),
        onClose: () => this.#onClose(),
        // Twice the request timeout: Connect UI is a whole app to load, not one JSON answer.
        loadTimeoutMs: 2 * requestSettings(settings).timeoutMs,
        onLoadFailure: () => this.#failFlow('connect-ui', 'Connect UI did not load'),
      });
    } catch {
      this.#failFlow('connect-ui', 'connect-ui-url is not a valid URL');
      return;
    }
    if (!session) return;
    this.#session = session;
    const flow = (this.#flow = new AbortController());
    this.#setState({ status: 'reconnecting', integration: this.state.integration });
    requestSessionToken(settings.tokenUrl, requestSettings(settings), flow.signal).then(
      (answer) => {
        if ('token' in answer) session.setSessionToken(answer.token);
        else this.#failFlow('token', answer.error);
      },
      () => {
        /* aborted: the flow was stopped, nothing to report */
      },
    );
  }

  /** The flow could not start (no token, or no Connect UI): back to Reconnect, and say so. */
  #failFlow(stage: 'token' | 'connect-ui', message: string) {
    this.#endFlow();
    this.#setState({ status: 'invalid', integration: this.state.integration, notice: 'token-failed' });
    this.#emit<ReconnectErrorDetail>('reconnecterror', { stage, message });
    void this.#host.updateComplete.then(() => this.#options.restoreFocus?.());
  }

  #onConnect(payload: Partial<ReconnectedDetail> | undefined) {
    if (this.state.notice === 'verifying' || this.state.status !== 'reconnecting') return;
    const detail: ReconnectedDetail = {
      connectionId: String(payload?.connectionId ?? ''),
      providerConfigKey: String(payload?.providerConfigKey ?? ''),
    };
    this.#setState({ ...this.state, notice: 'verifying' });
    void this.#verify(detail, this.#flow!.signal);
  }

  /** Connect UI said it connected: believe the status URL, not the message. */
  async #verify(detail: ReconnectedDetail, signal: AbortSignal) {
    const settings = this.#options.settings();
    let verdict: StatusVerdict | undefined;
    try {
      for (const delay of VERIFY_DELAYS_MS) {
        if (delay) await abortableDelay(delay, signal);
        if (!settings.statusUrl) break;
        verdict = await checkStatus(settings.statusUrl, requestSettings(settings), signal, true);
        this.lastChecked = new Date();
        if (verdict.status === 'valid') break;
      }
      if (verdict?.status === 'valid') announceReconnected(settings.statusUrl!);
    } catch {
      return; // aborted: the widget went away or its settings changed
    }
    if (this.#session === undefined) this.#flow = undefined;
    if (verdict?.status === 'valid') {
      this.#setState({ status: 'valid', integration: verdict.integration ?? this.state.integration });
      this.#emit<ReconnectedDetail>('reconnected', detail);
      this.schedulePoll();
      return;
    }
    this.#emit<ReconnectErrorDetail>('reconnecterror', {
      stage: 'verify',
      message: 'Connect UI reported success, but the status URL does not agree',
    });
    if (verdict) this.#applyVerdict(verdict, 'verify-failed');
    else this.#setState({ status: 'invalid', notice: 'verify-failed', integration: this.state.integration });
  }

  #onClose() {
    this.#session = undefined;
    const verifying = this.state.notice === 'verifying';
    if (!verifying) {
      this.#flow?.abort();
      this.#flow = undefined;
    }
    if (this.state.status === 'reconnecting' && !verifying) {
      this.#setState({ status: 'invalid', integration: this.state.integration, reason: undefined });
      this.#emit('reconnectcancel', undefined);
      // The user may have fixed it in a way we could not see: ask again, quietly.
      this.#checkNow(true);
    }
    void this.#host.updateComplete.then(() => this.#options.restoreFocus?.());
  }

  #checkNow(quiet = false, fresh = false) {
    this.#stopCheck();
    const settings = this.#options.settings();
    if (!settings.statusUrl) {
      console.error('<nango-connection-status>: set the status-url attribute.');
      this.#setState({ status: 'error', reason: 'status-url is not set' });
      return;
    }
    if (!quiet && this.state.status !== 'checking') this.#setState({ status: 'checking', integration: this.state.integration });
    const check = (this.#check = new AbortController());
    checkStatus(settings.statusUrl, requestSettings(settings), check.signal, fresh).then(
      (verdict) => {
        if (this.#check !== check) return;
        this.#check = undefined;
        this.lastChecked = new Date();
        this.#applyVerdict(verdict);
      },
      () => {
        /* aborted: a newer check or a removal took over */
      },
    );
  }

  #applyVerdict(verdict: StatusVerdict, notice?: StatusNotice) {
    if (verdict.status === 'error') {
      this.#setState({ status: 'error', reason: verdict.reason, integration: this.state.integration, notice: 'retrying' });
      const delay = verdict.retryAfterMs ?? retryDelay(this.#retryAttempt);
      this.#retryAttempt++;
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        this.#checkNow(true);
      }, delay);
      return;
    }
    this.#retryAttempt = 0;
    const integration = verdict.integration ?? this.state.integration;
    if (verdict.status === 'valid') this.#setState({ status: 'valid', integration });
    else this.#setState({ status: 'invalid', reason: verdict.reason, integration, notice });
    this.schedulePoll();
  }

  #setState(next: StatusState) {
    const previousStatus = this.state.status;
    this.state = next;
    this.#host.requestUpdate();
    if (next.status !== previousStatus) {
      this.#emit<StatusChangeDetail>('statuschange', { status: next.status, previousStatus, reason: next.reason });
    }
  }

  #emit<T>(type: string, detail: T) {
    if (!this.#connected) return;
    this.#host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #stopCheck() {
    this.#check?.abort();
    this.#check = undefined;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
  }

  #endFlow() {
    this.#flow?.abort();
    this.#flow = undefined;
    this.#session?.close();
    this.#session = undefined;
  }

  #stopAll() {
    this.#stopCheck();
    this.#endFlow();
    this.#unwatch?.();
    this.#unwatch = undefined;
  }
}

function requestSettings(settings: ConnectionStatusSettings): RequestSettings {
  return { credentials: settings.credentials ?? 'same-origin', headers: settings.headers, timeoutMs: settings.timeout ?? DEFAULT_TIMEOUT_MS };
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
