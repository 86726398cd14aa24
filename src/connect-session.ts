/**
 * One Connect UI reconnect session: wraps `@nangohq/frontend`'s `ConnectUI` (the iframe and
 * its postMessage protocol), allows one open at a time on a page, and notices when the
 * iframe goes away without the `close` message.
 */
import { ConnectUI, type ConnectUIEvent } from '@nangohq/frontend';
import type { Theme } from './types.js';

export interface ConnectSessionOptions {
  /** Connect UI base URL; relative URLs resolve against the page. Default: Nango cloud. */
  baseURL?: string;
  /** Nango API URL the Connect UI talks to. Default: Nango cloud. */
  apiURL?: string;
  lang?: string;
  theme?: Theme;
  onConnect(payload: { connectionId: string; providerConfigKey: string }): void;
  onError(payload: { errorType?: string; errorMessage?: string }): void;
  /** The UI is gone: the user closed it, or something removed its iframe. */
  onClose(): void;
  /** Milliseconds to wait for Connect UI's `ready` before giving up on it. */
  loadTimeoutMs: number;
  /** Connect UI never said `ready` (a wrong URL, a CSP without `frame-src`, no network): it is closed. */
  onLoadFailure(): void;
}

let openSession: ConnectSession | undefined;

export class ConnectSession {
  /**
   * Opens Connect UI at once, without a token yet, so it shows in the same task as the
   * click (no popup blocker, no blank wait). Returns `undefined` when another session is
   * open on the page: Connect UI is a full-page dialog, two would stack.
   * Throws when `baseURL` is not a URL.
   */
  static open(options: ConnectSessionOptions): ConnectSession | undefined {
    if (openSession) return undefined;
    return new ConnectSession(options);
  }

  /** The session open on the page, if any. */
  static get current(): ConnectSession | undefined {
    return openSession;
  }

  readonly #ui: ConnectUI;
  readonly #options: ConnectSessionOptions;
  readonly #bodyOverflow: string;
  #iframeWatcher?: MutationObserver;
  #loadTimer?: ReturnType<typeof setTimeout>;
  #closed = false;

  private constructor(options: ConnectSessionOptions) {
    this.#options = options;
    // ConnectUI reads `new URL(baseURL)`, which throws on the relative URLs people write in attributes.
    const baseURL = options.baseURL ? new URL(options.baseURL, document.baseURI).href : undefined;
    const apiURL = options.apiURL ? new URL(options.apiURL, document.baseURI).href : undefined;
    this.#ui = new ConnectUI({
      baseURL,
      apiURL,
      lang: options.lang,
      themeOverride: options.theme,
      onEvent: (event) => this.#onEvent(event),
    });
    // ConnectUI clears body overflow on close; give the page back what it had.
    this.#bodyOverflow = document.body.style.overflow;
    this.#ui.open();
    openSession = this;
    this.#watchIframe();
    // A Connect UI that never loads would leave a blank full-page iframe over the app, with
    // scrolling off and no close button: give up on it instead.
    this.#loadTimer = setTimeout(() => {
      this.#end();
      options.onLoadFailure();
    }, options.loadTimeoutMs);
  }

  /** The Connect UI iframe while open. */
  get iframe(): HTMLIFrameElement | undefined {
    return this.#ui.iframe ?? undefined;
  }

  /** Hands the session token to Connect UI; it stays in memory only (ConnectUI posts it to the iframe). */
  setSessionToken(token: string) {
    if (!this.#closed) this.#ui.setSessionToken(token);
  }

  /** Closes the UI without calling `onClose` (the caller knows why it closes). */
  close() {
    this.#end();
  }

  #onEvent(event: ConnectUIEvent) {
    if (this.#closed) return;
    switch (event.type) {
      case 'ready':
        clearTimeout(this.#loadTimer);
        break;
      case 'connect':
        this.#options.onConnect(event.payload);
        break;
      case 'error':
        this.#options.onError(event.payload);
        break;
      case 'close':
        this.#end();
        this.#options.onClose();
        break;
    }
  }

  /** Someone else removed the iframe (a router swapping the body, a cleanup script): treat it as closed. */
  #watchIframe() {
    this.#iframeWatcher = new MutationObserver(() => {
      if (!this.#closed && !this.#ui.iframe?.isConnected) {
        this.#end();
        this.#options.onClose();
      }
    });
    this.#iframeWatcher.observe(document.body, { childList: true });
  }

  #end() {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#loadTimer);
    this.#iframeWatcher?.disconnect();
    this.#ui.close();
    document.body.style.overflow = this.#bodyOverflow;
    if (openSession === this) openSession = undefined;
  }
}
