// The script-tag build (dist/nango-connection-status.iife.js) on a plain HTML page with no
// modules: it registers the element by itself and the element checks a real route.
import { expect, waitUntil } from '@open-wc/testing';
import { scenario } from '../support/fixtures.js';

const SCRIPT = '/dist/nango-connection-status.iife.js';

/**
 * A plain HTML page as the README's "Script tag" install has it: one classic script, the tag,
 * nothing else. Given as `srcdoc` (it shares this page's origin and base URL) because the
 * dev server adds a module script of its own to every HTML file it serves.
 */
function pageHtml(statusUrl: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>nango-connection-status from a script tag</title>
    <script src="${SCRIPT}"></script>
  </head>
  <body>
    <nango-connection-status status-url="${statusUrl}" timeout="3000"></nango-connection-status>
  </body>
</html>`;
}

async function openPage(statusUrl: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.srcdoc = pageHtml(statusUrl);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return frame;
}

describe('the script-tag build', () => {
  before(async () => {
    const response = await fetch(SCRIPT, { method: 'HEAD' });
    expect(response.ok, `${SCRIPT} is missing: run npm run build`).to.be.true;
  });

  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  it('registers <nango-connection-status> from a classic script and shows Reconnect for a 400', async () => {
    const route = await scenario({ status: 400, json: { error: { message: 'Token revoked' }, provider: 'github' } });
    const frame = await openPage(route.url);
    const page = frame.contentWindow as Window & typeof globalThis & { NangoConnectionStatus?: Record<string, unknown> };
    const el = page.document.querySelector('nango-connection-status')!;
    expect(page.customElements.get('nango-connection-status'), 'the tag is defined').to.be.a('function');
    expect(el instanceof page.customElements.get('nango-connection-status')!, 'the element is the registered class').to.be.true;
    expect(page.NangoConnectionStatus?.NangoConnectionStatus, 'the class is on the NangoConnectionStatus global').to.equal(page.customElements.get('nango-connection-status'));
    expect(page.document.scripts.length, 'one classic script on the page').to.equal(1);
    expect(page.document.scripts[0].type).to.equal('');
    await waitUntil(() => el.getAttribute('status') === 'invalid', `status should become invalid, is ${el.getAttribute('status')}`, { timeout: 8000 });
    const button = el.shadowRoot!.querySelector('button')!;
    expect(button.textContent).to.equal('Reconnect');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.include('Token revoked');
    expect(await route.requests()).to.have.length(1);
  });

  it('reaches valid when the route answers 200', async () => {
    const route = await scenario({ json: { status: 'valid', provider: 'github' } });
    const frame = await openPage(route.url);
    const el = frame.contentDocument!.querySelector('nango-connection-status')!;
    await waitUntil(() => el.getAttribute('status') === 'valid', `status should become valid, is ${el.getAttribute('status')}`, { timeout: 8000 });
    expect(el.shadowRoot!.querySelector('button')).to.equal(null);
  });
});
