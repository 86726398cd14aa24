// Issue 9, the element's items: URL rules for the status and token URLs (and the Connect UI URLs
// as the controller reports them), a retry floor whatever Retry-After says, strings that
// cannot be turned into patterns, prototype keys or bidi tricks, and Connect UI's load timeout.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { connectUiFrames, connectUiUrl, messageText, scenario, scriptedToken, untilStatus, type RecordedRequest } from './support/fixtures.js';

/** Runs `body` with console.error captured; returns what was logged. */
async function capturingErrors(body: () => Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
  try {
    await body();
  } finally {
    console.error = original;
  }
  return errors;
}

afterEach(() => {
  for (const frame of connectUiFrames()) frame.remove();
  document.documentElement.lang = 'en';
});

describe('URL rules (issue 9.1)', () => {
  it('a status-url that is not https: (or loopback http:) is error with a clear reason and one console error naming it', async () => {
    const reasons: unknown[] = [];
    const record = (event: Event) => reasons.push((event as CustomEvent).detail.reason);
    document.addEventListener('statuschange', record);
    const errors = await capturingErrors(async () => {
      const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url="http://example.com/status"></nango-connection-status>`);
      await untilStatus(el, 'error');
    }).finally(() => document.removeEventListener('statuschange', record));
    expect(reasons.length).to.equal(1);
    expect(reasons[0]).to.contain('status-url must be an https: URL');
    expect(errors.length).to.equal(1);
    expect(errors[0]).to.contain('status-url');
  });

  // Issue 19.3: the rule is applied to the URL as the parser reads it. A tab or newline inside the
  // scheme or between the slashes is dropped by the parser: these are absolute URLs to another
  // (plain-HTTP, non-loopback) host, never relative ones.
  for (const value of ['h\tttp://evil.test/x', '/\t/evil.test/x', '/\n/evil.test/x', ' \th\nttp://evil.test/x']) {
    it(`refuses the status-url ${JSON.stringify(value)}: error with the URL rule as its reason`, async () => {
      const reasons: string[] = [];
      const record = (event: Event) => reasons.push((event as CustomEvent).detail.reason);
      document.addEventListener('statuschange', record);
      await capturingErrors(async () => {
        const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${value}></nango-connection-status>`);
        await untilStatus(el, 'error');
      }).finally(() => document.removeEventListener('statuschange', record));
      expect(reasons.join(' | ')).to.contain('status-url must be an https: URL');
    });

    it(`refuses the token-url ${JSON.stringify(value)}: the flow fails at the token stage, opening nothing`, async () => {
      const route = await scenario({ status: 400 });
      const el = await fixture<NangoConnectionStatus>(
        html`<nango-connection-status status-url=${route.url} token-url=${value} connect-ui-url=${await connectUiUrl()}></nango-connection-status>`,
      );
      await untilStatus(el, 'invalid');
      let detail: { stage: string; message: string } | undefined;
      await capturingErrors(async () => {
        const failed = oneEvent(el, 'reconnecterror');
        el.reconnect();
        detail = (await failed).detail;
      });
      expect(detail!.stage, detail!.message).to.equal('token');
      expect(detail!.message).to.contain('token-url must be an https: URL');
      expect(connectUiFrames().length).to.equal(0);
      await expect(el).to.be.accessible();
    });
  }

  it('still takes relative URLs with a tab where the parser drops it harmlessly', async () => {
    const route = await scenario({ json: {} });
    const url = new URL(route.url, document.baseURI);
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${`${url.pathname.slice(0, 2)}\t${url.pathname.slice(2)}${url.search}`}></nango-connection-status>`);
    await untilStatus(el, 'valid');
  });

  it('a relative status-url is fine', async () => {
    const route = await scenario({ json: {} });
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${route.url}></nango-connection-status>`);
    await untilStatus(el, 'valid');
  });

  it('a javascript: token-url fails the flow at the token stage, opening nothing', async () => {
    const route = await scenario({ status: 400 });
    const el = await fixture<NangoConnectionStatus>(
      html`<nango-connection-status status-url=${route.url} token-url="javascript:alert(1)" connect-ui-url=${await connectUiUrl()}></nango-connection-status>`,
    );
    await untilStatus(el, 'invalid');
    let detail: { stage: string; message: string } | undefined;
    const errors = await capturingErrors(async () => {
      const failed = oneEvent(el, 'reconnecterror');
      el.reconnect();
      detail = (await failed).detail;
    });
    expect(detail!.stage).to.equal('token');
    expect(detail!.message).to.contain('token-url');
    expect(errors.length).to.equal(1);
    expect(connectUiFrames().length).to.equal(0);
  });

  for (const [attribute, value] of [
    ['connect-ui-url', 'data:text/html,<script>parent.postMessage(1,"*")</script>'],
    ['api-url', 'http://attacker.example/api'],
  ]) {
    it(`a bad ${attribute} fails the flow at the connect-ui stage with one console error naming it, and no iframe`, async () => {
      const status = await scenario({ status: 400 });
      const tokenRoute = await scenario({ json: { sessionToken: scriptedToken() } });
      const el = await fixture<NangoConnectionStatus>(
        html`<nango-connection-status status-url=${status.url} token-url=${tokenRoute.url} connect-ui-url=${await connectUiUrl()}></nango-connection-status>`,
      );
      el.setAttribute(attribute, value);
      await untilStatus(el, 'invalid');
      let detail: { stage: string; message: string } | undefined;
      const errors = await capturingErrors(async () => {
        const failed = oneEvent(el, 'reconnecterror');
        el.reconnect();
        detail = (await failed).detail;
      });
      expect(detail!.stage).to.equal('connect-ui');
      expect(detail!.message).to.contain(attribute);
      expect(errors.length).to.equal(1);
      expect(errors[0]).to.contain(attribute);
      expect(document.querySelectorAll('iframe').length).to.equal(0);
      expect((await tokenRoute.requests()).length).to.equal(0);
    });
  }
});

describe('retry floor (issue 9.2)', () => {
  for (const [label, retryAfter] of [
    ['Retry-After: 0', () => '0'],
    // Issue 19: a small positive value is honoured only up to the floor (0 and the past fall
    // back to the backoff, which starts at 2 s anyway: only 1 s tells the floor is there).
    ['Retry-After: 1', () => '1'],
    ['a Retry-After date in the past', () => new Date(Date.now() - 60_000).toUTCString()],
  ] as const) {
    it(`waits at least the base backoff (2 s) after ${label}`, async () => {
      const route = await scenario({ status: 503, headers: { 'Retry-After': retryAfter() } }, { json: {} });
      const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${route.url}></nango-connection-status>`);
      await untilStatus(el, 'error');
      await untilStatus(el, 'valid');
      const [first, second] = await route.requests();
      expect(second.at - first.at).to.be.at.least(1_900);
    });
  }
});

describe('retry backoff', () => {
  it('grows: the second automatic retry waits at least 4 s (the first waits 2 to 4 s)', async function () {
    this.timeout(30_000);
    const route = await scenario({ status: 503 }, { status: 503 }, { status: 503 }, { json: {} });
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${route.url}></nango-connection-status>`);
    await untilStatus(el, 'error');
    let requests: RecordedRequest[] = [];
    try {
      // At most 4 s, then at most 8 s.
      await waitUntil(async () => (requests = await route.requests()).length >= 3, undefined, { timeout: 16_000, interval: 200 });
    } catch {
      throw new Error(`expected 3 requests (a first check and two retries), the route had ${requests.length}; status ${el.status}`);
    }
    const gaps = requests.slice(1, 3).map((request, i) => request.at - requests[i].at);
    expect(gaps[1], `gaps between the requests, in ms: ${gaps}`).to.be.at.least(4_000);
  });
});

describe('strings from the server (issue 9.4)', () => {
  it("shows a name with $' and $& as written", async () => {
    const route = await scenario({ json: { display_name: "A$'B$&C" } });
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${route.url}></nango-connection-status>`);
    await untilStatus(el, 'valid');
    expect(messageText(el)).to.equal("A$'B$&C is connected");
  });

  it('strips bidi controls from names and reasons', async () => {
    const route = await scenario({ status: 400, json: { display_name: 'Git\u202eHub', error: { code: 'x', message: 'Re\u2066voked\u2069 \u202atoday' } } });
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${route.url}></nango-connection-status>`);
    await untilStatus(el, 'invalid');
    expect(messageText(el)).not.to.match(/[\u202a-\u202e\u2066-\u2069]/);
    expect(messageText(el)).to.contain('Re voked today');
  });

  for (const [where, lang] of [
    ['the element', '__proto__'],
    ['an ancestor', 'constructor'],
    ['<html>', '__proto__'],
  ]) {
    it(`lang="${lang}" on ${where} speaks English instead of throwing`, async () => {
      const route = await scenario({ status: 400, json: { display_name: 'Slack' } });
      if (where === '<html>') document.documentElement.lang = lang;
      const parent = await fixture<HTMLElement>(
        where === 'an ancestor'
          ? html`<div lang=${lang}><nango-connection-status status-url=${route.url}></nango-connection-status></div>`
          : html`<div><nango-connection-status status-url=${route.url} lang=${where === 'the element' ? lang : ''}></nango-connection-status></div>`,
      );
      const el = parent.querySelector('nango-connection-status')!;
      await untilStatus(el, 'invalid');
      expect(el.shadowRoot!.querySelector('[role="status"]')?.textContent?.trim()).to.equal('Slack needs to be reconnected');
    });
  }
});

describe('Connect UI load timeout (issue 9.6)', () => {
  it('gives up after the request timeout, not twice it', async () => {
    // A page that never says `ready`: Connect UI "loads" but never speaks.
    const silent = await scenario({ body: '<!doctype html><title>silent</title>', headers: { 'Content-Type': 'text/html' } });
    const status = await scenario({ status: 400 });
    const tokenRoute = await scenario({ json: { sessionToken: 'never-used' } });
    const el = await fixture<NangoConnectionStatus>(
      html`<nango-connection-status status-url=${status.url} token-url=${tokenRoute.url} connect-ui-url=${new URL(silent.url, location.href).href} timeout="1000"></nango-connection-status>`,
    );
    await untilStatus(el, 'invalid');
    const failed = oneEvent(el, 'reconnecterror');
    const started = performance.now();
    el.reconnect();
    const { detail } = await failed;
    const elapsed = performance.now() - started;
    expect(detail.stage).to.equal('connect-ui');
    expect(elapsed).to.be.within(900, 1_800);
    expect(connectUiFrames().length).to.equal(0);
  });
});
