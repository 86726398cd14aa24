// Server-rendered Svelte 5 (SvelteKit): test/frameworks/svelte/ServerRenderedPage.svelte, two
// widgets of the docs' recipe (ServerRendered.svelte), rendered to HTML by `svelte/server` in
// Node (the test server), then hydrated here with Svelte's `hydrate`. The element's code is
// loaded before Svelte hydrates, as a page's bundle does: without `defer-hydration` each widget
// would send its first request without `headers`, then cancel it and send it again.
import { expect, waitUntil } from '@open-wc/testing';
import { hydrate, unmount } from 'svelte';
import '../../src/index.js';
import type { NangoConnectionStatus as Element, ReconnectedDetail, StatusChangeDetail } from '../../src/index.js';
import { connectStep, connectUiFrames, connectUiUrl, scenario, scriptedToken, untilStatus } from '../support/fixtures.js';
import ServerRenderedPage from './svelte/ServerRenderedPage.svelte';

interface PageData {
  statusUrls: string[];
  tokenUrl: string;
  connectUiUrl: string;
  csrfToken: string;
}

let container: HTMLElement;
let app: Record<string, unknown> | undefined;
/** Everything Svelte and the element said on the console (Svelte warns of hydration mismatches there). */
let logged: string[];
const original = { error: console.error, warn: console.warn };

beforeEach(() => {
  logged = [];
  console.error = (...args: unknown[]) => logged.push(`error: ${args.map(String).join(' ')}`);
  console.warn = (...args: unknown[]) => logged.push(`warn: ${args.map(String).join(' ')}`);
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(async () => {
  Object.assign(console, original);
  if (app) await unmount(app);
  app = undefined;
  container.remove();
  for (const frame of connectUiFrames()) frame.remove();
});

/** The HTML `svelte/server` renders for this page. */
async function serverHtml(data: PageData): Promise<string> {
  const response = await fetch(`/__ssr__/svelte?data=${encodeURIComponent(JSON.stringify(data))}`);
  expect(response.status, `the test server renders the page: ${response.status === 200 ? '' : await response.clone().text()}`).to.equal(200);
  return response.text();
}

describe('server-rendered Svelte 5 (svelte/server render + hydrate)', () => {
  it('sends one status request per widget, with headers, after hydration; runs onstatuschange and onreconnected; logs nothing', async () => {
    const first = await scenario({ json: { status: 'invalid', provider: 'github' } }, { json: { status: 'valid' } });
    const second = await scenario({ json: { status: 'valid', provider: 'slack' } });
    const token = await scenario({ json: { sessionToken: scriptedToken(connectStep, { wait: 50 }, { type: 'close' }) } });
    const data: PageData = { statusUrls: [first.url, second.url], tokenUrl: token.url, connectUiUrl: await connectUiUrl(), csrfToken: 'from-sveltekit' };

    const html = await serverHtml(data);
    expect(html.match(/<nango-connection-status defer-hydration/g), 'both widgets are idle in the server HTML').to.have.length(2);
    expect(html, 'no status in the server HTML').not.to.match(/ status=/);
    expect(html, 'the CSRF token is not in the HTML (headers is a property)').not.to.include('from-sveltekit');
    container.innerHTML = html;
    const widgets = [...container.querySelectorAll('nango-connection-status')] as Element[];
    await Promise.all(widgets.map((widget) => widget.updateComplete));
    expect(await first.requests(), 'no request before hydration').to.have.length(0);
    expect(await second.requests(), 'no request before hydration').to.have.length(0);

    const statuses: string[] = [];
    const reconnected: ReconnectedDetail[] = [];
    app = hydrate(ServerRenderedPage, {
      target: container,
      props: { ...data, onstatus: (index: number, detail: StatusChangeDetail) => statuses.push(`${index}:${detail.status}`), onback: (detail: ReconnectedDetail) => reconnected.push(detail) },
    });

    const [component, other] = widgets;
    expect(container.querySelector('nango-connection-status') === component, `Svelte hydrated the server's elements rather than replacing them (${logged.join('; ')})`).to.be.true;
    await untilStatus(component, 'invalid');
    await untilStatus(other, 'valid');
    for (const [name, route] of [['first', first], ['second', second]] as const) {
      const requests = await route.requests();
      expect(requests, `exactly one status request for the ${name} widget`).to.have.length(1);
      expect(requests[0].headers['x-csrf-token'], `the ${name} widget's request carries headers`).to.equal('from-sveltekit');
    }
    expect(widgets.some((widget) => widget.hasAttribute('defer-hydration')), 'defer-hydration is removed').to.be.false;
    expect(statuses, 'onstatuschange runs for both widgets').to.include.members(['0:invalid', '1:valid']);

    component.shadowRoot!.querySelector('button')!.click();
    await waitUntil(() => reconnected.length > 0, 'onreconnected should run', { timeout: 8000 });
    expect(reconnected).to.deep.equal([{ connectionId: 'conn-1', providerConfigKey: 'github' }]);
    expect((await token.requests())[0].headers['x-csrf-token'], 'the token request carries headers').to.equal('from-sveltekit');
    await untilStatus(component, 'valid');
    await expect(component).to.be.accessible();
    expect(logged, 'no hydration warning, nothing on the console').to.deep.equal([]);
  });
});
