/**
 * What the status request promises, measured where it shows: the default timeout, the
 * 256 KiB body cap (reading stops), Retry-After in seconds and as a date (the retry's delay
 * measured by the server's clock), `cache: 'no-store'` (a cacheable answer is asked again)
 * and `credentials: 'same-origin'` (the cookie goes to the page's origin, and a cross-origin
 * route that does not allow credentials still answers). Real HTTP throughout.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { ConnectionStatusController } from '../src/element.js';
import type { StatusChangeDetail } from '../src/types.js';
import { recordEvents, scenario, untilStatus } from './support/fixtures.js';

async function widget(statusUrl: string, attributes = html``) {
  return fixture<NangoConnectionStatus>(html`<nango-connection-status lang="en" status-url=${statusUrl} ${attributes}></nango-connection-status>`);
}

/** A host of the controller alone, whose settings leave `timeout` unset. */
class BareHost extends LitElement {
  static override properties = { statusUrl: {} };
  declare statusUrl: string;
  readonly connection = new ConnectionStatusController(this, { settings: () => ({ statusUrl: this.statusUrl }) });
}
customElements.define('request-options-bare-host', BareHost);

describe('the default timeout', () => {
  it('is 10 000 ms on the element, written out (the manifest and README document this literal)', () => {
    const el = document.createElement('nango-connection-status');
    expect(el.timeout).to.equal(10_000);
  });

  it("is what the controller gives a request when the host sets none: a route that never answers times out after 10 s, not before", async function () {
    this.timeout(14_000);
    const route = await scenario({ hang: true });
    const host = document.createElement('request-options-bare-host') as BareHost;
    host.statusUrl = route.url;
    const startedAt = performance.now();
    document.body.append(host);
    try {
      await waitUntil(async () => (await route.requests()).length === 1, 'the request reaches the server');
      await waitUntil(() => host.connection.state.status === 'error', 'the request is given up', { timeout: 12_500, interval: 100 });
      const elapsed = performance.now() - startedAt;
      expect(host.connection.state.reason).to.equal('Timed out');
      expect(elapsed, 'gave up after the default 10 s').to.be.within(9_900, 11_500);
    } finally {
      host.remove();
    }
  });
});

describe('the body cap', () => {
  it('gives up on a valid JSON answer over 256 KiB: error "Answer too large", and stops reading it', async () => {
    // Valid JSON that says "valid": only the cap can make this an error.
    const route = await scenario({ jsonBytes: 4 * 256 * 1024 });
    const el = document.createElement('nango-connection-status');
    el.lang = 'en';
    const change = oneEvent(el, 'statuschange') as Promise<CustomEvent<StatusChangeDetail>>;
    el.statusUrl = route.url;
    document.body.append(el);
    try {
      const { detail } = await change;
      expect(detail.status).to.equal('error');
      expect(detail.reason).to.equal('Answer too large');
      // The server saw the client hang up before it wrote the whole answer.
      let stream: { written: number; total: number; closedEarly: boolean } | undefined;
      await waitUntil(async () => {
        stream = (await route.requests())[0]?.stream;
        return stream?.closedEarly === true || stream?.written === stream?.total;
      }, 'the server finished or was cut off');
      expect(stream!.closedEarly, 'the connection was closed early').to.be.true;
      expect(stream!.written, 'bytes written before the client hung up').to.be.below(stream!.total);
    } finally {
      el.remove();
    }
  });

  it('reads a valid JSON answer just under the cap', async () => {
    const route = await scenario({ jsonBytes: 256 * 1024 - 64 });
    const el = await widget(route.url);
    await untilStatus(el, 'valid');
  });
});

describe('Retry-After', () => {
  /** The delay between the failing answer's request and the retry's, by the server's clock. */
  async function retryGap(retryAfter: () => string) {
    const route = await scenario({ status: 503, headers: { 'Retry-After': retryAfter() } }, { json: { provider: 'github' } });
    const el = await widget(route.url);
    const events = recordEvents(el);
    await untilStatus(el, 'error');
    await waitUntil(() => el.status === 'valid', 'the retry came', { timeout: 11_000, interval: 100 });
    const [failed, retried] = await route.requests();
    expect(events.statuses(), 'a quiet retry').to.deep.equal(['error', 'valid']);
    return retried.at - failed.at;
  }

  // Longer than the default backoff of a first retry (2 to 4 s), so only Retry-After explains the wait.
  it('in seconds: the retry waits that long, not the default backoff (at most 4 s for a first retry)', async function () {
    this.timeout(15_000);
    const gap = await retryGap(() => '6');
    expect(gap).to.be.within(5_950, 8_500);
  });

  it('as an HTTP date: the retry waits until then', async function () {
    this.timeout(15_000);
    // Seven seconds ahead, cut to whole seconds by the date format: 6 to 7 s.
    const gap = await retryGap(() => new Date(Date.now() + 7_000).toUTCString());
    expect(gap).to.be.within(5_000, 9_000);
  });
});

describe('cache and credentials of the status request', () => {
  it("cache: 'no-store': a second check reaches the server even when the answer says it may be cached, and sends no validator", async () => {
    const route = await scenario({ json: { provider: 'github' }, headers: { 'Cache-Control': 'public, max-age=600', ETag: '"v1"', 'Last-Modified': 'Sat, 28 Nov 2026 10:00:00 GMT' } });
    const el = await widget(route.url);
    await untilStatus(el, 'valid');
    const first = el.lastChecked!;
    el.refresh();
    await waitUntil(() => el.lastChecked !== first && el.status === 'valid', 'the second check answered');
    const requests = await route.requests();
    expect(requests.length, 'both checks reached the server').to.equal(2);
    expect(requests[1].headers['if-none-match']).to.equal(undefined);
    expect(requests[1].headers['if-modified-since']).to.equal(undefined);
  });

  it("credentials: 'same-origin': the page's cookie goes to a same-origin status URL", async () => {
    document.cookie = 'ncs_session=ada; path=/; SameSite=Strict';
    try {
      const route = await scenario({ json: {} });
      const el = await widget(route.url);
      await untilStatus(el, 'valid');
      const [request] = await route.requests();
      expect(String(request.headers.cookie)).to.contain('ncs_session=ada');
    } finally {
      document.cookie = 'ncs_session=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    }
  });

  it("credentials: 'same-origin': a cross-origin status URL that allows the origin but not credentials is read", async () => {
    // The same test server under another host name is another origin. With credentials
    // 'include', the browser would refuse this answer (no Access-Control-Allow-Credentials).
    const route = await scenario({ json: { provider: 'github' }, headers: { 'Access-Control-Allow-Origin': location.origin } });
    const crossOrigin = new URL(route.url, location.href);
    crossOrigin.hostname = crossOrigin.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    const el = await widget(crossOrigin.href);
    const { detail } = (await oneEvent(el, 'statuschange')) as CustomEvent<StatusChangeDetail>;
    expect(detail.status, `answered ${detail.reason ?? ''}`).to.equal('valid');
    const [request] = await route.requests();
    expect(request.headers.origin).to.equal(location.origin);
    expect(request.headers.cookie).to.equal(undefined);
  });
});
