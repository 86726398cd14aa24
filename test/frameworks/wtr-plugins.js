// @ts-check
/**
 * Dev-server plugins for the framework tests (test/frameworks/*.test.ts), added to the shared
 * web-test-runner.config.js. React and ReactDOM publish CommonJS only, which a browser cannot
 * import; so `react`, `react-dom` and `react-dom/client` are served as one development build
 * made with vite (as an app's bundler would), sharing one copy of React. Also: the server half
 * of the server-rendering tests (React rendered in Node), and Svelte components compiled by
 * `svelte/compiler` as Svelte's vite plugin would.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

/**
 * `GET /__ssr__/react?data=<json>`: test/frameworks/react-ssr-app.ts rendered by React in Node
 * with `renderToString`, as a server (Next.js) would: the HTML the browser test then hydrates.
 * @returns {import('@web/dev-server-core').Plugin}
 */
function reactServerRendering() {
  return {
    name: 'react-server-rendering',
    async serve(context) {
      if (context.path !== '/__ssr__/react') return undefined;
      const { tsImport } = await import('tsx/esm/api');
      const React = (await import('react')).default;
      const { renderToString } = await import('react-dom/server');
      const { App } = await tsImport('./react-ssr-app.ts', import.meta.url);
      const data = JSON.parse(String(context.query.data));
      return { body: renderToString(React.createElement(App, data)), type: 'html' };
    },
  };
}

/**
 * `GET /__ssr__/vue?data=<json>`: test/frameworks/vue-ssr-app.ts rendered by Vue in Node with
 * `createSSRApp` + `renderToString`, as Nuxt's server would.
 * @returns {import('@web/dev-server-core').Plugin}
 */
function vueServerRendering() {
  return {
    name: 'vue-server-rendering',
    async serve(context) {
      if (context.path !== '/__ssr__/vue') return undefined;
      const { tsImport } = await import('tsx/esm/api');
      const { createSSRApp } = await import('vue');
      const { renderToString } = await import('vue/server-renderer');
      const { VueApp } = await tsImport('./vue-ssr-app.ts', import.meta.url);
      return { body: await renderToString(createSSRApp(VueApp, JSON.parse(String(context.query.data)))), type: 'html' };
    },
  };
}

/**
 * `GET /__ssr__/svelte?data=<json>`: test/frameworks/svelte/ServerRenderedPage.svelte rendered
 * by `svelte/server`'s `render` in Node, as SvelteKit's server would. The components are
 * compiled for the server (production mode: Node resolves Svelte without the `development`
 * condition) into node_modules/.cache, with `nango-connection-status` pointed at src/, and
 * loaded with `svelte/server` through one tsx import so they share Svelte's runtime.
 * @returns {import('@web/dev-server-core').Plugin}
 */
function svelteServerRendering() {
  return {
    name: 'svelte-server-rendering',
    async serve(context) {
      if (context.path !== '/__ssr__/svelte') return undefined;
      const { compile } = await import('svelte/compiler');
      const { tsImport } = await import('tsx/esm/api');
      const source = new URL('./svelte/', import.meta.url);
      const out = new URL('../../node_modules/.cache/svelte-ssr/', import.meta.url);
      await mkdir(out, { recursive: true });
      for (const name of ['ServerRendered', 'ServerRenderedPage']) {
        const filename = new URL(`${name}.svelte`, source);
        const { js } = compile(await readFile(filename, 'utf8'), { filename: filename.pathname, generate: 'server', dev: false });
        const code = js.code
          .replace(/(['"])nango-connection-status\1/g, JSON.stringify(new URL('../../src/index.ts', import.meta.url).pathname))
          .replace(/\.\/(\w+)\.svelte(['"])/g, './$1.js$2');
        await writeFile(new URL(`${name}.js`, out), code);
      }
      await writeFile(new URL('entry.js', out), "export { render } from 'svelte/server';\nexport { default as Page } from './ServerRenderedPage.js';\n");
      const { render, Page } = await tsImport(new URL('entry.js', out).href, import.meta.url);
      return { body: render(Page, { props: JSON.parse(String(context.query.data)) }).body, type: 'html' };
    },
  };
}

/**
 * `GET /__ssr__/angular?data=<json>`: test/frameworks/angular/ssr-app.ts rendered by
 * @angular/platform-server's `renderApplication` in Node (test/frameworks/angular/ssr-server.ts),
 * as an Angular SSR server would; the whole document.
 * @returns {import('@web/dev-server-core').Plugin}
 */
function angularServerRendering() {
  return {
    name: 'angular-server-rendering',
    async serve(context) {
      if (context.path !== '/__ssr__/angular') return undefined;
      const { tsImport } = await import('tsx/esm/api');
      const { renderPage } = await tsImport('./angular/ssr-server.ts', import.meta.url);
      return { body: await renderPage(JSON.parse(String(context.query.data))), type: 'html' };
    },
  };
}

/**
 * `*.svelte` files compiled to JavaScript by `svelte/compiler` (client, dev mode), as
 * vite-plugin-svelte would; `nango-connection-status` imported by a component is this
 * repository's entry (one copy of the element with the test's own import).
 * @returns {import('@web/dev-server-core').Plugin}
 */
function svelteComponents() {
  return {
    name: 'svelte-components',
    resolveImport({ source }) {
      if (source === 'nango-connection-status') return '/src/index.ts';
      // Svelte's `browser` export (the test server resolves without that condition): mount().
      if (source === 'svelte') return '/node_modules/svelte/src/index-client.js';
      return undefined;
    },
    async serve(context) {
      if (!context.path.endsWith('.svelte')) return undefined;
      const { compile } = await import('svelte/compiler');
      const filename = new URL(`../..${context.path}`, import.meta.url);
      const { js } = compile(await readFile(filename, 'utf8'), { filename: filename.pathname, generate: 'client', dev: true });
      return { body: js.code, type: 'js' };
    },
  };
}

export function frameworkPlugins() {
  return [reactAsModules(), reactServerRendering(), vueServerRendering(), svelteServerRendering(), angularServerRendering(), svelteComponents()];
}
