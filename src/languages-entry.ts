/**
 * Script-tag build only: the entry of `nango-connection-status.languages.js`. Hands its exports
 * to the `<script>` element that loaded this file (see `./on-need-script.ts`).
 */
import * as languages from './strings/languages.js';

document.currentScript?.dispatchEvent(new CustomEvent('nango-connection-status:languages', { detail: languages }));
