/**
 * What a bundler would replace in React's and Vue's builds, for pages that load them unbundled.
 * Imported first by the framework tests, so it runs before either library's code.
 */
const page = globalThis as Record<string, unknown>;
page.process ??= { env: { NODE_ENV: 'development' } };
// Vue's esm-bundler build warns once unless a bundler defined its feature flags.
page.__VUE_OPTIONS_API__ ??= true;
page.__VUE_PROD_DEVTOOLS__ ??= false;
page.__VUE_PROD_HYDRATION_MISMATCH_DETAILS__ ??= false;
