/**
 * Script-tag build only: the entry of `nango-connection-status.flow.js`. Hands the flow's
 * exports to the `<script>` element that loaded this file (see `./on-need-script.ts`;
 * the event's name spelled out, so this file carries none of the loader).
 */
import * as flow from './flow.js';

document.currentScript?.dispatchEvent(new CustomEvent('nango-connection-status:flow', { detail: flow }));
