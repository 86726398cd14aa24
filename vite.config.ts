import { defineConfig, type Plugin } from 'vite';
import { demoServer } from './demo/server/vite-plugin.js';

/**
 * `vite` (npm start): the demo in demo/, with its backend routes mounted on the dev server.
 * `vite build`: the ESM build for bundlers (lit and @nangohq/frontend stay imports).
 * `vite build --mode iife`: the script-tag build: one self-contained file with English, and
 *   the other languages as data fetched on demand (dist/locales/*.json, scripts/write-locales.ts).
 * Both are made ASCII-only afterwards by scripts/ascii-only.js (npm run build).
 */
export default defineConfig(({ command, mode }) => {
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
          .trim()}\``,
      );
    },
  };
}

/**
 * Script-tag build, which every page view pays for: every language but English becomes
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
      const lang = /\/src\/strings\/(fr|de|es|ja)\.ts$/.exec(id)?.[1];
      return lang ? `import { lazyLocale } from './lazy-locale.js'; export const ${lang} = lazyLocale('${lang}');` : null;
    },
  };
}
