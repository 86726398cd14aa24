/**
 * Script-tag build only: the entry of `nango-connection-status.events.js`, the live-status
 * stream, loaded when a widget has an `events-url`. Hands its exports to the `<script>` element
 * that loaded this file (see `./on-need-script.ts`).
 */
import * as events from './status-events.js';

document.currentScript?.dispatchEvent(new CustomEvent('nango-connection-status:events', { detail: events }));
