/**
 * Re-renders widgets when the page's language changes (`<html lang>`), so a site's language
 * switch reaches them without a reload. One MutationObserver for all widgets, alive only
 * while some widget is on the page. (A change of `lang` on another ancestor is not watched:
 * set `lang` on the widget, or call `requestUpdate()`.)
 */
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';

const hosts = new Set<ReactiveControllerHost>();
let observer: MutationObserver | undefined;

export class PageLanguageController implements ReactiveController {
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected() {
    hosts.add(this.#host);
    if (!observer) {
      // refreshLanguage ignores the records the observer passes it.
      observer = new MutationObserver(refreshLanguage);
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    }
  }

  hostDisconnected() {
    hosts.delete(this.#host);
    if (hosts.size === 0) {
      observer?.disconnect();
      observer = undefined;
    }
  }
}

/** Renders every widget again: the words of a language loaded later have arrived. */
export function refreshLanguage() {
  hosts.forEach((host) => host.requestUpdate());
}
