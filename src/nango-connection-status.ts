import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import { html, nothing, render, type TemplateResult } from 'lit-html';
import { ConnectionStatusController, type StatusState } from './connection-status-controller.js';
import { statusIcon } from './icons.js';
import { PageLanguageController } from './page-language.js';
import { localeOf, resolveStrings, type StringOverrides, type Strings } from './strings/index.js';
import { styles } from './styles.js';
import type { ConnectionStatus, FlowIntent, Theme } from './types.js';

/**
 * Shows whether a Nango connection works, and lets the user connect it, or reconnect it when
 * it broke, through Nango's Connect UI.
 *
 * @summary Status, Connect and one-click Reconnect for a Nango connection.
 *
 * @fires {CustomEvent<StatusChangeDetail>} statuschange - The status changed. `detail: { status, previousStatus, reason?, code?, missingScopes? }` (`code: 'missing_scopes'` with `missingScopes` when the connection needs new permissions).
 * @fires {CustomEvent<ConnectedDetail>} connected - The user connected from `disconnected` in Connect UI **and** the status URL confirmed it. Once per flow. `detail: { connectionId, providerConfigKey }`.
 * @fires {CustomEvent<ReconnectedDetail>} reconnected - The user re-authorized in Connect UI **and** the status URL confirmed it. Once per flow. `detail: { connectionId, providerConfigKey }`.
 * @fires {CustomEvent<ReconnectCancelDetail>} reconnectcancel - Connect UI was closed before connecting. `detail: { intent: 'connect' | 'reconnect' }`.
 * @fires {CustomEvent<ReconnectErrorDetail>} reconnecterror - The token URL failed (Connect UI is closed); Connect UI reported an error (it stays open so the user can retry); or Connect UI said connected but the status URL never agreed (the `statuschange` that follows has the `code`, e.g. `missing_scopes` when the new grant still lacks some). `detail: { stage: 'token' | 'connect-ui' | 'verify', intent, errorType?, message }`.
 *
 * @csspart base - The container.
 * @csspart icon - The status icon.
 * @csspart message - The live region with the status text.
 * @csspart button - The action button (Connect, Reconnect or Try again).
 * @csspart connect-button - The Connect button.
 * @csspart reconnect-button - The Reconnect button.
 * @csspart retry-button - The Try again button.
 *
 * @slot checking - Replaces the text while checking.
 * @slot valid - Replaces the text when the connection works.
 * @slot invalid - Replaces the text when the connection needs reconnecting (the Reconnect button stays).
 * @slot disconnected - Replaces the text when there is no connection (the Connect button stays).
 * @slot reconnecting - Replaces the text while the flow finishes after Connect UI closed (while it is open the page is inert, and the text stays as it was).
 * @slot error - Replaces the text when the status is unknown (the Try again button stays).
 * @slot valid-icon - Replaces the icon when valid.
 * @slot invalid-icon - Replaces the icon when invalid.
 * @slot disconnected-icon - Replaces the icon when there is no connection.
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
export class NangoConnectionStatus extends ReactiveElement {
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
    eventsUrl: { attribute: 'events-url' },
    headers: { attribute: false },
    strings: { attribute: false },
    integrationName: { attribute: 'integration-name' },
    deferHydration: { attribute: 'defer-hydration', type: Boolean },
  };

  /** URL of your backend route that reports the connection's health (GET). Required. */
  declare statusUrl?: string;

  /** URL of your backend route that answers a Nango connect or reconnect session token (POST `{ intent }`). Required to connect or reconnect. */
  declare tokenUrl?: string;

  /** Connect UI base URL, passed to `ConnectUI` as `baseURL`. Default: Nango cloud. */
  declare connectUiUrl?: string;

  /** Nango API URL, passed to `ConnectUI` as `apiURL`. Default: Nango cloud. */
  declare apiUrl?: string;

  /** The integration's name for the text and the buttons' accessible names ("Reconnect Slack"). Default: the status URL's `display_name`. */
  declare integrationName?: string;

  /**
   * Set in server-rendered HTML by frameworks that hydrate (`@lit/react` removes it after setting
   * properties): while present, the widget sends nothing and reflects nothing.
   */
  declare deferHydration?: boolean;

  /** Language of the widget and of Connect UI: `en`, `fr`, `de`, `es`, `ja`. Default: the nearest ancestor's `lang`, else the page's. */
  declare lang: string;

  /** `light`, `dark` or `system` (follows `prefers-color-scheme`, the default). Also passed to Connect UI. */
  declare theme?: Theme;

  /** `fetch` credentials mode for the status and token requests: `same-origin` (default), `include` or `omit`. */
  declare credentials: RequestCredentials;

  /** Milliseconds before a status or token request, or Connect UI's loading, is given up. */
  declare timeout: number;

  /** Seconds between background checks while the page is visible (paused while hidden); 0 or unset: no polling. At least 1. */
  declare pollInterval?: number;

  /**
   * URL of your backend's event stream (`text/event-stream`, GET): each event re-checks the status at once,
   * with no polling. Widgets with the same URL share one stream. See docs/live-status.md.
   */
  declare eventsUrl?: string;

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
      eventsUrl: this.eventsUrl,
    }),
    // After a flow the live region says the outcome now that the page is no longer inert (see render).
    restoreFocus: () => {
      this.requestUpdate();
      void this.updateComplete.then(() => this.#focus());
    },
    title: (intent) => this.#strings()[`${intent}Name`](this.#name()),
    opening: () => this.#strings().opening(this.#name()),
  });

  /** The state the live region shows: frozen while Connect UI is open (see render). */
  #shown?: StatusState;

  readonly #internals?: ElementInternals = this.attachInternals?.();

  constructor() {
    super();
    this.credentials = 'same-origin';
    // DEFAULT_TIMEOUT_MS, written out: the manifest (and so the README) documents this literal.
    this.timeout = 10_000;
    new PageLanguageController(this);
  }

  /**
   * `checking` | `valid` | `invalid` | `disconnected` | `reconnecting` | `error`. Read-only; reflected to the
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

  /** Starts the flow, as a click on Connect (when `disconnected`) or Reconnect does. */
  reconnect(): void {
    this.#controller.reconnect();
  }

  /**
   * What `LitElement` does, written out: Lit's `ReactiveElement` (properties, attributes,
   * styles, controllers) renders the template with `lit-html`. Without `LitElement` itself the
   * script-tag file is 0.16 KiB gzip lighter; nothing here needs what it adds (a style
   * fallback for browsers without adopted style sheets, async directives).
   */
  protected override update(changed: PropertyValues) {
    const focused = this.shadowRoot?.activeElement;
    const view = this.render();
    super.update(changed);
    render(view, this.renderRoot, { host: this });
    // The button the user was on went away or was redrawn: keep focus in the widget, never on <body>.
    if (focused && (!focused.isConnected || focused.className === 'base')) this.#focus();
  }

  #focus() {
    (this.renderRoot.querySelector('button') ?? this.renderRoot.querySelector<HTMLElement>('.base'))?.focus();
  }

  protected override updated() {
    // Server HTML must match until hydration ends: nothing is reflected before.
    if (this.deferHydration) return;
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

  #strings() {
    return resolveStrings(this.#language(), this.strings);
  }

  #name(): string | undefined {
    return this.integrationName || this.#controller.state.integration;
  }

  /** The shadow DOM's content for the current state. */
  protected render(): TemplateResult {
    const controller = this.#controller;
    const { status } = controller.state;
    // While Connect UI is open the page is inert and whatever the live region says is lost: it
    // keeps what it said before, so the outcome is heard once the dialog has closed, and a
    // cancel (back to the same state) says nothing new.
    const state = controller.dialogOpen && this.#shown ? this.#shown : (this.#shown = controller.state);
    const lang = this.#language();
    const strings = this.#strings();
    const name = this.#name();
    const action: FlowIntent | 'tryAgain' | undefined = status === 'invalid' ? 'reconnect' : status === 'disconnected' ? 'connect' : status === 'error' ? 'tryAgain' : undefined;
    const text = (state.said?.code == 'missing_scopes' ? strings.missingScopes : strings[state.status])(name);
    const detail = renderDetail(state, strings, localeOf(lang));
    // Slots carry our text as fallback: slotted content replaces words, never behaviour.
    // The container is a group named by the message, so focus left on it says the state. The
    // button's name says which integration it is for, in the language's own order ("GitHub neu
    // verbinden"), and contains its visible label (WCAG 2.5.3); the message describes it.
    // A full stop between state and detail: a screen reader reads them as one string.
    return html`<div part="base" class="base" tabindex="-1" role="group" aria-labelledby="message">
      <span part="icon" class="icon"><slot name=${`${status}-icon`}>${statusIcon(status)}</slot></span>
      <div part="message" class="message" id="message" role="status">
        <slot name=${state.status}>${detail && !/[.!?…。]$/.test(text) ? text + (localeOf(lang) == 'ja' ? '。' : '.') : text}</slot>
        ${detail}
      </div>
      ${action
        ? html`<button part="button ${action == 'tryAgain' ? 'retry' : action}-button" class=${action == 'tryAgain' ? 'secondary' : ''} type="button" aria-describedby="message"
            aria-label=${strings[`${action}Name`](name)} @click=${() => (action == 'tryAgain' ? this.refresh() : this.reconnect())}>${strings[action]}</button>`
        : nothing}
    </div>`;
  }
}

const NOTICES = { 'token-failed': 'tokenFailed', 'verify-failed': 'verifyFailed', retrying: 'retrying', verifying: '' } as const;
/**
 * Codes the state's own text already says ("GitHub needs to be reconnected"). The upstream codes
 * (`nango_busy`, `nango_unreachable`, `nango_timeout`, `nango_error`, `internal_error`,
 * `server_misconfigured`) come with a 5xx, whose "We'll try again automatically" is shown instead.
 */
const SAID_BY_STATE = /^(invalid_credentials|not_found|disconnected|missing_scopes)$/;

/**
 * The line under the state text: our notice, else our words for a code we know, else the
 * server's own words, marked with their language when it is not the widget's.
 */
function renderDetail({ notice, said }: StatusState, strings: Strings, locale: string) {
  let text: string | undefined = notice && strings[NOTICES[notice] as 'retrying'];
  // After a reconnect that still lacks scopes (the only notice that keeps the server's answer
  // with them), say which: the person just unticked them on the provider's consent screen.
  // Short names: a URL scope's last part (`calendar.events`, not Google's whole URL).
  if (notice && said?.scopes?.[0]) text = strings.stillMissing + ' ' + said.scopes.map((scope) => scope.split('/').pop()).join(', ');
  let lang: string | undefined;
  if (!notice && said) {
    const { code = '' } = said;
    text = code === 'unauthorized' ? strings.signIn : code === 'not_connectable' ? strings.notConnectable : SAID_BY_STATE.test(code) ? '' : said.text;
    if (text === said.text && said.lang.split('-')[0].toLowerCase() !== locale) lang = said.lang;
  }
  // Lit renders strings as text nodes: server text can never become markup.
  return text && html`<span class="detail" lang=${lang ?? nothing}>${text}</span>`;
}
