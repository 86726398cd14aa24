// Where the script-tag main file's bytes go (`npm run size:modules`): builds it again with a
// source map (into a temporary folder; the extra files beside it are rewritten in dist/, the
// same bytes) and attributes each minified byte to its source file or package. "gzip share" is
// a file's share of the minified bytes times the file's gzip size: gzip works across modules,
// so these are estimates. "(unmapped)" is mostly the CSS (its minifier keeps no map), the SHA-256
// values of the extra files and the IIFE wrapper. docs/loading-and-csp.md keeps the table.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { build } from 'vite';

const outDir = mkdtempSync(join(tmpdir(), 'ncs-modules-'));
const config = await (await import('../vite.config.ts')).default({ command: 'build', mode: 'iife' });
await build({ ...config, configFile: false, logLevel: 'silent', build: { ...config.build, outDir, emptyOutDir: true, sourcemap: true } });
const file = join(outDir, 'nango-connection-status.iife.js');
const code = readFileSync(file, 'utf8');
const map = new TraceMap(readFileSync(`${file}.map`, 'utf8'));
rmSync(outDir, { recursive: true, force: true });

const bytes = new Map();
code.split('\n').forEach((line, index) => {
  for (let column = 0; column < line.length; column++) {
    let source = originalPositionFor(map, { line: index + 1, column }).source ?? '(unmapped)';
    source = source.replace(/.*\/src\//, 'src/').replace(/.*node_modules\/((?:@[^/]+\/)?[^/]+).*/, '$1');
    bytes.set(source, (bytes.get(source) ?? 0) + 1);
  }
});
const gzip = gzipSync(code, { level: 9 }).length;
console.log(`main file: ${code.length} bytes minified, ${gzip} gzip\n\n| part | minified bytes | gzip share |\n|---|---|---|`);
for (const [source, size] of [...bytes].sort((a, b) => b[1] - a[1])) {
  console.log(`| ${source} | ${size} | ${((size / code.length) * gzip / 1024).toFixed(2)} KiB |`);
}
