/**
 * StrykerJS's build step (`buildCommand` in stryker.config.mjs): compiles every TypeScript file
 * the node:test files load (src/, test/server/, test/ssr/, demo/) to a `.js` file next to it,
 * inside StrykerJS's sandbox copy, after StrykerJS has put its mutants in.
 *
 * Why: a mutant runs one node process per covering test file, and `--import tsx` costs each of
 * them ~0.25 s of loader start (its hooks run on a thread of their own) plus a transform per
 * module; plain `node` on compiled files starts in ~0.1 s. Imports already name `.js` files, so
 * the compiled files are found without a loader. esbuild is what tsx itself uses, so the code
 * that runs is the same.
 *
 * `@nangohq/node` (only the tests import it: they make real SDK clients for the fake Nango) is
 * bundled once into one file that the compiled tests import instead: the same SDK code, but one
 * file to load instead of axios's module graph, which cost each process ~0.25 s of CPU (0.1 s
 * bundled).
 *
 * Never run this in the working tree: it would leave `.js` files beside the sources (it refuses
 * to run outside a `.stryker-tmp` sandbox).
 */
import { buildSync } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

if (!process.cwd().split(/[\\/]/).includes('.stryker-tmp')) {
  console.error('stryker-build.js compiles .ts to .js in place: run it only in a StrykerJS sandbox (.stryker-tmp/).');
  process.exit(1);
}

const entryPoints = ['src', 'test/server', 'test/ssr', 'demo'].flatMap((dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(dir, file)),
);

buildSync({
  entryPoints,
  outdir: '.',
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
});

const SDK = '@nangohq/node';
const sdkBundle = '.stryker-build/nangohq-node.js';
buildSync({
  entryPoints: [SDK],
  bundle: true,
  outfile: sdkBundle,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // axios's Node build requires CommonJS packages (form-data, follow-redirects) at run time.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'warning',
});
let rewritten = 0;
for (const file of entryPoints) {
  const out = file.replace(/\.ts$/, '.js');
  const code = readFileSync(out, 'utf8');
  const path = relative(dirname(out), sdkBundle).replaceAll('\\', '/');
  const next = code.replaceAll(`from "${SDK}"`, `from "${path.startsWith('.') ? path : `./${path}`}"`);
  if (next !== code) {
    writeFileSync(out, next);
    rewritten++;
  }
}
console.log(`stryker-build: ${entryPoints.length} TypeScript files compiled in place; ${rewritten} import ${SDK} from one bundled file.`);
