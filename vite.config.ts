import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { build, defineConfig, type Plugin, type Rollup, type UserConfig } from 'vite';
import { demoServer } from './demo/server/vite-plugin.js';
import { localeFiles } from './scripts/write-locales.js';

/**
 * `vite` (npm start): the demo in demo/, with its backend routes mounted on the dev server.
 * `vite build`: the ESM build for bundlers (lit and @nangohq/frontend stay imports).
 * `vite build --mode iife`: the script-tag build: the file a page includes, with what it needs to
 *   show a status, in English; beside it the flow (Connect UI, the token request),
 *   nango-connection-status.flow.js, the live-status stream, nango-connection-status.events.js,
 *   and the other languages as data (dist/locales/*.json): all loaded on need, checked against the SHA-256 the first file
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
    define: scriptTag ? { __ON_NEED_FILES__: JSON.stringify(await scriptTagFiles()) } : undefined,
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
        external: scriptTag ? [] : [/^lit(-html)?($|\/)/, /^@lit\//, /^@nangohq\/frontend/, /^react($|\/)/, /^vue($|\/)/],
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

/** Writes a shipped file and answers its base64 SHA-256 (what `integrity="sha256-…"` holds). */
function writeHashed(file: string, text: string): string {
  writeFileSync(file, text);
  return createHash('sha256').update(text).digest('base64');
}

/** Builds one file loaded on need (src/on-need-script.ts) as a classic script, ASCII-only. */
async function buildOnNeed(entry: string, define?: Record<string, string>): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'warn',
    define,
    build: {
      write: false,
      target: 'es2022',
      sourcemap: false,
      minify: true,
      lib: { entry, formats: ['iife'], name: 'NangoConnectionStatusOnNeed', fileName: () => 'on-need.js' },
    },
  })) as Rollup.RollupOutput[];
  return output[0].output[0].code.replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The script-tag build's extra files, written before the file that carries their digests:
 * dist/locales/<lang>.json (the words of each language but English), then
 * dist/nango-connection-status.languages.js (src/languages-entry.ts: reads them; carries their
 * digests), dist/nango-connection-status.flow.js (src/flow-entry.ts: the flow, Connect UI
 * session and token request) and dist/nango-connection-status.events.js (src/events-entry.ts:
 * the live-status stream), whose digests the main file carries. ASCII-only like every shipped
 * script (scripts/ascii-only.js leaves them as they are), so the bytes hashed are the bytes shipped.
 */
async function scriptTagFiles(): Promise<{ flow: string; events: string; languages: string }> {
  mkdirSync('dist/locales', { recursive: true });
  const locales = Object.fromEntries(Object.entries(localeFiles()).map(([lang, text]) => [lang, writeHashed(`dist/locales/${lang}.json`, text)]));
  const [flow, events, languages] = await Promise.all([
    buildOnNeed('src/flow-entry.ts'),
    buildOnNeed('src/events-entry.ts'),
    buildOnNeed('src/languages-entry.ts', { __LOCALE_FILES__: JSON.stringify(locales) }),
  ]);
  return {
    flow: writeHashed('dist/nango-connection-status.flow.js', flow),
    events: writeHashed('dist/nango-connection-status.events.js', events),
    languages: writeHashed('dist/nango-connection-status.languages.js', languages),
  };
}

/**
 * Script-tag build, which every page view pays for: the flow and the live-status stream are
 * loaded by src/on-need-script.ts (scripts beside it, with integrity) instead of dynamic imports; every language but English becomes
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
      if (id.endsWith('/src/on-need-import.ts')) return "export { importOnNeed } from './on-need-script.ts';";
      const lang = /\/src\/strings\/(fr|de|es|ja)\.ts$/.exec(id)?.[1];
      return lang ? `import { lazyLocale } from './lazy-locale.js'; export const ${lang} = lazyLocale('${lang}');` : null;
    },
  };
}
