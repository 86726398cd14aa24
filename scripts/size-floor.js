// The smallest element built on what the main script-tag file uses of Lit (ReactiveElement,
// lit-html's render, css and svg): the size floor. (Connect UI, the live-status stream and the
// languages' loader are files of their own, fetched on need: src/on-need.ts.)
import { ReactiveElement, css } from '@lit/reactive-element';
import { html, render, svg } from 'lit-html';

class Floor extends ReactiveElement {
  static styles = css`:host{display:block}`;
  update(changed) {
    super.update(changed);
    render(html`<button @click=${() => this.remove()}>${svg`<path d="M0 0"/>`}open</button>`, this.renderRoot, { host: this });
  }
}
customElements.define('size-floor', Floor);
