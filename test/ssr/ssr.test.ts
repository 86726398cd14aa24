// Server frameworks (Next.js, Nuxt, SvelteKit, Astro) import the package while rendering on
// the server, where there is no DOM: importing must not throw, and nothing may assume a browser.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const DIST_ENTRY = new URL('../../dist/nango-connection-status.js', import.meta.url);

describe('importing on a server (no DOM)', () => {
  it('runs in a Node without window or document', () => {
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  });

  it('imports the element without registering it', async () => {
    const element = await import('../../src/element.js');
    assert.equal(typeof element.NangoConnectionStatus, 'function');
    assert.equal(typeof element.ConnectionStatusController, 'function');
    // Lit's server build may provide a stand-in registry; the class alone must leave it empty.
    const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements;
    assert.equal(registry?.get('nango-connection-status'), undefined);
  });

  it('imports the registering entry, and registering again is harmless', async () => {
    const index = await import('../../src/index.js');
    assert.equal(typeof index.NangoConnectionStatus, 'function');
    assert.doesNotThrow(() => index.defineNangoConnectionStatus());
    assert.doesNotThrow(() => index.defineNangoConnectionStatus());
  });

  it('imports the built ESM entry, when built, next to the source copy without a warning', { skip: !existsSync(DIST_ENTRY) && 'dist/ not built' }, async () => {
    const warnings: unknown[][] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const built = await import(DIST_ENTRY.href);
      assert.equal(typeof built.NangoConnectionStatus, 'function');
    } finally {
      console.warn = consoleWarn;
    }
    assert.deepEqual(
      warnings.filter(([message]) => String(message).includes('nango-connection-status')),
      [],
      'the same version loaded twice is not worth a warning',
    );
  });

  it("keeps VERSION equal to package.json's version", async () => {
    const { VERSION } = await import('../../src/version.js');
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    assert.equal(VERSION, version, 'run `node scripts/sync-version.js` (npm version does it for you)');
  });
});
