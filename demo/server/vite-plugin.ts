/**
 * Mounts the demo's backend (demo-backend.ts) on vite's dev server for `npm start`, and
 * writes the per-run URLs (stand-in Connect UI, fake Nango API) into demo/index.html.
 */
import type { Plugin, ViteDevServer } from 'vite';
import { realNangoFromEnv, startDemoBackend, type DemoBackend, type DemoIntegration } from './demo-backend.js';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The settings row of the integration on your real Nango (the four fake ones are written out in index.html). */
function integrationRow(integration: DemoIntegration): string {
  const attr = (name: string, value: string | undefined) => (value ? ` ${name}="${escapeHtml(value)}"` : '');
  const key = escapeHtml(integration.key);
  return `<li class="integration" data-integration="${key}" data-source="real">
        <div class="logo logo-nango" aria-hidden="true">N</div>
        <div class="about">
          <h3 id="${key}-name">${escapeHtml(integration.name)}</h3>
          <p>${escapeHtml(integration.description)}</p>
        </div>
        <nango-connection-status id="${key}-status"${attr('integration-name', integration.name)} status-url="/api/integrations/${key}/status" token-url="/api/integrations/${key}/reconnect-token" events-url="/api/nango/events"${attr('connect-ui-url', integration.connectUiUrl)}${attr('api-url', integration.apiUrl)}></nango-connection-status>
        <p class="switch-note">A real connection: break it in Nango's dashboard.</p>
      </li>`;
}

export function demoServer(): Plugin {
  let backend: DemoBackend | undefined;
  const close = () => backend?.close();
  return {
    name: 'nango-connection-status-demo',
    config: () => ({
      // Found up front, so the first page load never triggers vite's "new dependencies" reload.
      optimizeDeps: { include: ['lit', 'lit/decorators.js', '@nangohq/frontend'] },
    }),
    async configureServer(server: ViteDevServer) {
      backend = await startDemoBackend({ real: realNangoFromEnv(), connectUiPort: Number(process.env.CONNECT_UI_PORT ?? 0) });
      server.httpServer?.once('close', () => void close());
      server.middlewares.use(backend.middleware);
      const printUrls = server.printUrls.bind(server);
      server.printUrls = () => {
        printUrls();
        const url = server.resolvedUrls?.local[0] ?? '/';
        const real = backend?.integrations.find((i) => i.source === 'real');
        server.config.logger.info(
          `\n  Open ${url} : a Settings → Integrations page with <nango-connection-status> widgets,\n` +
            `  backed by a fake Nango API (${backend?.fakeNangoUrl}) and a stand-in Connect UI (${backend?.connectUiUrl}).` +
            (real ? `\n  The "${real.name}" row uses your real Nango (NANGO_SECRET_KEY).` : '') +
            '\n',
        );
      };
    },
    async closeBundle() {
      await close();
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!backend) return html;
        const real = backend.integrations.filter((i) => i.source === 'real').map(integrationRow).join('\n');
        return html
          .replaceAll('__DEMO_CONNECT_UI_URL__', escapeHtml(backend.connectUiUrl))
          .replaceAll('__DEMO_NANGO_API_URL__', escapeHtml(backend.fakeNangoUrl))
          .replace('<!-- __DEMO_REAL_NANGO_ROW__ -->', real);
      },
    },
  };
}
