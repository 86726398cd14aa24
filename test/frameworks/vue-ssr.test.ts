// Server-rendered Vue 3 (Nuxt, Vite SSR): test/frameworks/vue-ssr-app.ts rendered to HTML by
// Vue's own `renderToString` in Node (the test server), then hydrated here with `createSSRApp`.
// The element's code is loaded before Vue hydrates, as a page's bundle does: without
// `defer-hydration` each widget would send its first request without `headers`, then again.
import './node-env.js';
import { expect, waitUntil } from '@open-wc/testing';
import { createApp, createSSRApp, h, nextTick, ref, type App } from 'vue';
import '../../src/index.js';
import type { NangoConnectionStatus as Element, ReconnectedDetail, StatusChangeDetail } from '../../src/index.js';
import { NangoConnectionStatus } from '../../src/vue.js';
import { connectStep, connectUiFrames, connectUiUrl, scenario, scriptedToken, untilStatus } from '../support/fixtures.js';
import { VueApp, type VuePageData } from './vue-ssr-app.js';

let container: HTMLElement;
let app: App | undefined;
/** Everything Vue and the element said on the console or to Vue's warning handler. */
let logged: string[];
const original = { error: console.error, warn: console.warn };

beforeEach(() => {
  logged = [];
  console.error = (...args: unknown[]) => logged.push(`error: ${args.map(String).join(' ')}`);
  console.warn = (...args: unknown[]) => logged.push(`warn: ${args.map(String).join(' ')}`);
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  Object.assign(console, original);
  app?.unmount();
  app = undefined;
  container.remove();
  for (const frame of connectUiFrames()) frame.remove();
});

/** Vue's warnings and errors go to the log, as Vue's default handler would print them. */
function watched(created: App): App {
  created.config.warnHandler = (message) => logged.push(`vue warn: ${message}`);
  created.config.errorHandler = (error) => logged.push(`vue error: ${String(error)}`);
  return created;
}

/** The HTML Vue renders on the server for this page. */
async function serverHtml(data: VuePageData): Promise<string> {
  const response = await fetch(`/__ssr__/vue?data=${encodeURIComponent(JSON.stringify(data))}`);
  expect(response.status, `the test server renders the page: ${response.status === 200 ? '' : await response.clone().text()}`).to.equal(200);
  return response.text();
}

describe('server-rendered Vue 3 (renderToString + createSSRApp)', () => {
  it('sends one status request per widget, with headers, after hydration; runs @statuschange and @reconnected; logs nothing', async () => {
    const first = await scenario({ json: { status: 'invalid', provider: 'github' } }, { json: { status: 'valid' } });
    const second = await scenario({ json: { status: 'valid', provider: 'slack' } });
    const token = await scenario({ json: { sessionToken: scriptedToken(connectStep, { wait: 50 }, { type: 'close' }) } });
    const data: VuePageData = { statusUrls: [first.url, second.url], tokenUrl: token.url, connectUiUrl: await connectUiUrl(), csrfToken: 'from-nuxt' };

    const html = await serverHtml(data);
    expect(html.match(/<nango-connection-status defer-hydration/g), 'both widgets are idle in the server HTML').to.have.length(2);
    expect(html, 'the server HTML names the attributes').to.include(`status-url="${first.url}"`);
    expect(html, 'no status in the server HTML').not.to.match(/ status=/);
    container.innerHTML = html;
    const [component, tag] = [...container.querySelectorAll('nango-connection-status')] as Element[];
    await Promise.all([component.updateComplete, tag.updateComplete]);
    expect(await first.requests(), 'no request before hydration').to.have.length(0);
    expect(await second.requests(), 'no request before hydration').to.have.length(0);

    const statuses: string[] = [];
    const reconnected: ReconnectedDetail[] = [];
    app = watched(
      createSSRApp(VueApp, { ...data, onStatus: (widget: string, detail: StatusChangeDetail) => statuses.push(`${widget}:${detail.status}`), onReconnected: (detail: ReconnectedDetail) => reconnected.push(detail) }),
    );
    app.mount(container);

    expect(container.querySelector('nango-connection-status') === component, `Vue hydrated the server's elements rather than replacing them (${logged.join('; ')})`).to.be.true;
    await untilStatus(component, 'invalid');
    await untilStatus(tag, 'valid');
    for (const [name, route] of [['component', first], ['bare tag', second]] as const) {
      const requests = await route.requests();
      expect(requests, `exactly one status request for the ${name}`).to.have.length(1);
      expect(requests[0].headers['x-csrf-token'], `the ${name}'s request carries headers`).to.equal('from-nuxt');
    }
    expect(component.hasAttribute('defer-hydration') || tag.hasAttribute('defer-hydration'), 'defer-hydration is removed').to.be.false;
    expect(statuses, '@statuschange runs for both widgets').to.include.members(['component:invalid', 'tag:valid']);

    component.shadowRoot!.querySelector('button')!.click();
    await waitUntil(() => reconnected.length > 0, '@reconnected should run', { timeout: 8000 });
    expect(reconnected).to.deep.equal([{ connectionId: 'conn-1', providerConfigKey: 'github' }]);
    expect((await token.requests())[0].headers['x-csrf-token'], 'the token request carries headers').to.equal('from-nuxt');
    await untilStatus(component, 'valid');
    await expect(component).to.be.accessible();
    expect(logged, 'no hydration warning, nothing on the console').to.deep.equal([]);
  });
});

describe('nango-connection-status/vue in a client-only Vue app', () => {
  let connectUiUrlValue: string;
  before(async () => {
    connectUiUrlValue = await connectUiUrl();
  });

  it('checks once with headers, emits the element events, and checks again when headers change', async () => {
    const route = await scenario({ json: { status: 'valid', provider: 'slack' } }, { json: { status: 'valid', provider: 'slack' } });
    const headers = ref({ 'X-CSRF-Token': 'first' });
    const statuses: string[] = [];
    app = watched(
      createApp({
        render: () =>
          h(NangoConnectionStatus, {
            statusUrl: route.url,
            timeout: '3000',
            headers: headers.value,
            onStatuschange: (event: CustomEvent<StatusChangeDetail>) => statuses.push(event.detail.status),
          }),
      }),
    );
    app.mount(container);
    const el = container.querySelector('nango-connection-status') as Element;
    await untilStatus(el, 'valid');
    expect(el.hasAttribute('defer-hydration'), 'removed once mounted').to.be.false;
    expect(el.timeout, 'timeout="3000" arrives as a number').to.equal(3000);
    expect(el.credentials, 'an unset prop leaves the element default').to.equal('same-origin');
    expect(statuses).to.include('valid');

    headers.value = { 'X-CSRF-Token': 'second' };
    await nextTick();
    await waitUntil(async () => (await route.requests()).length === 2, 'new headers should check again', { interval: 100 });
    expect((await route.requests()).map((request) => request.headers['x-csrf-token'])).to.deep.equal(['first', 'second']);
    expect(el.hasAttribute('defer-hydration'), 'a re-render does not put it back').to.be.false;
    expect(logged).to.deep.equal([]);
  });

  it('passes children to the slots, sets strings as a property, exposes the element, and emits reconnectcancel', async () => {
    const status = await scenario({ json: { status: 'invalid', provider: 'github' } });
    const token = await scenario({ json: { sessionToken: scriptedToken({ wait: 50 }, { type: 'close' }) } });
    const exposed = ref<{ element: Element | undefined }>();
    const cancelled: string[] = [];
    app = watched(
      createApp({
        render: () =>
          h(
            NangoConnectionStatus,
            {
              ref: exposed,
              statusUrl: status.url,
              tokenUrl: token.url,
              connectUiUrl: connectUiUrlValue,
              apiUrl: 'http://127.0.0.1:9/api',
              strings: { reconnect: 'Sign in again' },
              onReconnectcancel: (event: CustomEvent<{ intent: string }>) => cancelled.push(event.detail.intent),
            },
            () => h('span', { class: 'from-vue' }, 'Slotted by Vue'),
          ),
      }),
    );
    app.mount(container);
    const el = container.querySelector('nango-connection-status') as Element;
    expect(exposed.value?.element === el, 'the component exposes the element').to.be.true;
    expect(el.querySelector('.from-vue')?.textContent, 'children go inside the element').to.equal('Slotted by Vue');
    await untilStatus(el, 'invalid');
    const button = el.shadowRoot!.querySelector('button')!;
    expect(button.textContent?.trim(), 'strings arrive as a property').to.equal('Sign in again');
    await expect(el).to.be.accessible();
    button.click();
    await waitUntil(() => cancelled.length > 0, `@reconnectcancel should run (status ${el.status})`, { timeout: 8000 });
    expect(cancelled).to.deep.equal(['reconnect']);
    expect(logged).to.deep.equal([]);
  });
});

