/**
 * `npm run analyze` (run by `npm run build`): the custom elements manifest, custom-elements.json
 * at the package root, from the element's JSDoc (@fires, @csspart, @cssprop, @slot) and its Lit
 * properties. Editors read it through package.json's `customElements`; scripts/api-docs.js turns
 * it into the API tables of docs/api.md. The globs are on the command line, in package.json.
 */

/** Source files → the published files that export their declarations. */
const PUBLISHED_PATHS = {
  'src/nango-connection-status.ts': 'dist/element.js',
  'src/define.ts': 'dist/nango-connection-status.js',
};

/** The analyzer names a module as given on the command line, or as `/src/….js` when it resolved an import. */
function publishedPath(path) {
  const source = path.replace(/^\//, '').replace(/\.js$/, '.ts');
  return PUBLISHED_PATHS[source] ?? path;
}

/**
 * The manifest describes the published package, not this repository: point module paths at
 * dist/, and leave out members no user can reach (private, protected, `#names`, Lit's static
 * `styles`).
 */
function publishedApi() {
  return {
    name: 'nango-connection-status:published-api',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        module.path = publishedPath(module.path);
        for (const declaration of module.declarations ?? []) {
          if (declaration.members) {
            declaration.members = declaration.members.filter(
              (member) => (member.privacy ?? 'public') === 'public' && !member.name.startsWith('#') && !(member.static && member.name === 'styles'),
            );
          }
        }
        for (const exported of module.exports ?? []) {
          if (exported.declaration?.module) exported.declaration.module = publishedPath(exported.declaration.module);
        }
      }
    },
  };
}

export default {
  outdir: '.',
  // The field is in package.json already; the analyzer must not rewrite a shared file.
  packagejson: false,
  plugins: [publishedApi()],
};
