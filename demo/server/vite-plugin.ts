/**
 * The demo's backend, mounted on vite's dev server: the status and token routes a customer
 * would write, and the stand-in Connect UI on a second origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { startConnectUiServer } from './connect-ui-origin.js';

interface DemoConnection {
  provider: string;
  valid: boolean;
}

const connections = new Map<string, DemoConnection>([
  ['github', { provider: 'github', valid: true }],
  ['slack', { provider: 'slack', valid: false }],
]);

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function demoServer(): Plugin {
  let connectUiUrl = '';
  return {
    name: 'nango-connection-status-demo',
    async configureServer(server) {
      const connectUi = await startConnectUiServer({ port: Number(process.env.CONNECT_UI_PORT ?? 0) });
      connectUiUrl = connectUi.url;
      server.httpServer?.once('close', () => void connectUi.close());
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const url = new URL(req.url ?? '/', 'http://demo');
        if (url.pathname === '/api/config') return json(res, 200, { connectUiUrl });
        const match = /^\/api\/connections\/([\w-]+)\/(status|token|break)$/.exec(url.pathname);
        const connection = match && connections.get(match[1]);
        if (!match || !connection) return next();
        if (match[2] === 'status') {
          return connection.valid
            ? json(res, 200, { status: 'valid', provider: connection.provider })
            : json(res, 401, { error: { code: 'invalid_credentials', message: 'The access token expired and could not be refreshed.' }, provider: connection.provider });
        }
        if (req.method !== 'POST') return json(res, 405, { error: 'POST only' });
        if (match[2] === 'break') {
          connection.valid = false;
          return json(res, 200, { ok: true });
        }
        // Stands for "the user re-authorized in Connect UI": the scripted stand-in plays it.
        setTimeout(() => (connection.valid = true), 1200);
        const steps = [{ wait: 1200 }, { type: 'connect', payload: { connectionId: `demo-${match[1]}`, providerConfigKey: match[1] } }, { wait: 1500 }, { type: 'close' }];
        return json(res, 200, { sessionToken: `script:${encodeURIComponent(JSON.stringify(steps))}` });
      });
    },
  };
}
