import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { build, defineConfig, type Plugin, type Rollup, type UserConfig } from 'vite';
import { demoServer } from './demo/server/vite-plugin.js';
import { localeFiles } from './scripts/write-locales.js';

/**
 * `vite` (npm start): the demo in demo/, with its backend routes mounted on the dev server.
 * `vite build`: the ESM build for bundlers (lit and @nangohq/frontend stay imports).
 * `vite build --mode iife`: the script-tag build: the file a page includes, with what it needs to
 *   show a status, in English; beside it the flow (Connect UI, the token request) as a second
 *   script, nango-connection-status.flow.js, and the other languages as data
 *   (dist/locales/*.json): both loaded on need, checked against the SHA-384 the first file
 *   carries (see scriptTagFiles below and docs/loading-and-csp.md).
 * Both are made ASCII-only afterwards by scripts/ascii-only.js (npm run build).
 */
export default defineConfig(async ({ command, mode }): Promise<UserConfig> => {
  if (command === 'serve') {
    return {
      root: 'demo',
      server: { host: process.env.HOST ?? 'localhost', port: Number(process.env.PORT ?? 5173) },
      plugins: [demoServer()],
    };
  }
  const scriptTag = mode === 'iife';
  return {
    plugins: scriptTag ? [minifyCssTemplates(), scriptTagOnly()] : [minifyCssTemplates()],
    // The digests of the extra files, written before the main file is built (src/script-files.ts).
    define: scriptTag ? { __SCRIPT_FILES__: JSON.stringify(await scriptTagFiles()) } : undefined,
    build: {
      outDir: 'dist',
      // The iife pass runs second and must not delete the ESM build.
      emptyOutDir: !scriptTag,
      target: 'es2022',
      // No maps: the package would ship comments naming files it leaves out (issue 10).
      sourcemap: false,
      minify: scriptTag,
      lib: scriptTag
        ? { entry: 'src/index.ts', formats: ['iife'], name: 'NangoConnectionStatus', fileName: () => 'nango-connection-status.iife.js' }
        : {
            // The framework components are entries of their own, never in the script-tag file.
            entry: { 'nango-connection-status': 'src/index.ts', element: 'src/element.ts', react: 'src/react.ts', vue: 'src/vue.ts' },
            formats: ['es'],
            fileName: (_format, name) => `${name}.js`,
          },
      rollupOptions: {
        external: scriptTag ? [] : [/^lit($|\/)/, /^@lit\//, /^@nangohq\/frontend/, /^react($|\/)/, /^vue($|\/)/],
        // window.NangoConnectionStatus is a plain object: no Symbol.toStringTag 'Module' on it.
        output: scriptTag ? { generatedCode: { symbols: false } } : undefined,
      },
    },
  };
});

/**
 * Minifies the CSS inside Lit's css`` templates (the minifier leaves template text alone):
 * whitespace and comments only, so the rules read the same.
 */
function minifyCssTemplates(): Plugin {
  return {
    name: 'minify-css-templates',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      return code.replace(/css`([^`]*)`/g, (_, text: string) =>
        `css\`${text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .replace(/([ :(,])0\./g, '$1.')
          // [status='valid'] -> [status=valid]: an identifier needs no quotes.
          .replace(/=(['"])([a-z][\w-]*)\1\]/g, '=$2]')
          .trim()}\``,
      );
    },
  };
}

/** Writes a shipped file and answers its base64 SHA-384 (what `integrity="sha384-…"` holds). */
function writeHashed(file: string, text: string): string {
  writeFileSync(file, text);
  return createHash('sha384').update(text).digest('base64');
}

/**
 * The script-tag build's extra files, written before the main file (which carries their
 * digests): dist/nango-connection-status.flow.js (src/flow-entry.ts: Connect UI session and
 * token request) and dist/locales/<lang>.json. ASCII-only like every shipped script
 * (scripts/ascii-only.js leaves it as is), so the bytes hashed are the bytes shipped.
 */
async function scriptTagFiles(): Promise<{ flow: string; locales: Record<string, string> }> {
  const output = (await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      target: 'es2022',
      sourcemap: false,
      minify: true,
      lib: { entry: 'src/flow-entry.ts', formats: ['iife'], name: 'NangoConnectionStatusFlow', fileName: () => 'flow.js' },
    },
  })) as Rollup.RollupOutput[];
  const code = output[0].output[0].code.replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  mkdirSync('dist/locales', { recursive: true });
  return {
    flow: writeHashed('dist/nango-connection-status.flow.js', code),
    locales: Object.fromEntries(Object.entries(localeFiles()).map(([lang, text]) => [lang, writeHashed(`dist/locales/${lang}.json`, text)])),
  };
}

/**
 * Script-tag build, which every page view pays for: the flow is loaded by src/flow-script.ts
 * (a second script, with integrity) instead of a dynamic import; every language but English becomes
 * `lazyLocale('<lang>')` (fetched when a widget first needs it), ~1 KiB gzip; and the
 * development-time warning about credentials in status answers (src/secret-warning.ts) is
 * left to the npm build, ~0.2 KiB.
 */
function scriptTagOnly(): Plugin {
  return {
    name: 'script-tag-only',
    enforce: 'pre',
    load(id) {
      if (id.endsWith('/src/secret-warning.ts')) return 'export const warnIfSecretsLeak = () => {};';
      if (id.endsWith('/src/flow-import.ts')) return "export { importFlow } from './flow-script.ts';";
      const lang = /\/src\/strings\/(fr|de|es|ja)\.ts$/.exec(id)?.[1];
      return lang ? `import { lazyLocale } from './lazy-locale.js'; export const ${lang} = lazyLocale('${lang}');` : null;
    },
  };
}
