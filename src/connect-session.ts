/**
 * One Connect UI session: wraps `@nangohq/frontend`'s `ConnectUI` (the iframe and its
 * postMessage protocol), allows one open at a time on a page, makes it a modal dialog (the
 * rest of the page inert, Escape closes it), and notices when the iframe goes away without
 * the `close` message.
 */
import { ConnectUI, type ConnectUIEvent } from '@nangohq/frontend';
import { safeUrl } from './safe-url.js';
import type { Theme } from './types.js';

export interface ConnectSessionOptions {
  /** Connect UI base URL: `https:`, or `http:` on loopback; relative URLs resolve against the page. Default: Nango cloud. */
  baseURL?: string;
  /** Nango API URL the Connect UI talks to, same rule; passed without a trailing slash. Default: Nango cloud. */
  apiURL?: string;
  lang?: string;
  theme?: Theme;
  /** The iframe's accessible name, in the widget's language (e.g. "Reconnect GitHub"). */
  title?: string;
  /** What the layer shown while Connect UI loads says, in the widget's language (e.g. "Opening GitHub…"). */
  opening?: string;
  onConnect(payload: { connectionId: string; providerConfigKey: string }): void;
  onError(payload: { errorType?: string; errorMessage?: string }): void;
  /** The UI is gone: the user closed it (in it, or with Escape on the page), or something removed its iframe. */
  onClose(): void;
  /** Milliseconds to wait for Connect UI's `ready` before giving up on it. */
  loadTimeoutMs: number;
  /** Connect UI never said `ready` (a wrong URL, a CSP without `frame-src`, no network): it is closed. */
  onLoadFailure(): void;
}

let openSession: ConnectSession | undefined;

/** `undefined` stays undefined (ConnectUI's default, Nango cloud); anything else must pass `safeUrl`. */
const checkedUrl = (value: string | undefined, attribute: string) => (value ? safeUrl(value, attribute) : undefined);

export class ConnectSession {
  /**
   * Opens Connect UI at once, without a token yet, so it shows in the same task as the
   * click (no popup blocker, no blank wait). Returns `undefined` when another session is
   * open on the page: Connect UI is a full-page dialog, two would stack.
   * Throws a `TypeError` naming the attribute, and opens nothing, when `baseURL` or `apiURL`
   * is not an allowed URL (see `safeUrl`): Connect UI gets the session token, and sends it to `apiURL`.
   */
  static open(options: ConnectSessionOptions): ConnectSession | undefined {
    return openSession ? undefined : new ConnectSession(options);
  }

  /** The session open on the page, if any. */
  static get current(): ConnectSession | undefined {
    return openSession;
  }

  readonly #ui: ConnectUI;
  /** Closes the UI without calling `onClose` (the caller knows why it closes). Every way a session ends comes here. */
  readonly close: () => void;

  // One closure rather than fields: the script-tag file is paid for by every page view.
  private constructor(options: ConnectSessionOptions) {
    const baseURL = checkedUrl(options.baseURL, 'connect-ui-url');
    // Connect UI appends paths to apiURL as strings: a trailing slash makes `//connect/telemetry` (404 on Nango).
    const apiURL = checkedUrl(options.apiURL, 'api-url')?.replace(/\/$/, '');
    const body = document.body;
    // ConnectUI clears body overflow on close; give the page back what it had.
    const overflow = body.style.overflow;
    /** Body children this session made inert and the page has not touched since: exactly those are released. */
    const madeInert = new Set<Element>();
    // Until Connect UI says `ready` its frame stays hidden (a failed load would show the browser's
    // error page over the app) and this layer, outside the inert page, says what is happening and holds focus.
    const layer = document.createElement('div');
    let iframe: HTMLIFrameElement | undefined;
    const ui = (this.#ui = new ConnectUI({
      baseURL,
      apiURL,
      lang: options.lang,
      themeOverride: options.theme,
      // No "already closed" guard needed: ConnectUI.close() removes the listener that calls this.
      onEvent(event: ConnectUIEvent) {
        switch (event.type) {
          case 'ready':
            clearTimeout(loadTimer);
            iframe!.style.visibility = '';
            iframe!.focus();
            layer.remove();
            break;
          case 'connect':
            options.onConnect(event.payload);
            break;
          case 'error':
            options.onError(event.payload);
            break;
          case 'close':
            cancel();
        }
      },
    }));
    // Everything that ends the session exists before the page is touched: whatever fails while
    // opening, end() gives the page back.
    const end = (this.close = () => {
      if (openSession != this) return;
      openSession = undefined;
      clearTimeout(loadTimer);
      watcher.disconnect();
      window.removeEventListener('keydown', onKey, true);
      layer.remove();
      for (const node of madeInert) node.removeAttribute('inert');
      ui.close();
      body.style.overflow = overflow;
    });
    const cancel = () => {
      end();
      options.onClose();
    };
    // Escape on the page: the dialog's own handler lives in the iframe and never hears keys
    // pressed while focus is on the page (or while Connect UI has not loaded at all).
    const onKey = (event: KeyboardEvent) => event.key == 'Escape' && cancel();
    // A Connect UI that never loads (a wrong URL, a CSP without frame-src, no network): give up on it.
    const loadTimer = setTimeout(() => {
      console.error(`<nango-connection-status>: Connect UI did not load from ${iframe?.src}: check connect-ui-url and the page's CSP frame-src`);
      end();
      options.onLoadFailure();
    }, options.loadTimeoutMs);
    // The attribute, not the property (a page may have made `inert` a getter), on body children only.
    const makeInert = (nodes: Iterable<Node>) => {
      for (const node of nodes) {
        if (node instanceof HTMLElement && node != iframe && node != layer && !node.hasAttribute('inert')) {
          node.setAttribute('inert', '');
          madeInert.add(node);
        }
      }
    };
    // (`subtree` for the children's `inert`; only the body's own children are made inert.)
    const watcher = new MutationObserver((records) => {
      // Someone else removed the iframe (a router swapping the body, a cleanup script): treat it as closed.
      if (!iframe!.isConnected) return cancel();
      for (const record of records) {
        // Ours always go from absent to set: any other change of `inert` is the page's, and stays as the page left it.
        if (record.attributeName) record.oldValue != null && madeInert.delete(record.target as Element);
        else if (record.target == body) makeInert(record.addedNodes);
      }
    });
    openSession = this;
    window.addEventListener('keydown', onKey, true);
    try {
      ui.open();
      iframe = ui.iframe!;
      iframe.style.visibility = 'hidden';
      if (options.title) iframe.title = options.title;
      // ConnectUI posts the token with target '*': whatever document the frame shows by then would get it.
      const origin = new URL(iframe.src).origin;
      ui['sendSessionToken'] = () => ui['sessionToken'] && iframe!.contentWindow?.postMessage({ type: 'session_token', sessionToken: ui['sessionToken'] }, origin);
      // ConnectUI checks a message's origin only: any other window or frame of that origin (the
      // page itself when Connect UI is same-origin) could close the flow or forge `connect`.
      // Its listener only hears messages from its own iframe; close() still removes it. (`window.`
      // spelled out: a bare call has no `this`, which test/leaks.test.ts's counting cannot see.)
      const listener = ui['listener'];
      window.removeEventListener('message', listener);
      window.addEventListener('message', (ui['listener'] = (event: MessageEvent) => event.source == iframe!.contentWindow && listener(event)));
      layer.setAttribute('role', 'dialog');
      layer.ariaLabel = layer.textContent = options.opening ?? '';
      layer.tabIndex = -1;
      layer.style.cssText = 'position:fixed;inset:0;z-index:9999;display:grid;place-items:center;background:#000b;color:#fff;font:600 1.25rem system-ui';
      body.append(layer);
      // A modal dialog: nothing else on the page can be focused, clicked, or heard by a screen reader.
      makeInert(body.children);
      watcher.observe(body, { childList: true, attributeFilter: ['inert'], attributeOldValue: true, subtree: true });
      layer.focus();
    } catch (error) {
      end();
      throw error;
    }
  }

  /** The Connect UI iframe while open. */
  get iframe(): HTMLIFrameElement | undefined {
    return this.#ui.iframe ?? undefined;
  }

  /** Hands the session token to Connect UI; it stays in memory only (ConnectUI posts it to the iframe, if still open). */
  setSessionToken(token: string) {
    this.#ui.setSessionToken(token);
  }
}
