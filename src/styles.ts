import { css } from '@lit/reactive-element';

/**
 * Every rule reads the public `--nango-*` custom property with our default as its fallback, so
 * a theme sets one property and every rule that uses it follows. (Not Material Web's private
 * `--_*` copies on `:host`: the same result, ~80 bytes gzip more in every page view.) Colours are
 * `light-dark()` pairs: `color-scheme` picks the side — the system's by default, or the
 * `theme` attribute's. Contrast of every pair meets WCAG AA on its surface.
 */
export const styles = css`
  :host {
    color-scheme: light dark;
    display: block;
    font: var(--nango-font, inherit);
    color: var(--nango-text-color, light-dark(#1f2328, #e6edf3));
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
    gap: var(--nango-gap, 0.625rem);
    padding: 0.625rem 0.75rem;
    border: 1px solid var(--nango-border-color, light-dark(#d1d9e0, #3d444d));
    border-radius: var(--nango-radius, 8px);
    background: var(--nango-surface, light-dark(#fff, #0d1117));
    line-height: 1.4;
  }
  :focus-visible {
    outline: 2px solid var(--nango-focus-color, light-dark(#0969da, #4493f8));
    outline-offset: 2px;
  }
  :host([status='invalid']) .base {
    border-color: var(--nango-invalid-color, light-dark(#cf222e, #ff7b72));
  }
  .icon {
    display: inline-flex;
    flex: none;
    width: 1.25em;
    height: 1.25em;
    color: var(--nango-muted-color, light-dark(#59636e, #9198a1));
  }
  svg {
    width: 100%;
    height: 100%;
  }
  :host([status='valid']) .icon {
    color: var(--nango-valid-color, light-dark(#1a7f37, #3fb950));
  }
  :host([status='invalid']) .icon {
    color: var(--nango-invalid-color, light-dark(#cf222e, #ff7b72));
  }
  :host([status='error']) .icon {
    color: var(--nango-error-color, light-dark(#9a6700, #d29922));
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
    color: var(--nango-muted-color, light-dark(#59636e, #9198a1));
    font-size: 0.875em;
  }
  button {
    font: inherit;
    font-weight: 600;
    padding: 0.375rem 0.875rem;
    border-radius: calc(var(--nango-radius, 8px) - 2px);
    border: 1px solid var(--nango-accent-color, light-dark(#0550ae, #4493f8));
    background: var(--nango-accent-color, light-dark(#0550ae, #4493f8));
    color: var(--nango-accent-text-color, light-dark(#fff, #0d1117));
    cursor: pointer;
  }
  .secondary {
    background: none;
    color: var(--nango-accent-color, light-dark(#0550ae, #4493f8));
  }
  @media (forced-colors: active) {
    button {
      border-color: ButtonText;
    }
  }
`;
