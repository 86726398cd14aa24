// Server-rendered Angular 20 (Angular SSR): test/frameworks/angular/ssr-app.ts, two widgets of the
// docs' recipe, rendered by @angular/platform-server's `renderApplication` in Node (the test
// server), then hydrated here by `bootstrapApplication` with `provideClientHydration`, zoneless.
// The element's code is loaded before Angular hydrates, as a page's bundle does: without
// `defer-hydration` each widget would send its first request without `headers`, then again.
import '@angular/compiler';
import { expect, waitUntil } from '@open-wc/testing';
import type { ApplicationRef } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import '../../src/index.js';
import type { NangoConnectionStatus as Element, ReconnectedDetail, StatusChangeDetail } from '../../src/index.js';
import { connectStep, connectUiFrames, connectUiUrl, scenario, scriptedToken, untilStatus } from '../support/fixtures.js';
import { AppComponent, appConfig, HANDLERS, type AngularPageData } from './angular/ssr-app.js';

/** The server's body, put straight into this page's <body> (Angular looks for its `nghm` marker there). */
let served: ChildNode[] = [];
let app: ApplicationRef | undefined;
/** Everything Angular and the element said as a warning or an error (Angular reports hydration mismatches there). */
let logged: string[];
const original = { error: console.error, warn: console.warn };

beforeEach(() => {
  logged = [];
  console.error = (...args: unknown[]) => logged.push(`error: ${args.map(String).join(' ')}`);
  console.warn = (...args: unknown[]) => logged.push(`warn: ${args.map(String).join(' ')}`);
});

afterEach(() => {
  Object.assign(console, original);
  app?.destroy();
  app = undefined;
  for (const node of served) node.remove();
  served = [];
  for (const frame of connectUiFrames()) frame.remove();
});

/** The body of the document Angular's server renders for this page (with its `ng-state` script). */
async function serverBody(data: AngularPageData): Promise<string> {
  const response = await fetch(`/__ssr__/angular?data=${encodeURIComponent(JSON.stringify(data))}`);
  expect(response.status, `the test server renders the page: ${response.status === 200 ? '' : await response.clone().text()}`).to.equal(200);
  const html = await response.text();
  const body = /<body>([\s\S]*)<\/body>/.exec(html)?.[1];
  expect(body, `a document with a body: ${html.slice(0, 200)}`).to.be.a('string');
  return body!;
}

describe('server-rendered Angular 20 (platform-server renderApplication + provideClientHydration)', () => {
  it('sends one status request per widget, with headers, after hydration; runs (statuschange) and (reconnected); logs nothing', async () => {
    const first = await scenario({ json: { status: 'invalid', provider: 'github' } }, { json: { status: 'valid' } });
    const second = await scenario({ json: { status: 'valid', provider: 'slack' } });
    const token = await scenario({ json: { sessionToken: scriptedToken(connectStep, { wait: 50 }, { type: 'close' }) } });
    const data: AngularPageData = { statusUrls: [first.url, second.url], tokenUrl: token.url, connectUiUrl: await connectUiUrl(), csrfToken: 'from-angular-ssr' };

    const body = await serverBody(data);
    expect(body.match(/<nango-connection-status defer-hydration/g), 'both widgets are idle in the server HTML').to.have.length(2);
    expect(body, 'the server HTML names the status URL').to.include(`status-url="${first.url}"`);
    expect(body, 'Angular serialized its hydration data').to.include('<script id="ng-state" type="application/json">');
    expect(body, 'no status in the server HTML').not.to.match(/ status=/);
    const template = document.createElement('template');
    template.innerHTML = body;
    served = [...template.content.childNodes];
    document.body.append(...served);
    const root = document.querySelector('app-root')!;
    const widgets = [...root.querySelectorAll('nango-connection-status')] as Element[];
    await Promise.all(widgets.map((widget) => widget.updateComplete));
    expect(await first.requests(), 'no request before hydration').to.have.length(0);
    expect(await second.requests(), 'no request before hydration').to.have.length(0);

    const statuses: string[] = [];
    const reconnected: ReconnectedDetail[] = [];
    const config = appConfig(data);
    app = await bootstrapApplication(AppComponent, {
      providers: [
        ...config.providers,
        { provide: HANDLERS, useValue: { status: (index: number, detail: StatusChangeDetail) => statuses.push(`${index}:${detail.status}`), reconnected: (detail: ReconnectedDetail) => reconnected.push(detail) } },
      ],
    });

    const [component, other] = widgets;
    expect(root.querySelector('nango-connection-status') === component, `Angular hydrated the server's elements rather than replacing them (${logged.join('; ')})`).to.be.true;
    await untilStatus(component, 'invalid');
    await untilStatus(other, 'valid');
    for (const [name, route] of [['first', first], ['second', second]] as const) {
      const requests = await route.requests();
      expect(requests, `exactly one status request for the ${name} widget`).to.have.length(1);
      expect(requests[0].headers['x-csrf-token'], `the ${name} widget's request carries headers`).to.equal('from-angular-ssr');
    }
    expect(widgets.some((widget) => widget.hasAttribute('defer-hydration')), 'defer-hydration is removed').to.be.false;
    expect(statuses, '(statuschange) runs for both widgets').to.include.members(['0:invalid', '1:valid']);

    component.shadowRoot!.querySelector('button')!.click();
    await waitUntil(() => reconnected.length > 0, '(reconnected) should run', { timeout: 8000 });
    expect(reconnected).to.deep.equal([{ connectionId: 'conn-1', providerConfigKey: 'github' }]);
    expect((await token.requests())[0].headers['x-csrf-token'], 'the token request carries headers').to.equal('from-angular-ssr');
    await untilStatus(component, 'valid');
    await expect(component).to.be.accessible();
    expect(logged, 'no hydration warning, nothing on the console').to.deep.equal([]);
  });
});
