// The README's plain-HTML recipe: the script tag in <head>, the widgets in the body, and a later
// script that sets `headers` (the page's own app.js, which takes a moment to arrive, so the
// browser parses on, runs timers and microtasks meanwhile). The first check waits for the page's
// own scripts (DOMContentLoaded), so each widget sends one status request, with the headers.
import { expect, waitUntil } from '@open-wc/testing';
import { scenario } from '../support/fixtures.js';

const SCRIPT = '/dist/nango-connection-status.iife.js';

/** The page's own script, as the README has it inline. */
const APP_JS = `for (const widget of document.querySelectorAll('nango-connection-status')) {
  widget.headers = { 'X-CSRF-Token': 'from-the-page' };
}`;

function pageHtml(first: string, second: string, appJs: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Integrations</title>
    <script src="${SCRIPT}"></script>
  </head>
  <body>
    <nango-connection-status id="github" status-url="${first}" timeout="3000"></nango-connection-status>
    <nango-connection-status id="slack" status-url="${second}" timeout="3000"></nango-connection-status>
    <script src="${appJs}"></script>
  </body>
</html>`;
}

describe('the script-tag build on a plain HTML page', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  it('sends one status request per widget, with the headers a later script set', async () => {
    const github = await scenario({ json: { status: 'valid', provider: 'github' } });
    const slack = await scenario({ json: { status: 'invalid', provider: 'slack' } });
    const appJs = await scenario({ delayMs: 300, headers: { 'Content-Type': 'text/javascript' }, body: APP_JS });
    const frame = document.createElement('iframe');
    frame.srcdoc = pageHtml(github.url, slack.url, appJs.url);
    document.body.append(frame);
    await waitUntil(
      () => frame.contentDocument?.querySelector('#github')?.getAttribute('status') === 'valid' && frame.contentDocument?.querySelector('#slack')?.getAttribute('status') === 'invalid',
      'both widgets should answer',
      { timeout: 8000 },
    );
    for (const [name, route] of [['github', github], ['slack', slack]] as const) {
      const requests = await route.requests();
      expect(requests.map((request) => request.headers['x-csrf-token'] ?? '(none)'), `${name}: one status request, with the headers`).to.deep.equal(['from-the-page']);
    }
  });
});
