import { svg, type SVGTemplateResult } from 'lit-html';
import type { ConnectionStatus } from './types.js';

/** 20×20 outline icons in `currentColor`; decorative, the message says it in words. */
const shapes = {
  progress: svg`<path d="M10 3a7 7 0 1 0 7 7"/>`,
  valid: svg`<circle cx="10" cy="10" r="8"/><path d="m6.5 10.2 2.3 2.3 4.7-4.9"/>`,
  invalid: svg`<path d="M10 2.8 18 17H2zM10 8v4m0 2.2v.3"/>`,
  error: svg`<circle cx="10" cy="10" r="8"/><path d="M10 6v5m0 2.7v.3"/>`,
  disconnected: svg`<circle cx="10" cy="10" r="8"/><path d="M6.5 10h7"/>`,
};

export function statusIcon(status: ConnectionStatus): SVGTemplateResult {
  const busy = status === 'checking' || status === 'reconnecting';
  return svg`<svg class=${busy ? 'spin' : ''} viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${busy ? shapes.progress : shapes[status]}</svg>`;
}
