// @ts-check
/**
 * Starts the demo as `npm start` does (vite's dev server with the project's vite.config.ts),
 * for the end-to-end test and the screenshot script, and launches Debian's Chromium through
 * playwright-core (which never downloads a browser).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startDemoServer() {
  const { createServer } = await import('vite');
  // Always the offline demo, whatever the developer's shell has.
  for (const name of ['NANGO_SECRET_KEY', 'NANGO_CONNECTION_ID', 'NANGO_INTEGRATION_ID', 'NANGO_HOST', 'NANGO_CONNECT_UI_URL']) delete process.env[name];
  // Our own dependency cache: another `npm start` or test run may be writing the shared one.
  const cacheDir = await mkdtemp(join(tmpdir(), 'ncs-demo-vite-'));
  const server = await createServer({
    configFile: join(projectRoot, 'vite.config.ts'),
    root: join(projectRoot, 'demo'),
    cacheDir,
    logLevel: 'warn',
    clearScreen: false,
    // No file watching and no HMR: someone editing src/ during a run must not reload the page.
    server: { host: 'localhost', port: 0, strictPort: false, hmr: false, watch: null },
  });
  try {
    await server.listen();
  } catch (error) {
    await server.close();
    throw error;
  }
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('demo: vite did not report its URL');
  return {
    url,
    close: async () => {
      await server.close();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** Chromium flags for a quiet, offline, container-friendly run. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
