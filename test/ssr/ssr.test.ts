// Server frameworks (Next.js, Nuxt, SvelteKit, Astro) import the package while rendering on
// the server, where there is no DOM: importing must not throw, must not need or fake a
// browser, and must not start anything (no request, no timer, no listener).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const DIST_ENTRY = new URL('../../dist/nango-connection-status.js', import.meta.url);
const DIST_ELEMENT = new URL('../../dist/element.js', import.meta.url);
const built = existsSync(DIST_ENTRY) && existsSync(DIST_ELEMENT);

/** Lit's own server-side globals (its registry stand-in, version lists): the only ones allowed. */
const LIT_GLOBALS = /^(lit[A-Z]\w*|reactiveElementVersions|customElements)$/;

/** Imports a module while watching what it does to the Node process. */
async function importWatched(specifier: string) {
  const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));
  const fetchBefore = globalThis.fetch;
  let fetches = 0;
  globalThis.fetch = (...args) => {
    fetches++;
    return fetchBefore(...args);
  };
  const timers: string[] = [];
  const { setTimeout: realSetTimeout, setInterval: realSetInterval } = globalThis;
  globalThis.setTimeout = ((...args: Parameters<typeof realSetTimeout>) => {
    timers.push('setTimeout');
    return realSetTimeout(...args);
  }) as typeof realSetTimeout;
  globalThis.setInterval = ((...args: Parameters<typeof realSetInterval>) => {
    timers.push('setInterval');
    return realSetInterval(...args);
  }) as typeof realSetInterval;
  try {
    const module = await import(specifier);
    const newGlobals = Object.getOwnPropertyNames(globalThis).filter((name) => !globalsBefore.has(name));
    return { module: module as Record<string, unknown>, newGlobals, fetches, timers };
  } finally {
    globalThis.fetch = fetchBefore;
    globalThis.setTimeout = realSetTimeout;
    globalThis.setInterval = realSetInterval;
  }
}

function assertNoBrowserAssumed({ newGlobals, fetches, timers }: { newGlobals: string[]; fetches: number; timers: string[] }, entry: string) {
  for (const name of ['window', 'document', 'HTMLElement', 'MutationObserver', 'localStorage']) {
    assert.equal(typeof (globalThis as Record<string, unknown>)[name], 'undefined', `${entry} needs and fakes no ${name}`);
  }
  assert.deepEqual(newGlobals.filter((name) => !LIT_GLOBALS.test(name)), [], `${entry} adds no globals of its own`);
  assert.equal(fetches, 0, `${entry} sends no request when imported`);
  assert.deepEqual(timers, [], `${entry} starts no timer when imported`);
}

// A suite timeout names the test that hangs (the runner's per-file timeout only names the file).
describe('importing on a server (no DOM)', { timeout: 30_000 }, () => {
  it('imports the element entry without a DOM, faking none, starting nothing, registering nothing', async () => {
    const watched = await importWatched('../../src/element.js');
    assert.equal(typeof watched.module.NangoConnectionStatus, 'function');
    assert.equal(typeof watched.module.ConnectionStatusController, 'function');
    assertNoBrowserAssumed(watched, 'src/element.ts');
    // Lit's server build may provide a stand-in registry; the class alone must leave it empty.
    const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements;
    assert.equal(registry?.get('nango-connection-status'), undefined);
  });

  it('imports the registering entry without a DOM, and registering again is harmless', async () => {
    const watched = await importWatched('../../src/index.js');
    const index = watched.module as typeof import('../../src/index.js');
    assert.equal(typeof index.NangoConnectionStatus, 'function');
    assertNoBrowserAssumed(watched, 'src/index.ts');
    assert.doesNotThrow(() => index.defineNangoConnectionStatus());
    assert.doesNotThrow(() => index.defineNangoConnectionStatus());
    const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements;
    if (registry) assert.equal(registry.get('nango-connection-status'), index.NangoConnectionStatus, 'registered in the stand-in registry, once');
  });

  it('imports the server entry without a DOM, without @nangohq/node, starting nothing', async () => {
    const watched = await importWatched('../../src/server/index.js');
    assert.equal(typeof watched.module.createConnectionStatusHandler, 'function');
    assertNoBrowserAssumed(watched, 'src/server/index.ts');
    const source = readFileSync(new URL('../../src/server/index.ts', import.meta.url), 'utf8');
    assert.doesNotMatch(source, /^export \* from/m, 'the entry names what it exports');
  });

  it('imports the built ESM entries, when built, next to the source copy without a warning', { skip: !built && 'dist/ not built' }, async () => {
    const warnings: unknown[][] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const entry = await importWatched(DIST_ENTRY.href);
      const element = await importWatched(DIST_ELEMENT.href);
      assert.equal(typeof entry.module.NangoConnectionStatus, 'function');
      assert.equal(entry.module.NangoConnectionStatus, element.module.NangoConnectionStatus, 'one class, whichever entry');
      assertNoBrowserAssumed(entry, 'dist/nango-connection-status.js');
      assertNoBrowserAssumed(element, 'dist/element.js');
    } finally {
      console.warn = consoleWarn;
    }
    assert.deepEqual(
      warnings.filter(([message]) => String(message).includes('nango-connection-status')).map(String),
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
