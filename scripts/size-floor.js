// The smallest element that uses what ours needs (Lit and ConnectUI): the size floor.
import { LitElement, html, css } from 'lit';
import { ConnectUI } from '@nangohq/frontend';

class Floor extends LitElement {
  static styles = css`:host{display:block}`;
  render() {
    return html`<button @click=${() => new ConnectUI({}).open()}>open</button>`;
  }
}
customElements.define('size-floor', Floor);
