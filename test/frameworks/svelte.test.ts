// The real element inside a Svelte 5 app: test/frameworks/svelte/IntegrationStatus.svelte (the
// README's recipe, also checked by svelte-check) compiled by svelte/compiler when the test server
// serves it (test/frameworks/wtr-plugins.js), mounted with Svelte's `mount`.
import { expect, waitUntil } from '@open-wc/testing';
import { mount, unmount } from 'svelte';
import '../../src/index.js';
import type { ConnectionStatus, NangoConnectionStatus, ReconnectedDetail } from '../../src/index.js';
import { connectStep, connectUiFrames, connectUiUrl, scenario, scriptedToken, untilStatus } from '../support/fixtures.js';
import IntegrationStatus from './svelte/IntegrationStatus.svelte';

let container: HTMLElement;
let app: Record<string, unknown> | undefined;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(async () => {
  if (app) await unmount(app);
  app = undefined;
  container.remove();
  for (const frame of connectUiFrames()) frame.remove();
});

describe('in a Svelte 5 app', () => {
  it('sets {headers} and static numbers, runs onstatuschange and onreconnected', async () => {
    const status = await scenario({ json: { status: 'invalid', provider: 'github' } }, { json: { status: 'valid' } });
    const token = await scenario({ json: { sessionToken: scriptedToken(connectStep, { wait: 50 }, { type: 'close' }) } });
    const statuses: ConnectionStatus[] = [];
    const reconnected: ReconnectedDetail[] = [];
    app = mount(IntegrationStatus, {
      target: container,
      props: {
        statusUrl: status.url,
        tokenUrl: token.url,
        connectUiUrl: await connectUiUrl(),
        csrfToken: 'from-svelte',
        onstatus: (value: ConnectionStatus) => statuses.push(value),
        onback: (detail: ReconnectedDetail) => reconnected.push(detail),
      },
    });
    const el = container.querySelector('nango-connection-status') as NangoConnectionStatus;
    expect(el instanceof customElements.get('nango-connection-status')!, 'the element is the registered class').to.be.true;
    expect(el.headers, '{headers} is a property').to.deep.equal({ 'X-CSRF-Token': 'from-svelte' });
    expect(el.statusUrl).to.equal(status.url);
    // Svelte 5 sets even a static attribute as a property when the element has one: the string
    // "3000", which the element's arithmetic reads as the number.
    expect(Number(el.timeout), 'timeout="3000" reaches the element').to.equal(3000);
    expect(Number(el.pollInterval), 'poll-interval="60" reaches the element').to.equal(60);
    expect(el.theme).to.equal('dark');

    await untilStatus(el, 'invalid');
    expect(statuses, 'onstatuschange runs with a typed detail').to.include('invalid');
    const requests = await status.requests();
    expect(requests, 'one status request').to.have.length(1);
    expect(requests[0].headers['x-csrf-token']).to.equal('from-svelte');
    await expect(el).to.be.accessible();

    el.shadowRoot!.querySelector('button')!.click();
    await waitUntil(() => reconnected.length > 0, 'onreconnected should run', { timeout: 8000 });
    expect(reconnected).to.deep.equal([{ connectionId: 'conn-1', providerConfigKey: 'github' }]);
    expect(statuses.at(-1)).to.equal('valid');
  });
});
