// Checks that every code block of the framework docs compiles (run by scripts/run-tests.js):
//
//   ```ts file=server/api/nango/status.get.ts   written to a scratch project under that name and
//                                                 type-checked with tsc, `nango-connection-status`
//                                                 resolved to this repository's sources;
//   ```vue from=test/frameworks/vue-sfc/X.vue    must equal that file, which vue-tsc, svelte-check
//                                                 or ngc checks and the framework tests run;
//   ```json                                       must parse.
//
// A ts/tsx/js/vue/svelte block with neither mark fails the check. Shell and text blocks are prose.
//
//   node scripts/check-doc-blocks.js [docs/frameworks.md …]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const docs = process.argv.length > 2 ? process.argv.slice(2) : ['docs/frameworks.md'];
const scratch = join(repo, 'node_modules/.cache/doc-blocks');
const CHECKED = new Set(['ts', 'tsx', 'js', 'vue', 'svelte']);

/**
 * Where the docs tell users to put the shared server module, as their frameworks import it:
 * aliases (tsconfig `paths`), and relative imports from Angular's src/server.ts and Nuxt's
 * server/api routes (re-exports).
 */
const SHARED_MODULE = 'nango.ts';
const ALIASES = ['$lib/server/nango', '@/lib/nango'];
const RELATIVE_COPIES = ['src/nango.ts', 'server/utils/nango.ts'];

/** The fenced blocks of a Markdown file: language, info string, text, line. */
function blocks(markdown) {
  const found = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, lang, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^${indent}\`\`\`\\s*$`).test(lines[j]); j++) body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    found.push({ lang, info: info.trim(), text: `${body.join('\n')}\n`, line: i + 1 });
    i = j;
  }
  return found;
}

const problems = [];
const written = [];
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });

for (const doc of docs) {
  for (const block of blocks(readFileSync(join(repo, doc), 'utf8'))) {
    const where = `${doc}:${block.line}`;
    const file = /(?:^|\s)file=(\S+)/.exec(block.info)?.[1];
    const from = /(?:^|\s)from=(\S+)/.exec(block.info)?.[1];
    if (from) {
      const source = readFileSync(join(repo, from), 'utf8');
      if (source.trimEnd() !== block.text.trimEnd()) {
        const [a, b] = [source.split('\n'), block.text.split('\n')];
        const line = a.findIndex((text, index) => text !== b[index]);
        problems.push(`${where}: the block differs from ${from} at its line ${line + 1}:\n  file:  ${a[line]}\n  block: ${b[line]}`);
      }
    } else if (file) {
      if (!['ts', 'tsx'].includes(block.lang)) problems.push(`${where}: file= blocks are type-checked as TypeScript; this one is ${block.lang}`);
      const target = join(scratch, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, block.text);
      written.push(file);
    } else if (block.lang === 'json') {
      try {
        JSON.parse(block.text);
      } catch (error) {
        problems.push(`${where}: invalid JSON: ${error.message}`);
      }
    } else if (CHECKED.has(block.lang)) {
      problems.push(`${where}: a ${block.lang} block needs file=<path> (type-checked) or from=<tested file> (copied)`);
    }
  }
}

if (written.length > 0) {
  // The docs' own `./auth` and the framework stand-ins (test/frameworks/docs).
  writeFileSync(join(scratch, 'auth.ts'), readFileSync(join(repo, 'test/frameworks/docs/auth.ts')));
  for (const copy of RELATIVE_COPIES) {
    mkdirSync(dirname(join(scratch, copy)), { recursive: true });
    writeFileSync(join(scratch, copy), `export * from '${relative(dirname(join(scratch, copy)), join(scratch, SHARED_MODULE.replace(/\.ts$/, '')))}';\n`);
  }
  const src = (path) => [join(repo, path)];
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          isolatedModules: true,
          experimentalDecorators: true,
          useDefineForClassFields: false,
          paths: {
            'nango-connection-status': src('src/index.ts'),
            'nango-connection-status/server': src('src/server/index.ts'),
            'nango-connection-status/vue': src('src/vue.ts'),
            'nango-connection-status/react': src('src/react.ts'),
            'nango-connection-status/*': src('types/*.d.ts'),
            ...Object.fromEntries(ALIASES.map((alias) => [alias, [`./${SHARED_MODULE}`]])),
          },
        },
        files: [...written, 'auth.ts', ...RELATIVE_COPIES, join(repo, 'test/frameworks/docs/frameworks.d.ts')],
      },
      null,
      2,
    ),
  );
  const tsc = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(scratch, 'tsconfig.json')], { encoding: 'utf8' });
  if (tsc.status !== 0) problems.push(`tsc on the docs' file= blocks (in ${relative(repo, scratch)}):\n${tsc.stdout}${tsc.stderr}`);
}

if (problems.length > 0) {
  console.error(problems.join('\n\n'));
  console.error(`\ndoc blocks: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`doc blocks: ${written.length} type-checked, the rest match their tested files (${docs.join(', ')})`);
