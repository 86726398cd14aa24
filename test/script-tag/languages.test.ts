// The script-tag build carries English only; fr, de, es and ja arrive as data from
// dist/locales/<lang>.json beside the script, read by the languages file
// (nango-connection-status.languages.js; src/strings/lazy-locale.ts). A German page must
// never show (or announce) English first, and a page whose language file cannot be had
// falls back to English rather than staying blank.
import { expect, waitUntil } from '@open-wc/testing';
import { scenario } from '../support/fixtures.js';

let nextTag = 1;
/**
 * The main file byte for byte, from a route that also serves the files beside it as built
 * (test/support/scenario-backend.js): the dev server's /dist/ recompiles scripts, which
 * Subresource Integrity would rightly refuse.
 */
const script = () => `/api/dist/languages-${Date.now()}-${nextTag++}/nango-connection-status.iife.js`;

async function openPage(lang: string, scriptUrl: string, statusUrl: string) {
  const frame = document.createElement('iframe');
  // The live region's every text, recorded from the first render on (before the element is defined).
  frame.srcdoc = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>languages</title>
<script>
  window.texts = [];
  new MutationObserver(() => {
    const el = document.querySelector('nango-connection-status');
    const region = el && el.shadowRoot && el.shadowRoot.querySelector('[role="status"]');
    if (region && !window.observed) {
      window.observed = true;
      const log = () => { const text = region.textContent.trim(); if (window.texts[window.texts.length - 1] !== text) window.texts.push(text); };
      log();
      new MutationObserver(log).observe(region, { subtree: true, childList: true, characterData: true });
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
</script>
<script src="${scriptUrl}"></script></head>
<body><nango-connection-status status-url="${statusUrl}" timeout="3000"></nango-connection-status></body></html>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const page = frame.contentWindow as Window & { texts: string[] };
  return { frame, page, el: frame.contentDocument!.querySelector('nango-connection-status')! };
}

describe('the script-tag build in other languages', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  it('does not carry the other languages in the script itself', async () => {
    const code = await (await fetch(script())).text();
    expect(code.includes('Verbunden'), 'German words are not in the script').to.be.false;
    const languages = await (await fetch('/dist/nango-connection-status.languages.js')).text();
    expect(languages.includes('Verbunden'), 'nor in the languages file: it reads them as data').to.be.false;
    const german = await (await fetch('/dist/locales/de.json')).json();
    expect(german.tryAgain).to.equal('Erneut versuchen');
  });

  it('shows German from dist/locales/de.json, never English first', async () => {
    const route = await scenario({ status: 400, json: { status: 'invalid', display_name: 'GitHub' } });
    const { el, page } = await openPage('de', script(), route.url);
    await waitUntil(() => el.getAttribute('status') === 'invalid' && el.shadowRoot!.querySelector('button')?.textContent === 'Neu verbinden', 'German Reconnect button', { timeout: 8000 });
    const region = el.shadowRoot!.querySelector('[role="status"]')!.textContent!;
    expect(region).to.include('GitHub muss neu verbunden werden');
    const english = page.texts.filter((text) => /connect|check/i.test(text));
    expect(english, `texts shown: ${JSON.stringify(page.texts)}`).to.deep.equal([]);
  });

  it('falls back to English when the language file cannot be loaded', async () => {
    // The same script served from a URL with no locales/ folder beside it.
    const code = await (await fetch(script())).text();
    const served = await scenario({ body: code, headers: { 'Content-Type': 'text/javascript' } });
    const route = await scenario({ json: { status: 'valid', display_name: 'GitHub' } });
    const { el } = await openPage('fr', served.url, route.url);
    await waitUntil(() => el.shadowRoot?.querySelector('[role="status"]')?.textContent?.includes('GitHub is connected'), 'English after the French file failed', { timeout: 8000 });
    expect(el.getAttribute('status')).to.equal('valid');
  });
});
