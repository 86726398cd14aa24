// The real element inside a Vue 3 app, both ways Vue users write it: a template (compiled at
// run time here, with `isCustomElement` as in the README) and an `h()` render function.
import './node-env.js';
import { expect, waitUntil } from '@open-wc/testing';
import { createApp, h, type App } from 'vue/dist/vue.esm-bundler.js';
import '../../src/index.js';
import type { NangoConnectionStatus, StatusChangeDetail } from '../../src/index.js';
import { scenario, untilStatus } from '../support/fixtures.js';

let app: App | undefined;
let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  app?.unmount();
  app = undefined;
  container.remove();
});

describe('in a Vue 3 app', () => {
  it('runs a template @statuschange listener, with isCustomElement set', async () => {
    const route = await scenario({ delayMs: 100, status: 400, json: { message: 'Connection not found' } });
    const changes: StatusChangeDetail[] = [];
    const warnings: string[] = [];
    app = createApp({
      template: `<nango-connection-status :status-url="url" :timeout="3000" @statuschange="onChange"></nango-connection-status>`,
      data: () => ({ url: route.url }),
      methods: { onChange: (event: CustomEvent<StatusChangeDetail>) => changes.push(event.detail) },
    });
    app.config.compilerOptions.isCustomElement = (tag: string) => tag === 'nango-connection-status';
    app.config.warnHandler = (message: string) => warnings.push(message);
    app.mount(container);
    const el = container.querySelector('nango-connection-status') as NangoConnectionStatus;
    expect(el instanceof customElements.get('nango-connection-status')!, 'the element is the registered class').to.be.true;
    expect(el.timeout).to.equal(3000);
    await waitUntil(() => changes.some((change) => change.status === 'invalid'), '@statuschange should report invalid', { timeout: 8000 });
    expect(changes.at(-1)).to.deep.include({ status: 'invalid', reason: 'Connection not found' });
    expect(warnings, 'Vue resolves the tag as a custom element, not a component').to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('reads static numeric attributes (poll-interval="1" timeout="3000"), which Vue sets as string properties', async () => {
    const route = await scenario({ json: { status: 'valid', provider: 'slack' } });
    app = createApp({
      template: `<nango-connection-status :status-url="url" poll-interval="1" timeout="3000"></nango-connection-status>`,
      data: () => ({ url: route.url }),
    });
    app.config.compilerOptions.isCustomElement = (tag: string) => tag === 'nango-connection-status';
    app.mount(container);
    const el = container.querySelector('nango-connection-status') as NangoConnectionStatus;
    expect(Number(el.pollInterval)).to.equal(1);
    expect(Number(el.timeout)).to.equal(3000);
    await untilStatus(el, 'valid');
    // The poll interval works: a second check a second later.
    await waitUntil(async () => (await route.requests()).length >= 2, 'poll-interval="1" should check again', { timeout: 5000, interval: 250 });
  });

  it('runs an onStatuschange listener from an h() render function, with object props set as properties', async () => {
    const route = await scenario({ json: { status: 'valid', provider: 'slack' } });
    const statuses: string[] = [];
    app = createApp({
      render: () =>
        h('nango-connection-status', {
          'status-url': route.url,
          headers: { 'X-CSRF-Token': 'from-vue' },
          onStatuschange: (event: CustomEvent<StatusChangeDetail>) => statuses.push(event.detail.status),
        }),
    });
    app.mount(container);
    const el = container.querySelector('nango-connection-status') as NangoConnectionStatus;
    await untilStatus(el, 'valid');
    await waitUntil(() => statuses.includes('valid'), 'onStatuschange should report valid');
    const [request] = await route.requests();
    expect(request.headers['x-csrf-token']).to.equal('from-vue');
  });
});
