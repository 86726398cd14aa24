// The package as npm ships it: `npm pack`, the tarball unpacked into a scratch app in a temp
// directory, and every `exports` entry imported from that app by name (type entries type-checked
// by tsc). No network: the app's node_modules holds the unpacked package and links to this
// repository's copies of what package.json declares (dependencies and peers) plus the
// frameworks a user's app brings for the type entries. An import of an undeclared package
// fails to resolve there. Also: shipped JS is ASCII-only and nothing names a missing map.
// Needs the build (npm run build); skipped without dist/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(repo, 'dist/nango-connection-status.js')) && existsSync(join(repo, 'dist/react.js')) && existsSync(join(repo, 'custom-elements.json'));
const skip = !built && 'dist/ not built (npm run build)';

/** Packages a user's app has next to ours for the type entries (they use one framework each). */
const APP_PACKAGES = ['react-dom', '@types/react', '@types/react-dom', 'preact', 'solid-js', 'svelte', 'vue', '@vue/runtime-dom', '@vue/runtime-core', '@vue/shared', '@vue/reactivity', 'csstype'];

let dir: string;
let app: string;
let installed: string;
let pkg: { exports: Record<string, string | Record<string, string>>; dependencies: Record<string, string>; peerDependencies: Record<string, string>; sideEffects: string[] };

/** The files the tarball ships, relative to the package root. */
function shippedFiles(root = installed, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? shippedFiles(root, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

/** Runs a module in the scratch app (its own Node process, resolving from the app's node_modules). */
function runInApp(name: string, code: string): string {
  writeFileSync(join(app, name), code);
  return execFileSync(process.execPath, [join(app, name)], { cwd: app, encoding: 'utf8', timeout: 30_000 });
}

describe('the packed package, installed in a scratch app', { skip, timeout: 60_000 }, () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ncs-pack-'));
    // --ignore-scripts: prepack would rebuild; the test checks the build that is there.
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repo, encoding: 'utf8', timeout: 30_000 }));
    app = join(dir, 'app');
    installed = join(app, 'node_modules/nango-connection-status');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, packed.filename), '-C', installed, '--strip-components=1']);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
    pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies), ...APP_PACKAGES]) {
      const link = join(app, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      if (!existsSync(link)) symlinkSync(join(repo, 'node_modules', name), link, 'dir');
    }
    // react-dom needs scheduler, as an install would bring it.
    symlinkSync(join(repo, 'node_modules/scheduler'), join(app, 'node_modules/scheduler'), 'dir');
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships every file its exports, main, types and sideEffects name, and no source', () => {
    const files = new Set(shippedFiles());
    const named = Object.values(pkg.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
    for (const file of [...named, ...pkg.sideEffects]) assert.ok(files.has(file.replace(/^\.\//, '')), `${file} is in the tarball`);
    assert.deepEqual([...files].filter((file) => file.startsWith('src/') || file.endsWith('.ts') && !file.endsWith('.d.ts')), [], 'no TypeScript sources');
  });

  it('ships ASCII-only JS, and no sourceMappingURL comment naming a file it leaves out', () => {
    const files = new Set(shippedFiles());
    for (const file of files) {
      if (!/\.(js|d\.ts)$/.test(file)) continue;
      const bytes = readFileSync(join(installed, file));
      if (file.endsWith('.js')) {
        const at = bytes.findIndex((byte) => byte > 0x7f);
        assert.equal(at, -1, `${file} is ASCII-only (byte ${at}: …${bytes.subarray(Math.max(0, at - 30), at + 10).toString('latin1')}…)`);
      }
      for (const [, map] of bytes.toString('utf8').matchAll(/[#@] sourceMappingURL=(\S+)/g)) {
        assert.ok(map.startsWith('data:') || files.has(join(dirname(file), map)), `${file} names ${map}, which is not shipped`);
      }
    }
  });

  it('declares caret ranges for its runtime dependencies, and react and @lit/react as optional peers', () => {
    // Lit's two parts the element uses (src/nango-connection-status.ts), not the `lit` bundle of them.
    assert.match(pkg.dependencies['lit-html'], /^\^3\./);
    assert.match(pkg.dependencies['@lit/reactive-element'], /^\^2\./);
    assert.equal((pkg.dependencies as Record<string, string>).lit, undefined);
    assert.match(pkg.dependencies['@nangohq/frontend'], /^\^0\.71\./);
    const meta = (pkg as unknown as { peerDependenciesMeta: Record<string, { optional?: boolean }> }).peerDependenciesMeta;
    for (const peer of ['react', '@lit/react']) assert.equal(meta[peer]?.optional, true, `${peer} is an optional peer`);
  });

  it('imports every JavaScript exports entry by name, in Node', () => {
    const out = runInApp(
      'imports.mjs',
      `import React from 'react';
import { renderToString } from 'react-dom/server';
const main = await import('nango-connection-status');
const element = await import('nango-connection-status/element');
const server = await import('nango-connection-status/server');
const react = await import('nango-connection-status/react');
const manifest = (await import('nango-connection-status/custom-elements.json', { with: { type: 'json' } })).default;
const pkg = (await import('nango-connection-status/package.json', { with: { type: 'json' } })).default;
const scriptTag = import.meta.resolve('nango-connection-status/script-tag');
console.log(JSON.stringify({
  oneClass: main.NangoConnectionStatus === element.NangoConnectionStatus,
  version: main.VERSION === pkg.version,
  server: typeof server.createConnectionStatusHandler,
  html: renderToString(React.createElement(react.NangoConnectionStatus, { statusUrl: '/s', headers: { 'X-CSRF-Token': 't' } })),
  tag: manifest.modules.flatMap((m) => m.declarations ?? []).some((d) => d.tagName === 'nango-connection-status'),
  scriptTag: scriptTag.endsWith('/dist/nango-connection-status.iife.js'),
}));`,
    );
    assert.deepEqual(JSON.parse(out), {
      oneClass: true,
      version: true,
      server: 'function',
      html: '<nango-connection-status defer-hydration=""></nango-connection-status>',
      tag: true,
      scriptTag: true,
    });
  });

  // A shipped .d.ts that imports a package the user may not have (e.g. lit's own lit-html, which
  // strict installs such as pnpm do not expose) breaks type-checking without skipLibCheck.
  it('declares every package its .d.ts files import', () => {
    const allowed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies), 'react', 'preact', 'solid-js', 'svelte', 'vue']);
    for (const file of shippedFiles().filter((name) => name.endsWith('.d.ts'))) {
      // Comments out first: their prose may read like an import ("… from 'the server'").
      const source = readFileSync(join(installed, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const [, specifier] of source.matchAll(/(?:from\s*|import\()\s*['"]([^'"./][^'"]*)['"]/g)) {
        if (specifier.startsWith('node:') || specifier === 'nango-connection-status' || specifier.startsWith('nango-connection-status/')) continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        assert.ok(allowed.has(name), `${file} imports ${specifier}, which package.json does not declare`);
      }
    }
  });

  it('type-checks every types entry in a user project (tsc)', () => {
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [], strict: true, noEmit: true, jsx: 'react-jsx', skipLibCheck: true },
        files: ['check.tsx'],
      }),
    );
    writeFileSync(
      join(app, 'check.tsx'),
      `import type { ConnectionStatus, NangoConnectionStatus as Element } from 'nango-connection-status';
import type { ConnectionStatusController } from 'nango-connection-status/element';
import type { createConnectionStatusHandler } from 'nango-connection-status/server';
import { NangoConnectionStatus } from 'nango-connection-status/react';
import type {} from 'nango-connection-status/preact';
import type {} from 'nango-connection-status/solid';
import type {} from 'nango-connection-status/svelte';
import type {} from 'nango-connection-status/vue';
import type { SvelteHTMLElements } from 'svelte/elements';
import type { GlobalComponents } from 'vue';

export const status: ConnectionStatus = 'valid';
export type Types = [Element, ConnectionStatusController, typeof createConnectionStatusHandler];
export const component = <NangoConnectionStatus statusUrl="/s" timeout={5000} onReconnected={(event) => event.detail.connectionId} />;
export const tag = <nango-connection-status status-url="/s" onreconnected={(event) => event.detail.providerConfigKey} />;
export const svelte: SvelteHTMLElements['nango-connection-status'] = { timeout: '5000', onreconnected: (event) => event.detail.connectionId };
export type Vue = InstanceType<GlobalComponents['nango-connection-status']>['$props'];
// @ts-expect-error the component's handlers are typed
export const wrong = <NangoConnectionStatus onReconnected={(event) => event.detail.status} />;
`,
    );
    // skipLibCheck, as most projects have it: the frameworks' .d.ts files are not ours to check;
    // ours are checked through their use above, and their imports by the next test.
    try {
      execFileSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(app, 'tsconfig.json')], { cwd: app, encoding: 'utf8', timeout: 45_000 });
    } catch (error) {
      assert.fail(`tsc in the scratch app: ${(error as { stdout?: string }).stdout}`);
    }
  });
});
