import { css } from 'lit';

/**
 * Public `--nango-*` custom properties feed private `--_*` ones on `:host`, so a theme can
 * set one property and every rule that uses it follows (the Material Web pattern).
 */
export const styles = css`
  :host {
    --_font: var(--nango-font, inherit);
    --_radius: var(--nango-radius, 8px);
    --_gap: var(--nango-gap, 0.625rem);
    --_text: var(--nango-text-color, #1f2328);
    --_muted: var(--nango-muted-color, #59636e);
    --_surface: var(--nango-surface, #ffffff);
    --_border: var(--nango-border-color, #d1d9e0);
    --_valid: var(--nango-valid-color, #1a7f37);
    --_invalid: var(--nango-invalid-color, #cf222e);
    --_error: var(--nango-error-color, #9a6700);
    --_accent: var(--nango-accent-color, #0550ae);
    --_accent-text: var(--nango-accent-text-color, #ffffff);
    --_focus: var(--nango-focus-color, #0969da);

    display: block;
    font: var(--_font);
    color: var(--_text);
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    --_text: var(--nango-text-color, #e6edf3);
    --_muted: var(--nango-muted-color, #9198a1);
    --_surface: var(--nango-surface, #0d1117);
    --_border: var(--nango-border-color, #3d444d);
    --_valid: var(--nango-valid-color, #3fb950);
    --_invalid: var(--nango-invalid-color, #ff7b72);
    --_error: var(--nango-error-color, #d29922);
    --_accent: var(--nango-accent-color, #4493f8);
    --_accent-text: var(--nango-accent-text-color, #0d1117);
    --_focus: var(--nango-focus-color, #4493f8);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_text: var(--nango-text-color, #e6edf3);
      --_muted: var(--nango-muted-color, #9198a1);
      --_surface: var(--nango-surface, #0d1117);
      --_border: var(--nango-border-color, #3d444d);
      --_valid: var(--nango-valid-color, #3fb950);
      --_invalid: var(--nango-invalid-color, #ff7b72);
      --_error: var(--nango-error-color, #d29922);
      --_accent: var(--nango-accent-color, #4493f8);
      --_accent-text: var(--nango-accent-text-color, #0d1117);
      --_focus: var(--nango-focus-color, #4493f8);
    }
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
  .base:focus {
    outline: none;
  }
  .base:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .base[data-status='invalid'] {
    border-color: var(--_invalid);
  }

  .icon {
    display: inline-flex;
    flex: none;
    width: 1.25em;
    height: 1.25em;
    color: var(--_muted);
  }
  .icon svg {
    width: 100%;
    height: 100%;
  }
  [data-status='valid'] .icon {
    color: var(--_valid);
  }
  [data-status='invalid'] .icon {
    color: var(--_invalid);
  }
  [data-status='error'] .icon {
    color: var(--_error);
  }
  [data-status='checking'] .icon svg,
  [data-status='reconnecting'] .icon svg {
    animation: spin 1s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [data-status='checking'] .icon svg,
    [data-status='reconnecting'] .icon svg {
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
  button.secondary {
    background: transparent;
    color: var(--_accent);
  }
  button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  @media (forced-colors: active) {
    button {
      border: 1px solid ButtonText;
    }
  }
`;
