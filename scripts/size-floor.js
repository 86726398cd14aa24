// The smallest element that uses what the main script-tag file needs (Lit): the size floor.
// (Connect UI is in the flow file, fetched on need: src/flow-loader.ts.)
import { LitElement, html, css } from 'lit';

class Floor extends LitElement {
  static styles = css`:host{display:block}`;
  render() {
    return html`<button @click=${() => this.remove()}>open</button>`;
  }
}
customElements.define('size-floor', Floor);
