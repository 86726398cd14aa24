// @ts-check
/**
 * Dev-server plugins for the framework tests (test/frameworks/*.test.ts), added to the shared
 * web-test-runner.config.js. React and ReactDOM publish CommonJS only, which a browser cannot
 * import; so `react`, `react-dom` and `react-dom/client` are served as one development build
 * made with vite (as an app's bundler would), sharing one copy of React. Nothing else changes.
 */
import { createRequire } from 'node:module';
import { build } from 'vite';

const require = createRequire(import.meta.url);

const PREFIX = '/__react__/';
/** Import specifier → entry name in the build. */
const ENTRIES = { react: 'react', 'react-dom': 'react-dom', 'react-dom/client': 'react-dom-client' };

/** @type {Promise<Map<string, string>> | undefined} */
let files;

/** Builds the React entries once, on first request, into memory: file name → code. */
function reactFiles() {
  files ??= build({
    configFile: false,
    logLevel: 'silent',
    mode: 'development',
    define: { 'process.env.NODE_ENV': '"development"' },
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: {
        entry: Object.fromEntries(Object.entries(ENTRIES).map(([specifier, name]) => [name, require.resolve(specifier)])),
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
    },
  }).then((result) => {
    const outputs = (Array.isArray(result) ? result : [result]).flatMap((entry) => ('output' in entry ? entry.output : []));
    return new Map(outputs.filter((file) => file.type === 'chunk').map((chunk) => [chunk.fileName, chunk.code]));
  });
  return files;
}

/** @returns {import('@web/dev-server-core').Plugin} */
function reactAsModules() {
  return {
    name: 'react-as-modules',
    resolveImport({ source }) {
      const name = /** @type {Record<string, string>} */ (ENTRIES)[source];
      return name ? `${PREFIX}${name}.js` : undefined;
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      const code = (await reactFiles()).get(context.path.slice(PREFIX.length));
      return code === undefined ? undefined : { body: code, type: 'js' };
    },
  };
}

export function frameworkPlugins() {
  return [reactAsModules()];
}
