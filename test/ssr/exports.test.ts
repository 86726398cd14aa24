// The package as its users resolve it: every `exports` entry by name (Node resolves a package's
// own name through its `exports`), the files it promises, and type entries that pull in no
// framework. Needs the build; skipped without dist/.
import { Nango } from '@nangohq/node';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const built = existsSync(new URL('dist/nango-connection-status.js', root)) && existsSync(new URL('custom-elements.json', root));
const skip = !built && 'dist/ or custom-elements.json not built (npm run build)';

/** Every file path named in `exports`, with the condition that names it. */
function exportTargets(): Array<{ subpath: string; condition: string; file: string }> {
  return Object.entries(pkg.exports as Record<string, string | Record<string, string>>).flatMap(([subpath, target]) =>
    typeof target === 'string' ? [{ subpath, condition: 'default', file: target }] : Object.entries(target).map(([condition, file]) => ({ subpath, condition, file })),
  );
}

describe('the package, as published', { skip, timeout: 30_000 }, () => {
  it('has a file behind every exports entry, and every main/types/unpkg field', () => {
    const files = [...exportTargets().map(({ file }) => file), pkg.main, pkg.module, pkg.types, pkg.unpkg, pkg.jsdelivr, pkg.customElements];
    for (const file of files) assert.ok(existsSync(new URL(file, root)), `${file} is missing`);
  });

  it('imports ".", "./element" and "./server" by the package name', async () => {
    const main = await import('nango-connection-status');
    const element = await import('nango-connection-status/element');
    const server = await import('nango-connection-status/server');
    assert.equal(main.NangoConnectionStatus, element.NangoConnectionStatus, 'one class, whichever entry');
    assert.equal(typeof main.defineNangoConnectionStatus, 'function');
    assert.equal(typeof main.ConnectionStatusController, 'function');
    assert.equal(main.VERSION, pkg.version);
    assertServerShape(server);
  });

  it('serves the custom elements manifest, describing the tag', () => {
    const manifest = JSON.parse(readFileSync(new URL(import.meta.resolve('nango-connection-status/custom-elements.json')), 'utf8'));
    const tags = manifest.modules.flatMap((module: { declarations?: Array<{ tagName?: string }> }) => module.declarations ?? []).map((declaration: { tagName?: string }) => declaration.tagName);
    assert.ok(tags.includes('nango-connection-status'));
  });

  it('keeps framework types out of the main type entries', () => {
    for (const { subpath, condition, file } of exportTargets()) {
      if (condition !== 'types' || ['./react', './preact', './solid', './vue'].includes(subpath)) continue;
      const source = readFileSync(new URL(file, root), 'utf8');
      assert.doesNotMatch(source, /from ['"](react|preact|solid-js|vue)['"/]/, `${file} must not need a framework's types`);
    }
  });

  it('lists only the registering files as side effects, and ./element registers nothing', () => {
    assert.deepEqual([...pkg.sideEffects].sort(), ['./dist/nango-connection-status.iife.js', './dist/nango-connection-status.js', './dist/react.js', './dist/vue.js']);
    for (const file of moduleGraph(new URL('dist/element.js', root))) {
      assert.doesNotMatch(readFileSync(file, 'utf8'), /customElements\.define\(/, `${file.pathname} registers nothing`);
    }
  });
});

describe('the server entry (source)', { timeout: 30_000 }, () => {
  it('exports the two handler factories, the Node adapter, the error classes and the header value, each of its kind', async () => {
    assertServerShape(await import('../../src/server/index.js'));
  });
});

/** Values the server entry exports (types aside), each with the shape its users rely on. */
function assertServerShape(server: Record<string, unknown>) {
  assert.deepEqual(Object.keys(server).sort(), [
    'ConnectionStatusError',
    'REQUESTED_WITH',
    'RedactedNangoError',
    'createConnectionStatusHandler',
    'createInMemoryHub',
    'createReconnectTokenHandler',
    'createRedisHub',
    'createStatusEventsHandler',
    'createWebhookHandler',
    'toNodeHandler',
  ]);
  // Live status (docs/live-status.md): factories of Fetch handlers and hubs.
  for (const name of ['createStatusEventsHandler', 'createWebhookHandler', 'createInMemoryHub', 'createRedisHub']) assert.equal(typeof server[name], 'function', name);
  const { createConnectionStatusHandler, createReconnectTokenHandler, toNodeHandler, ConnectionStatusError, RedactedNangoError } = server as typeof import('../../src/server/index.js');
  const nango = new Nango({ secretKey: 'sk-shape-test' });
  const resolve = () => null;
  for (const factory of [createConnectionStatusHandler, createReconnectTokenHandler]) {
    assert.equal(typeof factory, 'function');
    const handler = factory({ nango, resolve });
    // A Fetch API handler: (request) => Promise<Response>, as Next.js, Hono, Remix and workers call it.
    assert.equal(typeof handler, 'function', `${factory.name} returns a handler`);
    assert.equal(handler.length, 1, `${factory.name}'s handler takes the Request`);
  }
  assert.equal(createConnectionStatusHandler.name, 'createConnectionStatusHandler');
  assert.equal(createReconnectTokenHandler.name, 'createReconnectTokenHandler');
  assert.equal(toNodeHandler.name, 'toNodeHandler');
  const node = toNodeHandler(async () => new Response(null));
  assert.equal(typeof node, 'function');
  // (req, res) or (req, res, next): Express treats a four-argument function as an error handler.
  assert.ok(node.length >= 2 && node.length <= 3, `toNodeHandler's handler takes (req, res[, next]), length ${node.length}`);
  for (const ErrorClass of [ConnectionStatusError, RedactedNangoError]) {
    assert.equal(typeof ErrorClass, 'function');
    assert.ok(ErrorClass.prototype instanceof Error, `${ErrorClass.name} is an Error`);
  }
  assert.equal(server.REQUESTED_WITH, 'nango-connection-status', 'the X-Requested-With value the element sends');
}

/** A built module and the relative modules it imports, transitively. */
function moduleGraph(entry: URL, seen = new Map<string, URL>()): URL[] {
  if (seen.has(entry.href)) return [...seen.values()];
  seen.set(entry.href, entry);
  for (const [, specifier] of readFileSync(entry, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]/g)) {
    moduleGraph(new URL(specifier, entry), seen);
  }
  return [...seen.values()];
}
