import { expect, fixture, html as testHtml, oneEvent } from '@open-wc/testing';
import { html, LitElement } from 'lit';
import '../src/index.js';
import { ConnectionStatusController } from '../src/element.js';
import { DEFAULT_TIMEOUT_MS } from '../src/http.js';
import { connectStep, connectUiUrl, scenario, scriptedToken, untilStatus } from './support/fixtures.js';

/** A Lit element of the user's own, with its own template, on our state machine. */
class MyConnection extends LitElement {
  static override properties = { statusUrl: {}, tokenUrl: {}, connectUiUrl: {} };
  declare statusUrl: string;
  declare tokenUrl: string;
  declare connectUiUrl: string;
  readonly connection = new ConnectionStatusController(this, {
    settings: () => ({ statusUrl: this.statusUrl, tokenUrl: this.tokenUrl, connectUiUrl: this.connectUiUrl }),
  });
  get status() {
    return this.connection.state.status;
  }
  protected override render() {
    const { status, integration } = this.connection.state;
    return status === 'invalid'
      ? html`<p>${integration} is disconnected</p><button @click=${() => this.connection.reconnect()}>Fix it</button>`
      : html`<p>${status}</p>`;
  }
}
customElements.define('my-connection', MyConnection);

describe('the controller without our template', () => {
  it('drives a custom element through the whole flow', async () => {
    const status = await scenario({ status: 400, json: { provider: 'notion' } }, { json: { provider: 'notion' } });
    const token = await scenario({ json: { sessionToken: scriptedToken(connectStep) } });
    const el = await fixture<MyConnection>(
      testHtml`<my-connection .statusUrl=${status.url} .tokenUrl=${token.url} .connectUiUrl=${await connectUiUrl()}></my-connection>`,
    );
    await untilStatus(el as never, 'invalid');
    expect(el.shadowRoot!.querySelector('p')!.textContent).to.equal('Notion is disconnected');
    const reconnected = oneEvent(el, 'reconnected');
    el.shadowRoot!.querySelector('button')!.click();
    expect((await reconnected).detail.connectionId).to.equal('conn-1');
    expect(el.status).to.equal('valid');
    document.querySelector('iframe#connect-ui')?.remove();
  });

  it("documents the controller's default timeout as the element's default", () => {
    expect(document.createElement('nango-connection-status').timeout).to.equal(DEFAULT_TIMEOUT_MS);
  });

  it('checks again when a setting changes, but not for an equal headers object', async () => {
    const first = await scenario({ json: {} });
    const el = document.createElement('nango-connection-status');
    el.headers = { 'X-Token': 'a' };
    el.statusUrl = first.url;
    document.body.append(el);
    await untilStatus(el, 'valid');
    el.headers = { 'X-Token': 'a' };
    await el.updateComplete;
    el.headers = { 'X-Token': 'b' };
    await el.updateComplete;
    await untilStatus(el, 'valid');
    const requests = await first.requests();
    expect(requests.map((r) => r.headers['x-token'])).to.deep.equal(['a', 'b']);
    el.remove();
  });
});
