import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { ConnectionStatusController, type StatusState } from './connection-status-controller.js';
import { statusIcon } from './icons.js';
import { resolveStrings, type Strings } from './strings/index.js';
import { styles } from './styles.js';
import type { ConnectionStatus, Theme } from './types.js';

/** Properties whose change means "a different question": check again. */
const REQUEST_SETTINGS = ['statusUrl', 'credentials', 'headers', 'timeout'] as const;

/**
 * Shows whether a Nango connection works, and lets the user reconnect it through Nango's
 * Connect UI when it does not.
 *
 * @summary Status and one-click reconnect for a Nango connection.
 *
 * @fires {CustomEvent<StatusChangeDetail>} statuschange - The status changed. `detail: { status, previousStatus, reason? }`.
 * @fires {CustomEvent<ReconnectedDetail>} reconnected - The user re-authorized and the status URL confirmed it. `detail: { connectionId, providerConfigKey }`.
 * @fires {CustomEvent<undefined>} reconnectcancel - Connect UI was closed before connecting.
 * @fires {CustomEvent<ReconnectErrorDetail>} reconnecterror - The flow failed. `detail: { stage: 'token' | 'connect-ui' | 'verify', errorType?, message }`.
 *
 * @csspart base - The container.
 * @csspart icon - The status icon.
 * @csspart message - The live region with the status text.
 * @csspart button - The action button (Reconnect or Try again).
 * @csspart reconnect-button - The Reconnect button.
 * @csspart retry-button - The Try again button.
 *
 * @cssprop --nango-font - Font shorthand. Default: inherited.
 * @cssprop --nango-radius - Corner radius. Default: 8px.
 * @cssprop --nango-gap - Space between icon, text and button. Default: 0.625rem.
 * @cssprop --nango-text-color - Main text colour.
 * @cssprop --nango-muted-color - Secondary text and neutral icon colour.
 * @cssprop --nango-surface - Background.
 * @cssprop --nango-border-color - Border colour.
 * @cssprop --nango-valid-color - Icon colour when valid.
 * @cssprop --nango-invalid-color - Icon and border colour when invalid.
 * @cssprop --nango-error-color - Icon colour when the status is unknown.
 * @cssprop --nango-accent-color - Button colour.
 * @cssprop --nango-accent-text-color - Button text colour.
 * @cssprop --nango-focus-color - Focus ring colour.
 */
export class NangoConnectionStatus extends LitElement {
  static override styles = styles;

  /** URL of your backend route that reports the connection's health (GET). Required. */
  @property({ attribute: 'status-url' }) statusUrl?: string;

  /** URL of your backend route that answers a Nango reconnect session token (POST). Required to reconnect. */
  @property({ attribute: 'token-url' }) tokenUrl?: string;

  /** Connect UI base URL, passed to `ConnectUI` as `baseURL`. Default: Nango cloud. */
  @property({ attribute: 'connect-ui-url' }) connectUiUrl?: string;

  /** Nango API URL, passed to `ConnectUI` as `apiURL`. Default: Nango cloud. */
  @property({ attribute: 'api-url' }) apiUrl?: string;

  /**
   * Language of the widget and of Connect UI. Default: the nearest ancestor's `lang`, else the page's.
   */
  @property() override lang!: string;

  /** `light`, `dark` or `system` (follows `prefers-color-scheme`). Also passed to Connect UI. */
  @property({ reflect: true }) theme?: Theme;

  /** `fetch` credentials mode for the status and token requests. */
  @property() credentials: RequestCredentials = 'same-origin';

  /** Milliseconds before a status or token request is given up. */
  @property({ type: Number }) timeout = 10_000;

  /**
   * Extra request headers for the status and token requests, e.g. a CSRF token:
   * `el.headers = { 'X-CSRF-Token': token }`. Property only.
   */
  @property({ attribute: false }) headers?: Record<string, string>;

  /** Replace any of the built-in strings: `el.strings = { reconnect: 'Sign in again' }`. Property only. */
  @property({ attribute: false }) strings?: Partial<Strings>;

  @query('button') private button?: HTMLButtonElement;
  @query('.base') private base?: HTMLElement;

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
    }),
    restoreFocus: () => (this.button ?? this.base)?.focus(),
  });

  readonly #internals?: ElementInternals = this.attachInternals?.();

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

  protected override willUpdate(changed: PropertyValues<this>) {
    if (!this.hasUpdated || REQUEST_SETTINGS.some((key) => changed.has(key))) this.#controller.settingsChanged();
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
    const strings = resolveStrings(this.#language(), this.strings);
    return html`<div part="base" class="base" data-status=${state.status} tabindex="-1">
      <span part="icon" class="icon">${statusIcon(state.status)}</span>
      <div part="message" class="message" role="status">
        <span class="title">${title(state, strings)}</span>
        ${renderDetail(detail(state, strings))}
      </div>
      ${this.#renderAction(state.status, strings)}
    </div>`;
  }

  #renderAction(status: ConnectionStatus, strings: Strings) {
    if (status === 'invalid') {
      return html`<button part="button reconnect-button" type="button" @click=${() => this.reconnect()}>${strings.reconnect}</button>`;
    }
    if (status === 'error') {
      return html`<button part="button retry-button" class="secondary" type="button" @click=${() => this.refresh()}>${strings.tryAgain}</button>`;
    }
    return nothing;
  }
}

function title({ status, notice, integration }: StatusState, strings: Strings): string {
  if (status === 'reconnecting' && notice === 'verifying') return strings.verifying(integration);
  return strings[status](integration);
}

function detail({ status, notice, reason }: StatusState, strings: Strings): string | undefined {
  if (status === 'invalid') {
    if (notice === 'token-failed') return strings.tokenFailed;
    if (notice === 'verify-failed') return strings.verifyFailed;
    return reason;
  }
  if (status === 'error') return strings.retrying;
  return undefined;
}

function renderDetail(text: string | undefined) {
  // Lit renders strings as text nodes: server text can never become markup.
  return text ? html`<span class="detail">${text}</span>` : nothing;
}
