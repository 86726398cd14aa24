// The real element inside a React 19 app: React 19 sets known props as properties, unknown
// ones as attributes, and binds `on` + event name with addEventListener.
import { expect, waitUntil } from '@open-wc/testing';
import React from 'react';
import ReactDOM from 'react-dom';
import ReactDOMClient from 'react-dom/client';
import '../../src/index.js';
import type { NangoConnectionStatus, ReconnectedDetail, StatusChangeDetail } from '../../src/index.js';
import { NangoConnectionStatus as NangoConnectionStatusComponent } from '../../src/react.js';
import { connectStep, connectUiFrames, connectUiUrl, scenario, scriptedToken, untilStatus } from '../support/fixtures.js';

let container: HTMLElement;
let root: ReactDOMClient.Root;

function mount(props: Record<string, unknown>): NangoConnectionStatus {
  ReactDOM.flushSync(() => root.render(React.createElement('nango-connection-status', props)));
  return container.querySelector('nango-connection-status')!;
}

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = ReactDOMClient.createRoot(container);
});

afterEach(() => {
  root.unmount();
  container.remove();
  for (const frame of connectUiFrames()) frame.remove();
});

describe('in a React 19 app', () => {
  it('runs the onstatuschange prop when the status URL answers, with props set as properties', async () => {
    const route = await scenario({ delayMs: 100, json: { status: 'valid', provider: 'github' } });
    const changes: StatusChangeDetail[] = [];
    const el = mount({
      'status-url': route.url,
      timeout: 3000,
      headers: { 'X-CSRF-Token': 'from-react' },
      onstatuschange: (event: CustomEvent<StatusChangeDetail>) => changes.push(event.detail),
    });
    expect(el.getAttribute('status-url')).to.equal(route.url);
    expect(el.timeout).to.equal(3000);
    expect(el.headers).to.deep.equal({ 'X-CSRF-Token': 'from-react' });
    await waitUntil(() => changes.some((change) => change.status === 'valid'), 'onstatuschange should report valid', { timeout: 8000 });
    expect(changes.at(-1)).to.include({ status: 'valid' });
    const [request] = await route.requests();
    expect(request.headers['x-csrf-token']).to.equal('from-react');
    await expect(el).to.be.accessible();
  });

  it('runs the onreconnected prop after a real reconnect through Connect UI', async () => {
    const status = await scenario({ json: { status: 'invalid', provider: 'github' } }, { json: { status: 'valid' } });
    const token = await scenario({ json: { sessionToken: scriptedToken(connectStep, { wait: 50 }, { type: 'close' }) } });
    const reconnected: ReconnectedDetail[] = [];
    const statuses: string[] = [];
    const el = mount({
      'status-url': status.url,
      'token-url': token.url,
      'connect-ui-url': await connectUiUrl(),
      'api-url': 'http://127.0.0.1:9/api',
      timeout: 3000,
      onstatuschange: (event: CustomEvent<StatusChangeDetail>) => statuses.push(event.detail.status),
      onreconnected: (event: CustomEvent<ReconnectedDetail>) => reconnected.push(event.detail),
    });
    await untilStatus(el, 'invalid');
    el.shadowRoot!.querySelector('button')!.click();
    await waitUntil(() => reconnected.length > 0, 'onreconnected should run', { timeout: 8000 });
    expect(reconnected).to.deep.equal([{ connectionId: 'conn-1', providerConfigKey: 'github' }]);
    expect(statuses.slice(-2)).to.deep.equal(['reconnecting', 'valid']);
  });

  it('stops calling a handler React replaced on re-render', async () => {
    const route = await scenario({ json: { status: 'valid' } }, { json: { status: 'invalid' } });
    const first: string[] = [];
    const second: string[] = [];
    const el = mount({ 'status-url': route.url, onstatuschange: (event: CustomEvent<StatusChangeDetail>) => first.push(event.detail.status) });
    await untilStatus(el, 'valid');
    mount({ 'status-url': route.url, onstatuschange: (event: CustomEvent<StatusChangeDetail>) => second.push(event.detail.status) });
    const before = first.length;
    el.refresh();
    await untilStatus(el, 'invalid');
    expect(first.length).to.equal(before);
    expect(second).to.include('invalid');
  });
});

describe('the nango-connection-status/react component, client-rendered (Vite)', () => {
  it('sends one status request with headers, sets props as properties, passes className and slotted children, and swaps handlers on re-render', async () => {
    const route = await scenario({ json: { status: 'valid', provider: 'github' } }, { json: { status: 'invalid' } });
    const first: string[] = [];
    const second: string[] = [];
    const render = (onStatusChange: (event: CustomEvent<StatusChangeDetail>) => void) =>
      ReactDOM.flushSync(() =>
        root.render(
          React.createElement(
            NangoConnectionStatusComponent,
            { className: 'integration-status', statusUrl: route.url, timeout: 3000, pollInterval: 0, headers: { 'X-CSRF-Token': 'from-react' }, onStatusChange },
            React.createElement('span', { slot: 'valid' }, 'GitHub is syncing'),
          ),
        ),
      );
    render((event) => first.push(event.detail.status));
    const el = container.querySelector('nango-connection-status') as NangoConnectionStatus;
    expect(el.hasAttribute('defer-hydration'), 'removed in the first layout effect').to.be.false;
    expect(el.className).to.equal('integration-status');
    expect(el.statusUrl).to.equal(route.url);
    expect(el.timeout).to.equal(3000);
    await untilStatus(el, 'valid');
    const requests = await route.requests();
    expect(requests, 'one status request').to.have.length(1);
    expect(requests[0].headers['x-csrf-token']).to.equal('from-react');
    expect(first).to.include('valid');
    expect(el.querySelector('[slot=valid]')!.textContent).to.equal('GitHub is syncing');
    await expect(el).to.be.accessible();

    render((event) => second.push(event.detail.status));
    const before = first.length;
    el.refresh();
    await untilStatus(el, 'invalid');
    expect(first.length, 'the replaced handler is not called').to.equal(before);
    expect(second).to.include('invalid');
    expect(await route.requests(), 'a re-render with equal headers sends nothing').to.have.length(2);
  });
});
