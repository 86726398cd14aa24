/**
 * The widget's state machine, as a Lit `ReactiveController`: checks the status URL, retries
 * when it does not know, runs the connect and reconnect flows, and fires the public events. Any Lit
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
 *     return status === 'invalid' || status === 'disconnected'
 *       ? html`<button @click=${() => this.#connection.reconnect()}>${status === 'invalid' ? 'Reconnect' : 'Connect'}</button>`
 *       : html`${status}`;
 *   }
 * }
 */
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { Said } from './http.js';
import { complain } from './complain.js';
import { load, loaded } from './on-need.js';
import type { FlowHost } from './reconnect-flow.js';
import { checkedUrl, requestSettings } from './request-settings.js';
import { checkStatus, type StatusVerdict } from './status-request.js';
import { announceReconnected, watchStatus, type StatusWatcher } from './status-source.js';
import type {
  ConnectionStatus,
  FlowIntent,
  ReconnectCancelDetail,
  ReconnectErrorDetail,
  ReconnectErrorStage,
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
  /** The app's event stream: each event re-checks the status (docs/live-status.md). */
  eventsUrl?: string;
}

/**
 * Extra context for the current status: `token-failed` / `verify-failed` go with `invalid` or
 * `disconnected` (what the user reads), `verifying` with `reconnecting` (Connect UI said
 * `connect`), `retrying` with `error` (an automatic retry is scheduled).
 */
export type StatusNotice = 'token-failed' | 'verify-failed' | 'verifying' | 'retrying';

export interface StatusState {
  status: ConnectionStatus;
  /** The server's reason (`invalid`) or what went wrong (`error`), for developers; plain text, never HTML. */
  reason?: string;
  /** What the server said that the user may read (its reason, code and language). */
  said?: Said;
  /** The integration's display name, when the status URL gave one. */
  integration?: string;
  notice?: StatusNotice;
}

/** Automatic retries while the status is `error`: exponential, with jitter, capped. */
const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 60_000;
/** A typo like `poll-interval="0.01"` must not flood the customer's backend. */
const MIN_POLL_SECONDS = 1;
/** Focus, visibility and online events closer together than this make one re-check. */
export const PAGE_RETURN_THROTTLE_MS = 2_000;

export function retryDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (attempt + 1));
  // "Equal jitter": at least half the backoff, so widgets that failed together spread out.
  return ceiling / 2 + random() * (ceiling / 2);
}

export interface ConnectionStatusControllerOptions {
  settings(): ConnectionStatusSettings;
  /** Called once Connect UI has closed and the view is updated: put focus back in the widget. */
  restoreFocus?(): void;
  /** The Connect UI iframe's accessible name, e.g. "Reconnect GitHub". */
  title?(intent: FlowIntent): string;
  /** What the widget's layer says while Connect UI loads, e.g. "Opening GitHub…". */
  opening?(): string;
}

export class ConnectionStatusController implements ReactiveController {
  /** The current state; replaced (never mutated) on every transition. */
  state: StatusState = { status: 'checking' };
  /** When the status URL last answered. */
  lastChecked?: Date;
  /** Connect UI is open (the page behind it is inert). */
  get dialogOpen(): boolean {
    return this.#dialogOpen;
  }

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: ConnectionStatusControllerOptions;
  /** Aborts the status check in flight. */
  #check?: AbortController;
  /** Ends the running flow (./reconnect-flow.ts): aborts its requests and delays, closes Connect UI. */
  #endRunningFlow?: () => void;
  /** The state to go back to when the flow ends without connecting. */
  #before: StatusState = this.state;
  #retryTimer?: ReturnType<typeof setTimeout>;
  #retryAttempt = 0;
  #pollTimer?: ReturnType<typeof setTimeout>;
  #connected = false;
  #started = false;
  #unwatch?: () => void;
  #lastPageReturn = -Infinity;
  #question: unknown[] = [];
  #pollInterval?: number;
  /** A flow asked for before its code arrived (see `reconnect`): started when it does. */
  #awaitingFlow = false;
  /** From the moment Connect UI opens until it has closed (see `dialogOpen`). */
  #dialogOpen = false;
  /** The status answer's `provider_config_key`: which events-url news is about this widget. */
  #key?: unknown;
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
      // Also while opening: Connect UI's layer takes focus, which can read as the user coming back.
      if (this.state.status === 'reconnecting' || this.#dialogOpen || loaded('flow')?.ConnectSession.current) return;
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
        if (this.state.status === 'reconnecting') this.state = this.#before;
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
    const host = this.#host;
    // Wait for the page's own scripts (they may set `headers`), and for a framework that
    // hydrates server HTML to set the properties and remove `defer-hydration`.
    if (!this.#started && (document.readyState === 'loading' || host.hasAttribute('defer-hydration'))) {
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => host.requestUpdate(), { once: true });
      return;
    }
    const settings = this.#options.settings();
    // Headers by content: frameworks often pass a new but equal object on every render.
    const question = [settings.statusUrl, settings.credentials, JSON.stringify(settings.headers ?? {}), settings.timeout, settings.eventsUrl];
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
    const settings = this.#options.settings();
    const { statusUrl, eventsUrl } = settings;
    const unwatch = statusUrl ? watchStatus(statusUrl, this.#watcher) : undefined;
    // The stream's code is fetched on need (./on-need.ts); `false` once this watch has ended.
    let unlisten: (() => void) | undefined | false;
    try {
      if (statusUrl && eventsUrl) {
        const url = checkedUrl(eventsUrl, 'events-url');
        load('events').then(({ listenForEvents }) => {
          // News names its integration: only this widget's (or any, before the first answer) re-checks it.
          unlisten ??= listenForEvents(url, requestSettings(settings), (data) => {
            if (!this.#key || !data || data.includes(`"${this.#key}"`)) this.#watcher.onStale(true);
          });
        }, complain);
      }
    } catch (error) {
      complain(error);
    }
    this.#unwatch = () => (unwatch?.(), unlisten && unlisten(), (unlisten = false));
  }

  /** Checks the status URL again now. Ignored while reconnecting (the flow checks by itself). */
  refresh() {
    if (!this.#connected || this.state.status === 'reconnecting') return;
    this.#retryAttempt = 0;
    this.#checkNow();
  }

  /**
   * Starts the flow: Connect when the status is `disconnected`, else Reconnect. Opens Connect
   * UI in this task and asks the token URL in parallel. Ignored while a flow is running, or
   * while another widget's Connect UI is open. The flow's code is fetched as soon as a widget
   * offers Connect or Reconnect; if it has not arrived yet, Connect UI opens when it does.
   */
  reconnect() {
    const flow = loaded('flow');
    if (!this.#connected || this.state.status === 'reconnecting' || flow?.ConnectSession.current) return;
    if (flow) {
      this.#endRunningFlow = flow.startFlow(this.#flowHost);
      this.#dialogOpen = !!this.#endRunningFlow;
      return;
    }
    if (this.#awaitingFlow) return;
    this.#awaitingFlow = true;
    this.#before = this.state;
    load('flow').then(
      () => this.#awaitingFlow && ((this.#awaitingFlow = false), this.reconnect()),
      (error: unknown) =>
        this.#awaitingFlow &&
        ((this.#awaitingFlow = false), this.#failFlow('connect-ui', this.#before.status === 'disconnected' ? 'connect' : 'reconnect', complain(error))),
    );
  }

  /** What a running flow may do to this widget. */
  readonly #flowHost: FlowHost = {
    state: () => this.state,
    settings: () => this.#options.settings(),
    options: () => this.#options,
    begin: () => {
      this.#before = this.state;
      this.#stopCheck();
      // Set before opening: Connect UI's "Opening…" layer takes focus as it opens.
      this.#dialogOpen = true;
    },
    setState: (next) => this.#setState(next),
    emit: (type, detail) => this.#emit(type, detail),
    fail: (stage, intent, message, said) => this.#failFlow(stage, intent, message, said),
    cancel: (intent) => {
      this.#endRunningFlow = undefined;
      // Back to exactly what was shown before: the quiet check below usually confirms it, so
      // the live region changes once, not twice.
      this.#setState(this.#before);
      this.#emit<ReconnectCancelDetail>('reconnectcancel', { intent });
      // The user may have fixed it in a way we could not see: ask again, quietly.
      this.#checkNow(true);
    },
    check: (signal) => {
      const settings = this.#options.settings();
      return settings.statusUrl
        ? checkStatus(settings.statusUrl, requestSettings(settings), signal, true).then((verdict) => ((this.lastChecked = new Date()), verdict))
        : undefined;
    },
    verified: (intent, detail, verdict) => {
      if (verdict?.status === 'valid') {
        announceReconnected(this.#options.settings().statusUrl!);
        this.#setState({ status: 'valid', integration: verdict.integration ?? this.state.integration });
        this.#emit(intent === 'connect' ? 'connected' : 'reconnected', detail);
        this.schedulePoll();
        return;
      }
      this.#emit<ReconnectErrorDetail>('reconnecterror', { stage: 'verify', intent, message: 'The status URL does not agree' });
      if (verdict) this.#applyVerdict(verdict, 'verify-failed');
      else this.#setState({ ...this.#before, notice: 'verify-failed' });
    },
    restoreFocus: () => {
      this.#dialogOpen = false;
      void this.#host.updateComplete.then(() => this.#options.restoreFocus?.());
    },
  };

  /**
   * The flow could not start (no token, or no Connect UI): back to Connect or Reconnect, and
   * say so: what the server said when trying again will not help, else "try again".
   */
  #failFlow(stage: ReconnectErrorStage, intent: FlowIntent, message: string, said?: Said) {
    this.#endFlow();
    const { status, integration } = this.#before;
    this.#setState(said?.text || said?.code ? { status, integration, said } : { status, integration, notice: 'token-failed' });
    this.#emit<ReconnectErrorDetail>('reconnecterror', { stage, intent, message });
    // The flow stopped the checks: started while checking or retrying (by script), check again; else poll again.
    if (status === 'checking' || status === 'error') this.#checkNow(true);
    else this.schedulePoll();
    this.#flowHost.restoreFocus();
  }

  #checkNow(quiet = false, fresh = false) {
    this.#stopCheck();
    const settings = this.#options.settings();
    let statusUrl: string;
    try {
      statusUrl = checkedUrl(settings.statusUrl, 'status-url');
    } catch (error) {
      this.#setState({ status: 'error', reason: complain(error) });
      return;
    }
    if (!quiet && this.state.status !== 'checking') this.#setState({ status: 'checking', integration: this.state.integration });
    const check = (this.#check = new AbortController());
    checkStatus(statusUrl, requestSettings(settings), check.signal, fresh).then(
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
      const retry = verdict.retryAfterMs !== undefined;
      this.#setState({ status: 'error', reason: verdict.reason, said: verdict.said, integration: this.state.integration, notice: retry ? 'retrying' : undefined });
      if (!retry) return;
      // Never sooner than the base backoff, whatever Retry-After says (0, a date in the past):
      // the customer's backend and Nango's quota are shared by every user of the app.
      const delay = Math.max(RETRY_BASE_MS, verdict.retryAfterMs || retryDelay(this.#retryAttempt));
      this.#retryAttempt++;
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        this.#checkNow(true);
      }, delay);
      return;
    }
    this.#retryAttempt = 0;
    this.#key = verdict.key ?? this.#key;
    const integration = verdict.integration ?? this.state.integration;
    if (verdict.status === 'valid') this.#setState({ status: 'valid', integration });
    else this.#setState({ status: verdict.status, reason: verdict.reason, said: verdict.said, integration, notice });
    this.schedulePoll();
  }

  #setState(next: StatusState) {
    const previousStatus = this.state.status;
    // Connect or Reconnect is on offer: fetch the flow now, so the click opens Connect UI at once.
    if (next.status === 'invalid' || next.status === 'disconnected') load('flow').catch(() => {});
    this.state = next;
    this.#host.requestUpdate();
    if (next.status !== previousStatus) {
      this.#emit<StatusChangeDetail>('statuschange', { status: next.status, previousStatus, reason: next.reason, code: next.said?.code, missingScopes: next.said?.scopes });
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
    this.#awaitingFlow = false;
    this.#dialogOpen = false;
    this.#endRunningFlow?.();
    this.#endRunningFlow = undefined;
  }

  #stopAll() {
    this.#stopCheck();
    this.#endFlow();
    this.#unwatch?.();
    this.#unwatch = undefined;
  }
}
