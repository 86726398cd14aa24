// Vue's full build (with the template compiler) has the same API as `vue`, but ships no types
// of its own under its file name.
declare module 'vue/dist/vue.esm-bundler.js' {
  export * from 'vue';
}
