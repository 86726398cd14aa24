/**
 * `events-url` in real Chromium against a real event-stream route (test/support/event-stream-backend.js):
 * shared streams, the widget's credentials and headers, re-checks on events, reconnects with
 * backoff, clean-up, and giving up on 401/404 without breaking the widget.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { messageText, probeRequest, scenario, untilStatus } from './support/fixtures.js';

interface StreamLog {
  connections: Array<{ at: number; closedAt: number | null; headers: Record<string, string> }>;
  open: number;
}

async function eventStream(refuse?: { status: number; contentType?: string }) {
  const { url } = (await (await fetch('/api/event-streams', { method: 'POST', body: JSON.stringify({ refuse }) })).json()) as { url: string };
  const post = (action: string, body: unknown = {}) => fetch(`${url}/${action}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
  return {
    url,
    log: async () => (await (await fetch(`${url}/log`)).json()) as StreamLog,
    send: (data: unknown = { status: 'invalid', provider_config_key: 'github' }) => post('send', { data }) as Promise<{ sent: number }>,
    /** The same event written in two chunks, cut inside `data:`. */
    sendSplit: (data: unknown = { status: 'invalid', provider_config_key: 'github' }) => post('send-split', { data }) as Promise<{ sent: number }>,
    drop: () => post('drop') as Promise<{ dropped: number }>,
  };
}

type Stream = Awaited<ReturnType<typeof eventStream>>;

/** Waits until the route has `count` open connections; fails naming what it has. */
async function untilOpen(stream: Stream, count: number) {
  let log: StreamLog | undefined;
  try {
    await waitUntil(async () => (log = await stream.log()).open === count, undefined, { timeout: 8000, interval: 50 });
  } catch {
    throw new Error(`expected ${count} open stream(s), the route has ${log?.open} (${log?.connections.length} made)`);
  }
  return log!;
}

/** Waits until the route has had `count` connections, one of them open; fails naming what it has. */
async function untilConnections(stream: Stream, count: number) {
  let log: StreamLog | undefined;
  try {
    await waitUntil(async () => (log = await stream.log()).connections.length >= count && log.open === 1, undefined, { timeout: 8000, interval: 50 });
  } catch {
    throw new Error(`expected ${count} connection(s) with one open, the route had ${log?.connections.length} (${log?.open} open)`);
  }
  return log!;
}

const github = (status: string) => ({ json: { status, provider_config_key: 'github' } });

function widget(statusUrl: string, eventsUrl: string) {
  return fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${statusUrl} events-url=${eventsUrl} lang="en"></nango-connection-status>`);
}

/** console.warn calls during a test, still passed through. */
function recordWarnings() {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  return { warnings, restore: () => (console.warn = original) };
}

describe('events-url', () => {
  it('widgets with the same events-url share one stream, sent with their credentials and headers; an event flips both at once', async () => {
    const stream = await eventStream();
    const github = await scenario({ json: { status: 'valid', provider: 'github' } }, { json: { status: 'invalid', provider: 'github' } });
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const widgets = [0, 1].map(() => {
      const el = document.createElement('nango-connection-status');
      el.headers = { 'X-CSRF-Token': 'csrf-live' };
      el.setAttribute('status-url', github.url);
      el.setAttribute('events-url', stream.url);
      el.lang = 'en';
      container.append(el);
      return el;
    });
    for (const el of widgets) await untilStatus(el, 'valid');
    const log = await untilOpen(stream, 1);
    expect(log.connections.length, 'one stream for two widgets').to.equal(1);
    expect(log.connections[0]!.headers.accept).to.equal('text/event-stream');
    expect(log.connections[0]!.headers['x-csrf-token']).to.equal('csrf-live');
    const checksBefore = (await github.requests()).length;

    const sentAt = performance.now();
    expect((await stream.send()).sent).to.equal(1);
    for (const el of widgets) await untilStatus(el, 'invalid', 'an event re-checks every widget on the stream');
    expect(performance.now() - sentAt).to.be.below(2000);
    expect(messageText(widgets[0]!)).to.match(/needs to be reconnected/);
    await expect(widgets[0]).to.be.accessible();
    // Each widget asked for itself, fresh: two new checks, and nothing else (no polling).
    await probeRequest();
    expect((await github.requests()).length - checksBefore).to.equal(2);
  });

  it("an event re-checks only the widget of the integration it names (one stream for a page of widgets)", async () => {
    const stream = await eventStream();
    const github = await scenario({ json: { status: 'valid', provider_config_key: 'github' } }, { json: { status: 'invalid', provider_config_key: 'github' } });
    const slack = await scenario({ json: { status: 'valid', provider_config_key: 'slack' } });
    const a = await widget(github.url, stream.url);
    const b = await widget(slack.url, stream.url);
    await untilStatus(a, 'valid');
    await untilStatus(b, 'valid');
    await untilOpen(stream, 1);
    await stream.send({ status: 'invalid', provider_config_key: 'github' });
    await untilStatus(a, 'invalid');
    await probeRequest();
    expect((await github.requests()).length, 'GitHub checked again').to.equal(2);
    expect((await slack.requests()).length, 'Slack not asked about GitHub news').to.equal(1);
  });

  it('stops the stream when the last widget using it goes away, not before', async () => {
    const stream = await eventStream();
    const status = await scenario({ json: { status: 'valid' } });
    const first = await widget(status.url, stream.url);
    const second = await widget(status.url, stream.url);
    await untilOpen(stream, 1);
    first.remove();
    await probeRequest();
    expect((await stream.log()).open, 'one widget still listens').to.equal(1);
    second.remove();
    await untilOpen(stream, 0);
    expect((await stream.log()).connections.length).to.equal(1);
  });

  it('reconnects no sooner than 2 s after the server dropped it, then re-checks once', async () => {
    const stream = await eventStream();
    const status = await scenario({ json: { status: 'valid' } }, { json: { status: 'invalid' } }, { json: { status: 'valid' } });
    const el = await widget(status.url, stream.url);
    await untilStatus(el, 'valid');
    await untilOpen(stream, 1);
    const droppedAt = Date.now();
    expect((await stream.drop()).dropped).to.equal(1);
    // News while it was away is caught by the check it makes on reconnecting.
    await untilStatus(el, 'invalid', 'the widget re-checks after the stream came back');
    const { connections } = await untilOpen(stream, 1);
    expect(connections.length).to.equal(2);
    expect(connections[1]!.at - droppedAt, 'reconnect delay in ms').to.be.at.least(2000);
    // And the new stream works.
    await stream.send({ status: 'valid' });
    await untilStatus(el, 'valid', 'an event on the new stream re-checks');
    el.remove();
  });

  it('after the stream comes back, a widget that knows its integration checks again too (news may have been missed)', async () => {
    const stream = await eventStream();
    const status = await scenario(github('valid'), github('invalid'));
    const el = await widget(status.url, stream.url);
    await untilStatus(el, 'valid');
    await untilOpen(stream, 1);
    expect((await stream.drop()).dropped).to.equal(1);
    await untilConnections(stream, 2);
    await untilStatus(el, 'invalid', `the widget of "github" re-checks once the stream is back (status requests: ${(await status.requests()).length})`);
  });

  it('news that comes again within moments is not thrown away: each event checks again', async () => {
    const stream = await eventStream();
    const status = await scenario(github('valid'), github('invalid'), github('valid'));
    const el = await widget(status.url, stream.url);
    await untilStatus(el, 'valid');
    await untilOpen(stream, 1);
    await stream.send({ status: 'invalid', provider_config_key: 'github' });
    await untilStatus(el, 'invalid', 'the first event re-checks');
    await stream.send({ status: 'valid', provider_config_key: 'github' });
    await untilStatus(el, 'valid', 'the second event, moments after the first, re-checks too');
    expect((await status.requests()).length).to.equal(3);
  });

  it('reads an event that reaches the page in two chunks', async () => {
    const stream = await eventStream();
    const status = await scenario(github('valid'), github('invalid'));
    const el = await widget(status.url, stream.url);
    await untilStatus(el, 'valid');
    await untilOpen(stream, 1);
    expect((await stream.sendSplit()).sent).to.equal(1);
    await untilStatus(el, 'invalid', 'an event cut inside "data:" re-checks');
  });

  it('keeps trying after a 503 (a deploy, an overloaded server), with no warning', async () => {
    const stream = await eventStream({ status: 503 });
    const status = await scenario({ json: { status: 'valid' } });
    const console = recordWarnings();
    try {
      const el = await widget(status.url, stream.url);
      await untilStatus(el, 'valid');
      // The first try is answered 503; the next comes 2 to 4 s later.
      await waitUntil(async () => (await stream.log()).connections.length >= 1, 'the first try', { timeout: 8000 });
      let log: StreamLog | undefined;
      try {
        await waitUntil(async () => (log = await stream.log()).connections.length >= 2, undefined, { timeout: 8000, interval: 100 });
      } catch {
        throw new Error(`no second try after the 503: ${log?.connections.length} connection(s), warnings: ${JSON.stringify(console.warnings)}`);
      }
      expect(console.warnings).to.deep.equal([]);
    } finally {
      console.restore();
    }
  });

  for (const refuse of [{ status: 401 }, { status: 404 }, { status: 200, contentType: 'text/html; charset=utf-8' }]) {
    it(`gives up on a ${refuse.status}${refuse.contentType ? ' web page' : ''} with one warning, and the widget keeps working`, async () => {
      const stream = await eventStream(refuse);
      const status = await scenario({ json: { status: 'valid' } }, { json: { status: 'invalid' } });
      const console = recordWarnings();
      try {
        const a = await widget(status.url, stream.url);
        const b = await widget(status.url, stream.url);
        await untilStatus(a, 'valid');
        await waitUntil(() => console.warnings.length > 0, `no warning; stream connections: ${JSON.stringify(stream.log())}`, { timeout: 8000 });
        // Proving that it does not come back takes time: past the 2 s shortest backoff, and then some.
        await new Promise((resolve) => setTimeout(resolve, 3000));
        expect((await stream.log()).connections.length, 'no retry').to.equal(1);
        expect(console.warnings).to.have.length(1);
        expect(console.warnings[0]).to.contain(`events-url answered ${refuse.status}`);
        b.refresh();
        await untilStatus(b, 'invalid', 'refresh() still works');
        await expect(b).to.be.accessible();
      } finally {
        console.restore();
      }
    });
  }

  it('refuses an events-url that is not https: (or loopback http:), and the widget keeps working', async () => {
    const status = await scenario({ json: { status: 'valid' } });
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      const el = await widget(status.url, 'http://example.com/events');
      await untilStatus(el, 'valid');
      expect(errors.join('\n')).to.contain('events-url must be an https: URL');
    } finally {
      console.error = original;
    }
  });
});
