// Marks this folder as a Svelte project for svelte-check (defaults: Svelte 5, TypeScript in <script lang="ts">).
export default {};
