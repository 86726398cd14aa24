// Server-rendered React (Next.js App Router, any `hydrateRoot`): React renders
// test/frameworks/react-ssr-app.ts to HTML in Node (the test server), the browser hydrates it
// with the same code. React 19 sets no custom-element properties while hydrating, so without
// `defer-hydration` the element would start with no `headers` and no listeners, and reflect
// `status` into HTML React is still comparing.
import './node-env.js';
import { expect, waitUntil } from '@open-wc/testing';
import React from 'react';
import ReactDOMClient from 'react-dom/client';
import '../../src/index.js';
import type { NangoConnectionStatus, ReconnectedDetail } from '../../src/index.js';
import { connectStep, connectUiFrames, connectUiUrl, scenario, scriptedToken, untilStatus } from '../support/fixtures.js';
import { App, type PageData } from './react-ssr-app.js';

let container: HTMLElement;
let root: ReactDOMClient.Root | undefined;
/** Everything React and the element said on the console, and React's recoverable errors. */
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
  root?.unmount();
  root = undefined;
  container.remove();
  for (const frame of connectUiFrames()) frame.remove();
});

/** The HTML React renders on the server for this page. */
async function serverHtml(data: PageData): Promise<string> {
  const response = await fetch(`/__ssr__/react?data=${encodeURIComponent(JSON.stringify(data))}`);
  expect(response.status, 'the test server renders the page').to.equal(200);
  return response.text();
}

for (const recipe of ['wrapper', 'bare-tag'] as const) {
  describe(`server-rendered React 19, ${recipe === 'wrapper' ? 'the nango-connection-status/react component' : 'the bare tag with defer-hydration'}`, () => {
    it('sends one status request, with headers, after hydration; runs onReconnected; logs nothing', async () => {
      const status = await scenario({ json: { status: 'invalid', provider: 'github' } }, { json: { status: 'valid' } });
      const token = await scenario({ json: { sessionToken: scriptedToken(connectStep, { wait: 50 }, { type: 'close' }) } });
      const data: PageData = { recipe, statusUrl: status.url, tokenUrl: token.url, connectUiUrl: await connectUiUrl(), csrfToken: 'from-the-server' };

      const html = await serverHtml(data);
      expect(html, 'the server HTML keeps the element idle').to.match(/<nango-connection-status defer-hydration=""/);
      expect(html, 'the server HTML has no status').not.to.match(/ status=/);
      container.innerHTML = html;
      const el = container.querySelector('nango-connection-status') as NangoConnectionStatus;
      expect(el instanceof customElements.get('nango-connection-status')!, 'the element is the registered class').to.be.true;
      // Upgraded and connected before React hydrates, as when the page's script loads: idle.
      await el.updateComplete;
      expect(el.hasAttribute('status'), 'no status reflected before hydration').to.be.false;
      expect(await status.requests(), 'no request before hydration').to.have.length(0);

      const statuses: string[] = [];
      const reconnected: ReconnectedDetail[] = [];
      const recoverable: string[] = [];
      root = ReactDOMClient.hydrateRoot(
        container,
        // StrictMode, as Next.js runs in development: effects run, are cleaned up and run again.
        React.createElement(React.StrictMode, null, React.createElement(App, { ...data, onStatus: (detail) => statuses.push(detail.status), onReconnected: (detail) => reconnected.push(detail) })),
        { onRecoverableError: (error) => recoverable.push(String(error)) },
      );

      await waitUntil(() => !el.hasAttribute('defer-hydration') || !el.isConnected, 'hydration should remove defer-hydration');
      expect(el.isConnected, `React hydrated the server's element rather than replacing it (${[...recoverable, ...logged].join('; ')})`).to.be.true;
      await untilStatus(el, 'invalid');
      const requests = await status.requests();
      expect(requests, 'exactly one status request').to.have.length(1);
      expect(requests[0].headers['x-csrf-token'], 'the first status request carries headers').to.equal('from-the-server');
      expect(el.hasAttribute('defer-hydration')).to.be.false;
      expect(statuses, 'the status handler runs').to.include('invalid');

      el.shadowRoot!.querySelector('button')!.click();
      await waitUntil(() => reconnected.length > 0, 'onReconnected should run', { timeout: 8000 });
      expect(reconnected).to.deep.equal([{ connectionId: 'conn-1', providerConfigKey: 'github' }]);
      expect((await token.requests())[0].headers['x-csrf-token'], 'the token request carries headers').to.equal('from-the-server');
      expect(recoverable, 'no hydration error').to.deep.equal([]);
      expect(logged, 'nothing on the console').to.deep.equal([]);
    });
  });
}
