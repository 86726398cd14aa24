import { html, LitElement, nothing } from 'lit';
import { ConnectionStatusController, type StatusState } from './connection-status-controller.js';
import { statusIcon } from './icons.js';
import { PageLanguageController } from './page-language.js';
import { resolveStrings, type StringOverrides, type Strings } from './strings/index.js';
import { styles } from './styles.js';
import type { ConnectionStatus, Theme } from './types.js';

/**
 * Shows whether a Nango connection works, and lets the user reconnect it through Nango's
 * Connect UI when it does not.
 *
 * @summary Status and one-click reconnect for a Nango connection.
 *
 * @fires {CustomEvent<StatusChangeDetail>} statuschange - The status changed. `detail: { status, previousStatus, reason? }`.
 * @fires {CustomEvent<ReconnectedDetail>} reconnected - The user re-authorized in Connect UI **and** the status URL confirmed it. Once per flow. `detail: { connectionId, providerConfigKey }`.
 * @fires {CustomEvent<undefined>} reconnectcancel - Connect UI was closed before connecting.
 * @fires {CustomEvent<ReconnectErrorDetail>} reconnecterror - The token URL failed (Connect UI is closed); Connect UI reported an error (it stays open so the user can retry); or Connect UI said connected but the status URL never agreed. `detail: { stage: 'token' | 'connect-ui' | 'verify', errorType?, message }`.
 *
 * @csspart base - The container.
 * @csspart icon - The status icon.
 * @csspart message - The live region with the status text.
 * @csspart button - The action button (Reconnect or Try again).
 * @csspart reconnect-button - The Reconnect button.
 * @csspart retry-button - The Try again button.
 *
 * @slot checking - Replaces the text while checking.
 * @slot valid - Replaces the text when the connection works.
 * @slot invalid - Replaces the text when the connection needs reconnecting (the Reconnect button stays).
 * @slot reconnecting - Replaces the text while Connect UI is open.
 * @slot error - Replaces the text when the status is unknown (the Try again button stays).
 * @slot valid-icon - Replaces the icon when valid.
 * @slot invalid-icon - Replaces the icon when invalid.
 * @slot error-icon - Replaces the icon when the status is unknown.
 * @slot checking-icon - Replaces the icon while checking.
 * @slot reconnecting-icon - Replaces the icon while reconnecting.
 *
 * @cssprop --nango-font - Font shorthand. Default: inherited from the page.
 * @cssprop --nango-radius - Corner radius. Default: `8px`.
 * @cssprop --nango-gap - Space between icon, text and button. Default: `0.625rem`.
 * @cssprop --nango-text-color - Main text. Default: `#1f2328` light / `#e6edf3` dark.
 * @cssprop --nango-muted-color - Secondary text and neutral icons. Default: `#59636e` / `#9198a1`.
 * @cssprop --nango-surface - Background. Default: `#fff` / `#0d1117`.
 * @cssprop --nango-border-color - Border. Default: `#d1d9e0` / `#3d444d`.
 * @cssprop --nango-valid-color - Icon when valid. Default: `#1a7f37` / `#3fb950`.
 * @cssprop --nango-invalid-color - Icon and border when invalid. Default: `#cf222e` / `#ff7b72`.
 * @cssprop --nango-error-color - Icon when the status is unknown. Default: `#9a6700` / `#d29922`.
 * @cssprop --nango-accent-color - Buttons. Default: `#0550ae` / `#4493f8`.
 * @cssprop --nango-accent-text-color - Text on the Reconnect button. Default: `#fff` / `#0d1117`.
 * @cssprop --nango-focus-color - Focus ring. Default: `#0969da` / `#4493f8`.
 */
export class NangoConnectionStatus extends LitElement {
  static override styles = styles;

  // `static properties` rather than decorators: the same for Lit, and lighter in the script-tag build.
  static override properties = {
    statusUrl: { attribute: 'status-url' },
    tokenUrl: { attribute: 'token-url' },
    connectUiUrl: { attribute: 'connect-ui-url' },
    apiUrl: { attribute: 'api-url' },
    lang: {},
    theme: { reflect: true },
    credentials: {},
    timeout: { type: Number },
    pollInterval: { attribute: 'poll-interval', type: Number },
    headers: { attribute: false },
    strings: { attribute: false },
  };

  /** URL of your backend route that reports the connection's health (GET). Required. */
  declare statusUrl?: string;

  /** URL of your backend route that answers a Nango reconnect session token (POST). Required to reconnect. */
  declare tokenUrl?: string;

  /** Connect UI base URL, passed to `ConnectUI` as `baseURL`. Default: Nango cloud. */
  declare connectUiUrl?: string;

  /** Nango API URL, passed to `ConnectUI` as `apiURL`. Default: Nango cloud. */
  declare apiUrl?: string;

  /** Language of the widget and of Connect UI: `en`, `fr`, `de`, `es`, `ja`. Default: the nearest ancestor's `lang`, else the page's. */
  declare lang: string;

  /** `light`, `dark` or `system` (follows `prefers-color-scheme`, the default). Also passed to Connect UI. */
  declare theme?: Theme;

  /** `fetch` credentials mode for the status and token requests: `same-origin` (default), `include` or `omit`. */
  declare credentials: RequestCredentials;

  /** Milliseconds before a status or token request is given up (twice that for Connect UI to load). */
  declare timeout: number;

  /** Seconds between background checks while the page is visible (paused while hidden); 0 or unset: no polling. At least 1. */
  declare pollInterval?: number;

  /**
   * Extra request headers for the status and token requests, e.g. a CSRF token:
   * `el.headers = { 'X-CSRF-Token': token }`. Property only.
   */
  declare headers?: Record<string, string>;

  /**
   * Replace any built-in text: `el.strings = { reconnect: 'Sign in again', valid: '{name} is syncing' }`.
   * Property only.
   */
  declare strings?: StringOverrides;

  readonly #controller = new ConnectionStatusController(this, {
    settings: () => ({
      statusUrl: this.statusUrl,
      tokenUrl: this.tokenUrl,
      connectUiUrl: this.connectUiUrl,
      apiUrl: this.apiUrl,
      lang: this.#language(),
      theme: this.theme,
      credentials: this.credentials,
      headers: this.headers,
      timeout: this.timeout,
      pollInterval: this.pollInterval,
    }),
    restoreFocus: () => (this.renderRoot.querySelector('button') ?? this.renderRoot.querySelector<HTMLElement>('.base'))?.focus(),
  });

  readonly #internals?: ElementInternals = this.attachInternals?.();

  constructor() {
    super();
    this.credentials = 'same-origin';
    // DEFAULT_TIMEOUT_MS, written out: the manifest (and so the README) documents this literal.
    this.timeout = 10_000;
    new PageLanguageController(this);
  }

  /**
   * `checking` | `valid` | `invalid` | `reconnecting` | `error`. Read-only; reflected to the
   * `status` attribute and to the CSS custom state (`:state(valid)`).
   */
  get status(): ConnectionStatus {
    return this.#controller.state.status;
  }

  /** When the status URL last answered, or `undefined` before the first answer. */
  get lastChecked(): Date | undefined {
    return this.#controller.lastChecked;
  }

  /** Checks the status URL again now. */
  refresh(): void {
    this.#controller.refresh();
  }

  /** Starts the reconnect flow, as a click on Reconnect does. */
  reconnect(): void {
    this.#controller.reconnect();
  }

  protected override updated() {
    const status = this.status;
    if (this.getAttribute('status') !== status) this.setAttribute('status', status);
    const states = this.#internals?.states;
    if (states && !states.has(status)) {
      states.clear();
      states.add(status);
    }
  }

  #language(): string | undefined {
    return this.lang || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || undefined;
  }

  protected override render() {
    const state = this.#controller.state;
    const { status } = state;
    const strings = resolveStrings(this.#language(), this.strings);
    // Slots carry our text as fallback: slotted content replaces words, never behaviour.
    // The buttons are described by the message, so several "Reconnect" buttons on one
    // settings page each say which integration they are for.
    return html`<div part="base" class="base" tabindex="-1">
      <span part="icon" class="icon"><slot name=${`${status}-icon`}>${statusIcon(status)}</slot></span>
      <div part="message" class="message" id="message" role="status">
        <slot name=${status}>${strings[status](state.integration)}</slot>
        ${renderDetail(detail(state, strings))}
      </div>
      ${status === 'invalid'
        ? html`<button part="button reconnect-button" type="button" aria-describedby="message" @click=${() => this.reconnect()}>${strings.reconnect}</button>`
        : status === 'error'
          ? html`<button part="button retry-button" class="secondary" type="button" aria-describedby="message" @click=${() => this.refresh()}>${strings.tryAgain}</button>`
          : nothing}
    </div>`;
  }
}

function detail({ status, notice, reason }: StatusState, strings: Strings): string | undefined {
  if (status === 'invalid') return notice === 'token-failed' ? strings.tokenFailed : notice === 'verify-failed' ? strings.verifyFailed : reason;
  return notice === 'retrying' ? strings.retrying : undefined;
}

function renderDetail(text: string | undefined) {
  // Lit renders strings as text nodes: server text can never become markup.
  return text ? html`<span class="detail">${text}</span>` : nothing;
}
