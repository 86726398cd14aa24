// Two copies of the package on one page (a bundle plus the script tag, two micro-frontends):
// the first registration wins and nothing throws; a copy of another version says so once.
import { expect } from '@open-wc/testing';

const VERSION_MARKER = Symbol.for('nango-connection-status.version');

/** What an older copy of this package left in the registry before ours loaded. */
class OlderCopy extends HTMLElement {
  static [VERSION_MARKER] = '0.0.1';
}

describe('registration next to another version', () => {
  it('keeps the registered element, does not throw, and warns once', async () => {
    customElements.define('nango-connection-status', OlderCopy);
    const warnings: unknown[][] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const { defineNangoConnectionStatus, NangoConnectionStatus, VERSION } = await import('../../src/index.js');
      defineNangoConnectionStatus();
      defineNangoConnectionStatus();
      expect(customElements.get('nango-connection-status')).to.equal(OlderCopy);
      expect(customElements.get('nango-connection-status')).not.to.equal(NangoConnectionStatus);
      const ours = warnings.filter(([message]) => String(message).includes('nango-connection-status'));
      expect(ours).to.have.length(1);
      expect(String(ours[0][0])).to.include(VERSION).and.include('0.0.1');
    } finally {
      console.warn = consoleWarn;
    }
  });
});
