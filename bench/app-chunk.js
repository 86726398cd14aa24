// How much of the element an app's own bundle puts in its initial chunk: a small Vite app that
// imports `nango-connection-status` (the package's ESM build in dist/, as an app would get it
// from npm) is built to a temp dir, and its chunks are measured. The flow (Connect UI, the token
// request) and the live-status stream sit behind dynamic import()s in the package, so the app's
// bundler splits them off.
// For comparison, the same app with the flow imported up front (what every page paid before).
//
//   npm run build && node bench/app-chunk.js
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const flowChunk = readdirSync(dist).find((name) => /^flow-.*\.js$/.test(name));
if (!flowChunk) throw new Error('dist/flow-*.js is missing: run npm run build first');

const kib = (n) => `${(n / 1024).toFixed(2)} KiB`;
const gzip = (code) => gzipSync(code, { level: 9 }).length;

/** Builds an app whose entry is `entry`; answers its chunks: { file, initial, raw, gzip }. */
async function buildApp(entry) {
  const dir = mkdtempSync(join(tmpdir(), 'ncs-app-'));
  try {
    writeFileSync(join(dir, 'main.js'), entry);
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title><script type="module" src="./main.js"></script></head>' +
        '<body><nango-connection-status status-url="/api/status" token-url="/api/token"></nango-connection-status></body></html>',
    );
    const output = await build({
      configFile: false,
      root: dir,
      logLevel: 'silent',
      resolve: { alias: { 'nango-connection-status': join(dist, 'nango-connection-status.js') } },
      build: { outDir: join(dir, 'out'), write: false, target: 'es2022', modulePreload: false },
    });
    const chunks = output.output.filter((item) => item.type === 'chunk');
    return chunks.map((chunk) => ({ file: chunk.fileName, initial: chunk.isEntry, raw: chunk.code.length, gzip: gzip(chunk.code) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const split = await buildApp("import 'nango-connection-status';\n");
const eager = await buildApp(`import 'nango-connection-status';\nimport '${join(dist, flowChunk)}';\n`);

console.log('| app built with Vite | initial chunk (raw / gzip) | loaded on need (raw / gzip) |\n|---|---|---|');
for (const [name, chunks] of [
  ['`import \'nango-connection-status\'` (flow and stream behind import())', split],
  ['the same, flow imported up front (before the split)', eager],
]) {
  const initial = chunks.filter((chunk) => chunk.initial);
  const lazy = chunks.filter((chunk) => !chunk.initial);
  const sum = (list, key) => list.reduce((total, chunk) => total + chunk[key], 0);
  console.log(`| ${name} | ${kib(sum(initial, 'raw'))} / ${kib(sum(initial, 'gzip'))} | ${lazy.length ? `${kib(sum(lazy, 'raw'))} / ${kib(sum(lazy, 'gzip'))}` : '—'} |`);
}
