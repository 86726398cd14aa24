// The same version twice on one page: the npm module and the script-tag build. The second
// copy registers nothing, throws nothing and warns nothing.
import { expect, waitUntil } from '@open-wc/testing';
import { defineNangoConnectionStatus, NangoConnectionStatus, VERSION } from '../../src/index.js';
import { scenario } from '../support/fixtures.js';

const VERSION_MARKER = Symbol.for('nango-connection-status.version');

function loadClassicScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.addEventListener('load', () => resolve(), { once: true });
    script.addEventListener('error', () => reject(new Error(`${src} did not load: run npm run build`)), { once: true });
    document.head.append(script);
  });
}

describe('registration of the same version twice', () => {
  it('marks the registered constructor with its version', () => {
    const registered = customElements.get('nango-connection-status') as unknown as Record<symbol, unknown>;
    expect(registered).to.equal(NangoConnectionStatus);
    expect(registered[VERSION_MARKER]).to.equal(VERSION);
  });

  it('does not throw or warn when defined again, by the module or by the script-tag build', async () => {
    const errors: unknown[] = [];
    const warnings: unknown[][] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);
    const consoleWarn = console.warn;
    window.addEventListener('error', onError);
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      defineNangoConnectionStatus();
      await loadClassicScript('/dist/nango-connection-status.iife.js');
      defineNangoConnectionStatus();
    } finally {
      window.removeEventListener('error', onError);
      console.warn = consoleWarn;
    }
    expect(errors).to.deep.equal([]);
    expect(warnings.filter(([message]) => String(message).includes('nango-connection-status'))).to.deep.equal([]);
    expect(customElements.get('nango-connection-status')).to.equal(NangoConnectionStatus);

    const route = await scenario({ json: { status: 'valid' } });
    const el = document.createElement('nango-connection-status');
    el.setAttribute('status-url', route.url);
    document.body.append(el);
    await waitUntil(() => el.status === 'valid', `status should become valid, is ${el.status}`, { timeout: 8000 });
    el.remove();
  });
});
