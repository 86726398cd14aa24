import { css } from 'lit';

/**
 * Public `--nango-*` custom properties feed private `--_*` ones on `:host`, so a theme sets
 * one property and every rule that uses it follows (the Material Web pattern). Colours are
 * `light-dark()` pairs: `color-scheme` picks the side — the system's by default, or the
 * `theme` attribute's. Contrast of every pair meets WCAG AA on its surface.
 */
export const styles = css`
  :host {
    color-scheme: light dark;
    --_font: var(--nango-font, inherit);
    --_radius: var(--nango-radius, 8px);
    --_gap: var(--nango-gap, 0.625rem);
    --_text: var(--nango-text-color, light-dark(#1f2328, #e6edf3));
    --_muted: var(--nango-muted-color, light-dark(#59636e, #9198a1));
    --_surface: var(--nango-surface, light-dark(#fff, #0d1117));
    --_border: var(--nango-border-color, light-dark(#d1d9e0, #3d444d));
    --_valid: var(--nango-valid-color, light-dark(#1a7f37, #3fb950));
    --_invalid: var(--nango-invalid-color, light-dark(#cf222e, #ff7b72));
    --_error: var(--nango-error-color, light-dark(#9a6700, #d29922));
    --_accent: var(--nango-accent-color, light-dark(#0550ae, #4493f8));
    --_accent-text: var(--nango-accent-text-color, light-dark(#fff, #0d1117));
    --_focus: var(--nango-focus-color, light-dark(#0969da, #4493f8));
    display: block;
    font: var(--_font);
    color: var(--_text);
    /* Inherited page styles that would change the layout (a starter's centred #root, an
       upper-cased nav, pre-wrapped text) stop here; the page can still style the host. */
    text-align: start;
    text-indent: 0;
    text-transform: none;
    letter-spacing: normal;
    word-spacing: normal;
    white-space: normal;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: var(--_gap);
    padding: 0.625rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    line-height: 1.4;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  :host([status='invalid']) .base {
    border-color: var(--_invalid);
  }
  .icon {
    display: inline-flex;
    flex: none;
    width: 1.25em;
    height: 1.25em;
    color: var(--_muted);
  }
  svg {
    width: 100%;
    height: 100%;
  }
  :host([status='valid']) .icon {
    color: var(--_valid);
  }
  :host([status='invalid']) .icon {
    color: var(--_invalid);
  }
  :host([status='error']) .icon {
    color: var(--_error);
  }
  .spin {
    animation: spin 1s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spin {
      animation: none;
    }
  }
  .message {
    flex: 1 1 12rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .detail {
    display: block;
    color: var(--_muted);
    font-size: 0.875em;
  }
  button {
    font: inherit;
    font-weight: 600;
    padding: 0.375rem 0.875rem;
    border-radius: calc(var(--_radius) - 2px);
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
    cursor: pointer;
  }
  .secondary {
    background: none;
    color: var(--_accent);
  }
  @media (forced-colors: active) {
    button {
      border-color: ButtonText;
    }
  }
`;
