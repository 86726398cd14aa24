import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { actionButton, messageText, recordEvents, scenario, untilStatus } from './support/fixtures.js';

async function widget(statusUrl: string, extra = html``) {
  return fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${statusUrl} timeout="1500">${extra}</nango-connection-status>`);
}

describe('status checks', () => {
  it('shows checking first, then valid when the status URL answers 200', async () => {
    const route = await scenario({ delayMs: 200, json: { status: 'valid', provider: 'github' } });
    const el = await widget(route.url);
    expect(el.status).to.equal('checking');
    expect(el.getAttribute('status')).to.equal('checking');
    expect(messageText(el)).to.equal('Checking connection…');
    await expect(el).to.be.accessible();
    await untilStatus(el, 'valid');
    expect(el.getAttribute('status')).to.equal('valid');
    expect(el.matches(':state(valid)')).to.be.true;
    expect(messageText(el)).to.equal('Github is connected');
    expect(actionButton(el)?.textContent ?? 'no button').to.equal('no button');
    await expect(el).to.be.accessible();
  });

  // cache: 'no-store' and credentials: 'same-origin' are measured in request-options.test.ts.
  it('sends a GET with Accept: application/json and the extra headers', async () => {
    const route = await scenario({ json: {} });
    const el = document.createElement('nango-connection-status');
    el.headers = { 'X-CSRF-Token': 'csrf-123' };
    el.setAttribute('status-url', route.url);
    document.body.append(el);
    await untilStatus(el, 'valid');
    const [request] = await route.requests();
    expect(request.method).to.equal('GET');
    expect(request.headers.accept).to.equal('application/json');
    expect(request.headers['x-csrf-token']).to.equal('csrf-123');
    el.remove();
  });

  it('treats an empty 204 as valid and uses display_name when given', async () => {
    const empty = await scenario({ status: 204 });
    expect((await untilValid(empty.url)).status).to.equal('valid');
    const named = await scenario({ json: { display_name: 'Google Calendar', provider: 'google-calendar' } });
    const el = await untilValid(named.url);
    expect(messageText(el)).to.equal('Google Calendar is connected');
  });

  it('treats an empty 200 as valid whatever its Content-Type (no "Unreadable JSON", no retry)', async () => {
    for (const contentType of ['application/json', 'application/json; charset=utf-8', 'text/html']) {
      const route = await scenario({ status: 200, body: '', headers: { 'Content-Type': contentType } });
      const el = await widget(route.url);
      await untilStatus(el, 'valid', `an empty 200 with Content-Type ${contentType} should be valid`);
      expect(messageText(el)).to.equal('Connected');
      await expect(el).to.be.accessible();
      // A positive probe: one request, and no retry scheduled (an error would ask again in 2 s).
      expect((await route.requests()).length).to.equal(1);
      el.remove();
    }
  });

  async function untilValid(url: string) {
    const el = await widget(url);
    await untilStatus(el, 'valid');
    return el;
  }

  it('shows invalid with a Reconnect button for a 200 that says status: "invalid"', async () => {
    const route = await scenario({ json: { status: 'invalid', provider_config_key: 'slack', message: 'Token expired' } });
    const el = await widget(route.url);
    await untilStatus(el, 'invalid');
    expect(messageText(el)).to.equal('Slack needs to be reconnected. Token expired');
    expect(actionButton(el)!.textContent).to.equal('Reconnect');
    // Several Reconnect buttons on a page each say what they are for.
    const description = el.shadowRoot!.getElementById(actionButton(el)!.getAttribute('aria-describedby')!);
    expect(description!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Slack needs to be reconnected. Token expired');
    await expect(el).to.be.accessible();
  });

  it('shows invalid for a 200 whose errors hold an auth entry (Nango connection shape)', async () => {
    const route = await scenario({ json: { connection_id: 'c1', provider: 'hubspot', errors: [{ type: 'sync', log_id: 'x' }, { type: 'auth', log_id: 'y' }] } });
    const el = await widget(route.url);
    await untilStatus(el, 'invalid');
  });

  it('stays valid when errors only hold sync entries', async () => {
    const route = await scenario({ json: { errors: [{ type: 'sync' }] } });
    const el = await widget(route.url);
    await untilStatus(el, 'valid');
  });

  for (const code of [400, 410, 422, 424]) {
    it(`shows invalid for ${code}`, async () => {
      const route = await scenario({ status: code, json: { error: { code: 'refresh_failed', message: `Refresh failed (${code})` } } });
      const el = await widget(route.url);
      const events = recordEvents(el);
      await untilStatus(el, 'invalid');
      expect(messageText(el)).to.contain(`Refresh failed (${code})`);
      expect(events.of('statuschange').at(-1)!.detail).to.deep.equal({ status: 'invalid', previousStatus: 'checking', reason: `Refresh failed (${code})`, code: 'refresh_failed', missingScopes: undefined });
    });
  }

  it('reads the reason from a string error or a top-level message, and copes with empty 4xx bodies', async () => {
    const cases: Array<[Parameters<typeof scenario>[0], string]> = [
      [{ status: 400, json: { error: 'Session expired' } }, 'Session expired'],
      [{ status: 400, json: { message: 'Scopes changed' } }, 'Scopes changed'],
      [{ status: 410 }, ''],
    ];
    for (const [answer, reason] of cases) {
      const route = await scenario(answer);
      const el = await widget(route.url);
      await untilStatus(el, 'invalid');
      expect(messageText(el)).to.equal(`This connection needs to be reconnected${reason ? `. ${reason}` : ''}`);
    }
  });

  it('renders server text as text, never markup (XSS attempt in the reason)', async () => {
    const attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const route = await scenario({ status: 400, json: { error: { message: attack }, display_name: '<b>Evil</b>' } });
    const el = await widget(route.url);
    await untilStatus(el, 'invalid');
    // Strings only in assertions: a live node in a failing one cannot be reported (the file times out).
    expect(el.shadowRoot!.querySelector('img, script, b')?.outerHTML ?? 'no markup').to.equal('no markup');
    expect(messageText(el)).to.contain('<img src=x');
    expect(messageText(el)).to.contain('<b>Evil</b>');
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('shortens long server text', async () => {
    const route = await scenario({ status: 400, json: { message: 'x'.repeat(5000) } });
    const el = await widget(route.url);
    await untilStatus(el, 'invalid');
    const detail = el.shadowRoot!.querySelector('.detail')!.textContent!;
    expect(detail.length).to.be.at.most(160);
    expect(detail.endsWith('…')).to.be.true;
  });

  for (const answer of [
    { status: 500, label: '500' },
    { status: 502, label: '502' },
    { status: 503, label: '503' },
    { status: 408, label: '408' },
    { status: 429, label: '429' },
  ]) {
    it(`shows error with Try again, never Reconnect, for ${answer.label}`, async () => {
      const route = await scenario({ status: answer.status, json: { error: { message: 'nope' } } });
      const el = await widget(route.url);
      await untilStatus(el, 'error');
      expect(actionButton(el)!.textContent).to.equal('Try again');
      expect(messageText(el)).to.equal("Couldn't check the connection. We'll try again automatically.");
      await expect(el).to.be.accessible();
    });
  }

  it('shows error for a network failure (connection closed)', async () => {
    const route = await scenario({ destroy: true });
    const el = await widget(route.url);
    await untilStatus(el, 'error');
  });

  it('shows error when the status URL does not answer in time', async () => {
    const route = await scenario({ hang: true });
    const el = await widget(route.url);
    const change = oneEvent(el, 'statuschange');
    const { detail } = await change;
    expect(detail.status).to.equal('error');
    expect(detail.reason).to.equal('Timed out');
  });

  it('shows error for malformed JSON, an HTML 200 and an oversized body', async () => {
    for (const answer of [
      { body: '{"status": "valid"', headers: { 'Content-Type': 'application/json' } },
      { body: '<!doctype html><title>App</title>', headers: { 'Content-Type': 'text/html' } },
      { bytes: 2 * 1024 * 1024 },
    ]) {
      const route = await scenario(answer);
      const el = await widget(route.url);
      await untilStatus(el, 'error');
    }
  });

  it('treats a redirect to a sign-in page as error, not valid', async () => {
    const signIn = await scenario({ body: '<html>Sign in</html>', headers: { 'Content-Type': 'text/html' } });
    const route = await scenario({ redirectTo: signIn.url });
    const el = await widget(route.url);
    const { detail } = await oneEvent(el, 'statuschange');
    expect(detail.status).to.equal('error');
    expect(detail.reason).to.match(/session may have expired/);
  });

  it('retries by itself after an error, honouring Retry-After', async () => {
    const route = await scenario({ status: 503, headers: { 'Retry-After': '1' } }, { json: { provider: 'github' } });
    const el = await widget(route.url);
    const events = recordEvents(el);
    await untilStatus(el, 'error');
    await untilStatus(el, 'valid');
    // A quiet retry: no flash of "checking" between error and valid.
    expect(events.statuses()).to.deep.equal(['error', 'valid']);
    expect((await route.requests()).length).to.equal(2);
  });

  it('checks again when Try again is clicked', async () => {
    const route = await scenario({ status: 500, headers: { 'Retry-After': '300' } }, { json: {} });
    const el = await widget(route.url);
    await untilStatus(el, 'error');
    const events = recordEvents(el);
    actionButton(el)!.click();
    expect(el.status).to.equal('checking');
    await untilStatus(el, 'valid');
    expect(events.statuses()).to.deep.equal(['checking', 'valid']);
  });

  it('refresh() checks again and reports the new status', async () => {
    const route = await scenario({ json: {} }, { status: 400 });
    const el = await widget(route.url);
    await untilStatus(el, 'valid');
    el.refresh();
    await untilStatus(el, 'invalid');
    expect(el.lastChecked).to.be.instanceOf(Date);
  });

  it('shows error, tells the developer, and promises no automatic retry when status-url is missing', async () => {
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status></nango-connection-status>`);
      await untilStatus(el, 'error');
      expect(actionButton(el)!.textContent).to.equal('Try again');
      expect(messageText(el)).to.equal("Couldn't check the connection");
      expect(String(errors[0]?.[0])).to.contain('status-url');
    } finally {
      console.error = original;
    }
  });

  it('shares one request between widgets asking the same URL at the same moment', async () => {
    const route = await scenario({ delayMs: 100, json: { provider: 'github' } });
    const parent = await fixture<HTMLElement>(html`<div>
      <nango-connection-status status-url=${route.url}></nango-connection-status>
      <nango-connection-status status-url=${route.url}></nango-connection-status>
      <nango-connection-status status-url=${route.url}></nango-connection-status>
    </div>`);
    const widgets = [...parent.querySelectorAll('nango-connection-status')];
    await waitUntil(() => widgets.every((el) => el.status === 'valid'));
    expect((await route.requests()).length).to.equal(1);
  });

  it('keeps the shared request for the others when one widget is removed', async () => {
    const route = await scenario({ delayMs: 300, json: {} });
    const parent = await fixture<HTMLElement>(html`<div>
      <nango-connection-status status-url=${route.url}></nango-connection-status>
      <nango-connection-status status-url=${route.url}></nango-connection-status>
    </div>`);
    const [first, second] = parent.querySelectorAll('nango-connection-status');
    first.remove();
    await untilStatus(second, 'valid');
    expect(first.status).to.equal('checking');
  });

  it('cancels the request in flight and checks the new URL when status-url changes', async () => {
    const slow = await scenario({ hang: true });
    const fast = await scenario({ status: 400 });
    const el = await widget(slow.url);
    const events = recordEvents(el);
    await waitUntil(async () => (await slow.requests()).length === 1);
    el.setAttribute('status-url', fast.url);
    await untilStatus(el, 'invalid');
    expect(events.statuses()).to.deep.equal(['invalid']);
  });

  it('fires nothing more once removed', async () => {
    const route = await scenario({ delayMs: 300, status: 400 });
    const el = await widget(route.url);
    const events = recordEvents(el);
    await waitUntil(async () => (await route.requests()).length === 1, 'the request reaches the server');
    el.remove();
    // The probe: another widget asking the same route now gets its answer after the removed
    // one's would have come (both wait 300 ms on the server), through the same code.
    const probe = await widget(route.url);
    await untilStatus(probe, 'invalid');
    expect(events.events).to.deep.equal([]);
    expect(el.status).to.equal('checking');
  });

  it('keeps working when moved in the DOM', async () => {
    const route = await scenario({ delayMs: 100, json: {} });
    const el = await widget(route.url);
    const other = await fixture<HTMLElement>(html`<section></section>`);
    other.append(el);
    await untilStatus(el, 'valid');
    expect((await route.requests()).length).to.equal(1);
  });

  it('warns once when the status route leaks credentials, and never shows them', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const route = await scenario({ json: { provider: 'github', credentials: { access_token: 'gho_SECRET' } } });
      const el = await widget(route.url);
      await untilStatus(el, 'valid');
      el.refresh();
      await untilStatus(el, 'valid');
      expect(warnings.length).to.equal(1);
      expect(String(warnings[0][0])).to.contain('"credentials"');
      expect(el.shadowRoot!.textContent).not.to.contain('gho_SECRET');
    } finally {
      console.warn = original;
    }
  });

  it('warns about credentials nested in the answer too (a route that forwards Nango\'s connection object)', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const route = await scenario({ json: { status: 'valid', provider: 'github', connection: { connection_id: 'conn-1', credentials: { type: 'OAUTH2', access_token: 'gho_SECRET' } } } });
      const el = await widget(route.url);
      await untilStatus(el, 'valid');
      expect(warnings.map((args) => String(args[0]).replace(/^.* sends/, 'sends'))).to.deep.equal([
        'sends "credentials" to the browser; keep credentials on your server (see nango-connection-status/server).',
      ]);
      expect(el.shadowRoot!.textContent).not.to.contain('gho_SECRET');
    } finally {
      console.warn = original;
    }
  });
});
