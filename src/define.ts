/**
 * Registers `<nango-connection-status>`, defensively: a page can hold two copies of this
 * package (a micro-frontend, a script tag next to a bundle, two bundles), and the second
 * `customElements.define` must not throw. The first copy to load wins; a later copy of another
 * version says so once, because its attributes or events may differ from what its caller expects.
 */
import { NangoConnectionStatus } from './nango-connection-status.js';
import { VERSION } from './version.js';

/**
 * Where a registered constructor carries its package version. A global symbol, so copies of
 * this package loaded from different bundles read each other's marker.
 */
const VERSION_MARKER = Symbol.for('nango-connection-status.version');

// The marker of this copy; a subclass (a copy of another version extending ours) reads the same.
(NangoConnectionStatus as unknown as Record<symbol, string>)[VERSION_MARKER] = VERSION;

let warned = false;

/**
 * Defines `<nango-connection-status>` unless the tag is already taken. Does nothing where there
 * is no `customElements` (server rendering). Safe to call any number of times.
 */
export function defineNangoConnectionStatus(): void {
  if (typeof customElements == 'undefined') return;
  const existing = customElements.get('nango-connection-status') as unknown as Record<symbol, unknown> | undefined;
  if (existing === (NangoConnectionStatus as unknown)) return;
  if (!existing) {
    customElements.define('nango-connection-status', NangoConnectionStatus);
  } else if (!warned && existing[VERSION_MARKER] !== VERSION) {
    warned = true;
    const theirs = existing[VERSION_MARKER];
    console.warn(
      `<nango-connection-status>: ${VERSION} loaded, but ${typeof theirs === 'string' ? theirs : 'another element'} has the tag. Load one copy.`,
    );
  }
}
