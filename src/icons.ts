import { svg } from 'lit';
import type { ConnectionStatus } from './types.js';

/** 20×20 outline icons, drawn in `currentColor`; decorative (the message says it in words). */
const path = {
  progress: svg`<path d="M10 3a7 7 0 1 0 7 7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>`,
  valid: svg`<circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="1.75"/><path d="m6.5 10.2 2.3 2.3 4.7-4.9" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round"/>`,
  invalid: svg`<path d="M10 2.8 18 17H2z" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linejoin="round"/><path d="M10 8v4M10 14.2v.3" stroke="currentColor" stroke-width="1.75" stroke-linecap="round"/>`,
  error: svg`<circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="1.75"/><path d="M10 6v5M10 13.7v.3" stroke="currentColor" stroke-width="1.75" stroke-linecap="round"/>`,
};

export function statusIcon(status: ConnectionStatus) {
  const shape = status === 'checking' || status === 'reconnecting' ? path.progress : path[status];
  return svg`<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">${shape}</svg>`;
}
