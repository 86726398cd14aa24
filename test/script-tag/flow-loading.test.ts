// The script-tag build in parts: the main file shows status; the flow file
// (nango-connection-status.flow.js: Connect UI, the token request) is fetched only once a widget
// offers Connect or Reconnect, the events file only for an events-url, the languages file only
// on a page in another language than English, each checked against the SHA-256 the main file
// carries (src/on-need-script.ts). Real pages (iframes), real HTTP, the stand-in Connect UI on
// another origin.
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { NangoConnectionStatus } from '../../src/index.js';
import { connectStep, connectUiUrl, scenario, tokenAnswer, type Answer } from '../support/fixtures.js';

const FLOW = 'nango-connection-status.flow.js';
let nextTag = 1;

/**
 * The built files byte for byte, under a tag of this page's own (test/support/scenario-backend.js):
 * the dev server's /dist/ recompiles scripts, which their integrity would rightly refuse.
 * A tag starting `tampered-` serves a changed flow file and changed language files.
 */
function distFiles(prefix = 'page') {
  const tag = `${prefix}-${Date.now()}-${nextTag++}`;
  return {
    script: `/api/dist/${tag}/nango-connection-status.iife.js`,
    flow: `/api/dist/${tag}/${FLOW}`,
    requests: async () => ((await (await fetch(`/api/dist-log/${tag}`)).json()) as { requests: string[] }).requests,
  };
}

interface Widget {
  status: Answer[];
  token?: Answer[];
  /** More attributes for the tag, e.g. `lang="de"`. */
  attributes?: string;
}

/** A plain page with the script tag and one widget per entry; `head` goes before the script. */
async function openPage(widgets: Widget[], { script = '', lang = 'en', head = '', prefix = 'page' } = {}) {
  const ui = await connectUiUrl();
  const tags: string[] = [];
  for (const widget of widgets) {
    const status = await scenario(...widget.status);
    const token = await scenario(...(widget.token ?? [{ status: 500, json: {} }]));
    tags.push(`<nango-connection-status status-url="${location.origin}${status.url}" token-url="${location.origin}${token.url}"
      connect-ui-url="${ui}" api-url="http://127.0.0.1:9/api" timeout="4000" ${widget.attributes ?? ''}></nango-connection-status>`);
  }
  const files = distFiles(prefix);
  script ||= `<script src="${files.script}"></script>`;
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>flow loading</title>${head}${script}</head>
<body>${tags.join('')}</body></html>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const page = frame.contentWindow!;
  const els = [...frame.contentDocument!.querySelectorAll<NangoConnectionStatus>('nango-connection-status')];
  return {
    page,
    els,
    files,
    /** Every resource the page fetched so far (PerformanceResourceTiming), by path. */
    fetched: () => page.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
    connectUi: () => frame.contentDocument!.querySelector('iframe#connect-ui'),
  };
}

async function untilStatus(el: NangoConnectionStatus, status: string) {
  await waitUntil(() => el.getAttribute('status') === status, `status should become ${status}, is ${el.getAttribute('status')}`, { timeout: 8000 });
}

const invalid: Answer = { status: 400, json: { error: { message: 'Token revoked' }, provider: 'github' } };
const valid: Answer = { json: { status: 'valid', provider: 'github' } };

/** The flow file has arrived and run: the loader removes its `<script>` once it has (src/on-need-script.ts). */
const flowScriptGone = (el: Element) => !el.ownerDocument.querySelector(`script[src$="${FLOW}"]`);

describe('the script-tag build loads the flow on need', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  it('a page whose three widgets are healthy downloads the main file and no other file', async () => {
    const { els, files, fetched } = await openPage([{ status: [valid] }, { status: [valid] }, { status: [valid] }]);
    for (const el of els) await untilStatus(el, 'valid');
    await els[0].updateComplete;
    expect(await files.requests(), 'the server was asked for the main file only').to.deep.equal(['nango-connection-status.iife.js']);
    const scripts = fetched().filter((path) => path.endsWith('.js') || path.endsWith('.json'));
    expect(scripts, `the page fetched: ${JSON.stringify(fetched())}`).to.deep.equal([files.script]);
  });

  it('fetches the flow file as soon as a widget shows Reconnect, before any click, and the click opens Connect UI in its own task', async () => {
    const { els, files, connectUi } = await openPage([{ status: [invalid, valid], token: [tokenAnswer(connectStep)] }, { status: [valid] }]);
    const [el] = els;
    await untilStatus(el, 'invalid');
    await waitUntil(async () => (await files.requests()).includes(FLOW), `the flow file is fetched before any click; asked for: ${JSON.stringify(await files.requests())}`, { timeout: 8000 });
    await waitUntil(() => flowScriptGone(el), 'the flow file ran', { timeout: 8000 });
    const errors = recordErrors(el);
    const reconnected = oneEvent(el, 'reconnected');
    el.shadowRoot!.querySelector('button')!.click();
    expect(connectUi(), `Connect UI is open in the click's task (errors: ${JSON.stringify(errors)})`).to.not.equal(null);
    expect(el.getAttribute('status') === 'reconnecting' || (el as NangoConnectionStatus).status === 'reconnecting').to.be.true;
    expect((await reconnected).detail.connectionId).to.equal('conn-1');
    await untilStatus(el, 'valid');
    expect((await files.requests()).filter((file) => file === FLOW), 'fetched once').to.have.length(1);
  });

  it('a click that comes before the flow file has arrived still opens Connect UI, as soon as it has', async () => {
    const { els, connectUi } = await openPage([{ status: [{ ...invalid, delayMs: 300 }, valid], token: [tokenAnswer(connectStep)] }]);
    const [el] = els;
    let openAtClick: boolean | undefined;
    let flowPendingAtClick: boolean | undefined;
    el.addEventListener('statuschange', async (event) => {
      if ((event as CustomEvent).detail.status !== 'invalid') return;
      // Microtasks after the answer: the flow file was only just asked for.
      await el.updateComplete;
      flowPendingAtClick = !flowScriptGone(el);
      el.shadowRoot!.querySelector('button')!.click();
      openAtClick = connectUi() !== null;
    });
    const errors = recordErrors(el);
    const reconnected = oneEvent(el, 'reconnected');
    await waitUntil(() => openAtClick !== undefined, `the widget became invalid and was clicked (status ${el.getAttribute('status')})`, { timeout: 8000 });
    expect(flowPendingAtClick, 'the flow file was asked for and had not run yet at the click').to.be.true;
    expect(openAtClick, 'Connect UI cannot open before its code is here').to.be.false;
    await waitUntil(() => connectUi() !== null || errors.length > 0, `Connect UI opens once the flow file arrives (status ${el.getAttribute('status')})`, { timeout: 8000 });
    expect(errors, 'no reconnecterror').to.deep.equal([]);
    expect((await reconnected).detail.connectionId).to.equal('conn-1');
  });

  it('a flow file that cannot be fetched ends like a Connect UI that cannot load: reconnecterror connect-ui, "Couldn\'t start", Reconnect again', async () => {
    // The same main file served from a route with no flow file beside it.
    const code = await (await fetch(distFiles().script)).text();
    const served = await scenario({ body: code, headers: { 'Content-Type': 'text/javascript' } });
    const { els, connectUi } = await openPage([{ status: [invalid] }], { script: `<script src="${served.url}"></script>` });
    await expectRefusedAndRecovered(els[0], connectUi);
  });

  it('a changed flow file is refused by the browser: nothing from it runs, and the widget recovers', async () => {
    const files = distFiles('tampered');
    const { els, page, connectUi } = await openPage([{ status: [invalid] }], { script: `<script src="${files.script}"></script>` });
    const [el] = els;
    await untilStatus(el, 'invalid');
    await waitUntil(async () => (await files.requests()).includes(FLOW), 'the (changed) flow file was fetched', { timeout: 8000 });
    await expectRefusedAndRecovered(el, connectUi);
    expect((page as unknown as { __tampered?: boolean }).__tampered, 'the changed file never ran').to.equal(undefined);
    // Never stuck: a second try fails the same way (the file is asked for again).
    const again = oneEvent(el, 'reconnecterror');
    el.shadowRoot!.querySelector('button')!.click();
    expect((await again).detail.stage).to.equal('connect-ui');
    expect((page as unknown as { __tampered?: boolean }).__tampered).to.equal(undefined);
  });

  it('a flow file that failed once (a network blip) is asked for again on the click, and Connect UI opens', async () => {
    // `flaky-`: the server answers the first request of the flow file 503, later ones as built.
    const { els, files } = await openPage([{ status: [invalid, valid], token: [tokenAnswer(connectStep)] }], { prefix: 'flaky' });
    const [el] = els;
    await untilStatus(el, 'invalid');
    await waitUntil(async () => (await files.requests()).includes(FLOW), 'the flow file is asked for once Reconnect shows', { timeout: 8000 });
    await waitUntil(() => flowScriptGone(el), 'the first try has failed', { timeout: 8000 });
    const outcome = Promise.race([
      oneEvent(el, 'reconnected').then(() => 'reconnected'),
      oneEvent(el, 'reconnecterror').then(({ detail }) => `reconnecterror ${detail.stage}: ${detail.message}`),
    ]);
    el.shadowRoot!.querySelector('button')!.click();
    expect(await outcome).to.equal('reconnected');
    expect((await files.requests()).filter((file) => file === FLOW), 'asked for twice: the 503, then on the click').to.have.length(2);
  });

  it('the flow file is fetched once per page: for two widgets that offer Reconnect, and not again when they are checked again', async () => {
    const { els, files } = await openPage([{ status: [invalid] }, { status: [invalid] }, { status: [valid] }]);
    const [first, second] = els;
    await untilStatus(first, 'invalid');
    await untilStatus(second, 'invalid');
    await waitUntil(() => flowScriptGone(first), 'the flow file arrived and ran', { timeout: 8000 });
    // Each check that says "invalid" again offers Reconnect again: the code is already here.
    for (const el of [first, second]) {
      const changes: string[] = [];
      el.addEventListener('statuschange', (event) => changes.push((event as CustomEvent).detail.status));
      el.refresh();
      await waitUntil(() => changes.includes('invalid'), `checked again (statuschange: ${JSON.stringify(changes)})`, { timeout: 8000 });
    }
    // A fetch started by those checks would be in flight now: once no flow script is left, every request was answered.
    await waitUntil(() => flowScriptGone(first), 'no flow file is loading', { timeout: 8000 });
    const asked = await files.requests();
    expect(asked.filter((file) => file === FLOW), `asked for: ${JSON.stringify(asked)}`).to.have.length(1);
  });

  it('a Connect click whose flow file cannot be had fails with intent connect, and Connect is offered again', async () => {
    const code = await (await fetch(distFiles().script)).text();
    const served = await scenario({ body: code, headers: { 'Content-Type': 'text/javascript' } });
    const disconnected: Answer = { json: { status: 'disconnected', provider_config_key: 'github' } };
    const { els, connectUi } = await openPage([{ status: [disconnected] }], { script: `<script src="${served.url}"></script>` });
    const [el] = els;
    await untilStatus(el, 'disconnected');
    const failed = oneEvent(el, 'reconnecterror');
    el.shadowRoot!.querySelector('button')!.click();
    const { detail } = await failed;
    expect([detail.stage, detail.intent]).to.deep.equal(['connect-ui', 'connect']);
    expect(connectUi()).to.equal(null);
    await el.updateComplete;
    expect(el.getAttribute('status')).to.equal('disconnected');
    expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('Connect');
  });

  it('from a CDN (another origin): the languages file, the French data and the flow file load with their integrity over CORS, and Reconnect works', async () => {
    const files = distFiles();
    // The same test server under its other name: another origin, as a CDN is.
    const cdn = location.origin.replace(location.hostname, location.hostname === 'localhost' ? '127.0.0.1' : 'localhost');
    const { els } = await openPage([{ status: [invalid, valid], token: [tokenAnswer(connectStep)] }], { lang: 'fr', script: `<script src="${cdn}${files.script}"></script>` });
    const [el] = els;
    await untilStatus(el, 'invalid');
    await waitUntil(() => el.shadowRoot!.querySelector('button')?.textContent === 'Reconnecter', `French words from the CDN (button: ${el.shadowRoot!.querySelector('button')?.textContent})`, { timeout: 8000 });
    await waitUntil(async () => (await files.requests()).includes(FLOW), 'the flow file is asked for', { timeout: 8000 });
    await waitUntil(() => flowScriptGone(el), 'the flow file was answered', { timeout: 8000 });
    const outcome = Promise.race([
      oneEvent(el, 'reconnected').then(() => 'reconnected'),
      oneEvent(el, 'reconnecterror').then(({ detail }) => `reconnecterror ${detail.stage}: ${detail.message}`),
    ]);
    el.shadowRoot!.querySelector('button')!.click();
    expect(await outcome).to.equal('reconnected');
    expect((await files.requests()).filter((file) => file === FLOW), 'the flow file once').to.have.length(1);
  });

  it('a flow file that never arrives is given up after 10 s: the click ends in reconnecterror connect-ui, never stuck', async function () {
    this.timeout(30_000);
    // `hang-`: the server never answers the files beside the main one.
    const { els, connectUi } = await openPage([{ status: [invalid] }], { prefix: 'hang' });
    const [el] = els;
    await untilStatus(el, 'invalid');
    const failed = oneEvent(el, 'reconnecterror').then(({ detail }) => `reconnecterror ${detail.stage}`);
    el.shadowRoot!.querySelector('button')!.click();
    // The file was asked for when Reconnect showed: its 10 s have mostly run by the click.
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('nothing within 14 s of the click'), 14_000));
    expect(await Promise.race([failed, late])).to.equal('reconnecterror connect-ui');
    expect(connectUi()).to.equal(null);
    await el.updateComplete;
    expect(el.getAttribute('status')).to.equal('invalid');
    expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('Reconnect');
  });

  it('a changed language file is refused: the French page shows English rather than a missing Reconnect', async () => {
    // The languages file as built, the French data changed: the digest the languages file carries refuses it.
    const files = distFiles('tamperedjson');
    const { els } = await openPage([{ status: [invalid] }], { lang: 'fr', script: `<script src="${files.script}"></script>` });
    const [el] = els;
    await untilStatus(el, 'invalid');
    await waitUntil(() => el.shadowRoot!.querySelector('button')?.textContent, 'words shown once the language file was answered', { timeout: 8000 });
    expect(await files.requests()).to.include.members(['nango-connection-status.languages.js', 'locales/fr.json']);
    expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('Reconnect');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.include('Github needs to be reconnected');
  });

  it('a changed languages file is refused: nothing from it runs, no language data is fetched, English is shown', async () => {
    const files = distFiles('tampered');
    const { els, page } = await openPage([{ status: [invalid] }], { lang: 'fr', script: `<script src="${files.script}"></script>` });
    const [el] = els;
    await untilStatus(el, 'invalid');
    await waitUntil(() => el.shadowRoot!.querySelector('button')?.textContent, 'words shown once the languages file was refused', { timeout: 8000 });
    expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('Reconnect');
    expect((page as unknown as { __tampered?: boolean }).__tampered, 'the changed file never ran').to.equal(undefined);
    const asked = await files.requests();
    expect(asked, 'the languages file was asked for').to.include('nango-connection-status.languages.js');
    expect(asked, 'a refused languages file fetches no data').to.not.include('locales/fr.json');
  });

  it('the unchanged language files of the same build are accepted: the languages file once, then each language', async () => {
    const { els, files } = await openPage([{ status: [invalid] }, { status: [valid] }, { status: [valid], attributes: 'lang="de"' }], { lang: 'fr' });
    const [el, , german] = els;
    await untilStatus(el, 'invalid');
    await waitUntil(() => el.shadowRoot!.querySelector('button')?.textContent === 'Reconnecter', `French words (button: ${el.shadowRoot!.querySelector('button')?.textContent})`, { timeout: 8000 });
    await waitUntil(() => german.shadowRoot!.querySelector('[role="status"]')?.textContent?.includes('verbunden'), 'German words in the German widget', { timeout: 8000 });
    const asked = (await files.requests()).filter((file) => file !== FLOW);
    expect(asked.slice(0, 2), 'the main file, then the languages file').to.deep.equal(['nango-connection-status.iife.js', 'nango-connection-status.languages.js']);
    expect([...asked.slice(2)].sort(), 'three widgets, two languages: each file once').to.deep.equal(['locales/de.json', 'locales/fr.json']);
  });

  it('a language needed later (a widget switched to German) uses the languages file already here: each file once', async () => {
    const { els, files } = await openPage([{ status: [invalid] }], { lang: 'fr' });
    const [el] = els;
    const button = () => el.shadowRoot!.querySelector('button')?.textContent;
    await untilStatus(el, 'invalid');
    await waitUntil(() => button() === 'Reconnecter', `French words (button: ${button()})`, { timeout: 8000 });
    el.setAttribute('lang', 'de');
    await waitUntil(() => button() === 'Neu verbinden', `German words (button: ${button()})`, { timeout: 8000 });
    const asked = (await files.requests()).filter((file) => file !== FLOW);
    expect(asked).to.deep.equal(['nango-connection-status.iife.js', 'nango-connection-status.languages.js', 'locales/fr.json', 'locales/de.json']);
  });

  it('the live-status stream is fetched only for an events-url, checked like the flow file', async () => {
    const stream = (await (await fetch('/api/event-streams', { method: 'POST', body: '{}' })).json()) as { url: string };
    const { els, files } = await openPage([{ status: [valid] }]);
    await untilStatus(els[0], 'valid');
    expect(await files.requests(), 'no events-url: no events file').to.deep.equal(['nango-connection-status.iife.js']);
    els[0].setAttribute('events-url', `${location.origin}${stream.url}`);
    await waitUntil(async () => (await (await fetch(`${stream.url}/log`)).json()).open === 1, 'the stream is open', { timeout: 8000 });
    expect(await files.requests()).to.deep.equal(['nango-connection-status.iife.js', 'nango-connection-status.events.js']);
  });

  it('a widget removed while the events file is on its way never opens a stream', async () => {
    const stream = (await (await fetch('/api/event-streams', { method: 'POST', body: '{}' })).json()) as { url: string };
    const { els, files } = await openPage([{ status: [valid] }], { prefix: 'slow' });
    const [el] = els;
    await untilStatus(el, 'valid');
    el.setAttribute('events-url', `${location.origin}${stream.url}`);
    await waitUntil(async () => (await files.requests()).includes('nango-connection-status.events.js'), 'the events file is asked for', { timeout: 8000 });
    el.remove();
    // The file answers 600 ms after it was asked for; once it has run, a stream would open at once.
    await waitUntil(() => !el.ownerDocument.querySelector('script[src$="events.js"]'), 'the events file arrived and ran', { timeout: 8000 });
    // Two round trips to the same server: a stream asked for when the file ran would be logged by now.
    await fetch(`${stream.url}/log`);
    await fetch(`${stream.url}/log`);
    expect((await (await fetch(`${stream.url}/log`)).json()).connections, 'no stream for a widget that is gone').to.deep.equal([]);
  });

  it('a changed events file is refused: nothing from it runs, the widget works as without live status', async () => {
    const stream = (await (await fetch('/api/event-streams', { method: 'POST', body: '{}' })).json()) as { url: string };
    const files = distFiles('tampered');
    const { els, page } = await openPage([{ status: [valid, invalid] }], { script: `<script src="${files.script}"></script>` });
    const [el] = els;
    await untilStatus(el, 'valid');
    const errors: string[] = [];
    const frameConsole = (page as Window & typeof globalThis).console;
    const original = frameConsole.error;
    frameConsole.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      el.setAttribute('events-url', `${location.origin}${stream.url}`);
      await waitUntil(() => errors.length > 0, 'the refused file is reported on the console', { timeout: 8000 });
      expect(errors[0]).to.include('nango-connection-status.events.js failed');
    } finally {
      frameConsole.error = original;
    }
    expect((page as unknown as { __tampered?: boolean }).__tampered, 'the changed file never ran').to.equal(undefined);
    expect((await (await fetch(`${stream.url}/log`)).json()).connections, 'no stream was opened').to.deep.equal([]);
    // The widget still works: a refresh reads the next answer.
    (el as NangoConnectionStatus).refresh();
    await untilStatus(el, 'invalid');
  });

  it("with the script's own URL unknown (a module script) and a <base href> elsewhere: English, nothing fetched from the base, and Reconnect fails clearly", async () => {
    const files = distFiles();
    const { els, page: frameWindow } = await openPage([{ status: [invalid] }], {
      lang: 'fr',
      head: '<base href="http://127.0.0.1:9/elsewhere/">',
      script: `<script type="module" src="${location.origin}${files.script}"></script>`,
    });
    const page = frameWindow as Window & typeof globalThis;
    const [el] = els;
    await untilStatus(el, 'invalid');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button')!.textContent, 'English, not blank and not French').to.equal('Reconnect');
    const errors: string[] = [];
    const original = page.console.error;
    page.console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const failed = oneEvent(el, 'reconnecterror');
      el.shadowRoot!.querySelector('button')!.click();
      const { detail } = await failed;
      expect(detail.stage).to.equal('connect-ui');
      expect(detail.message).to.include("script's own URL is unknown");
      expect(errors.join('\n')).to.include('classic <script src>');
    } finally {
      page.console.error = original;
    }
    expect(await files.requests(), 'only the main file, never a language or flow file').to.deep.equal(['nango-connection-status.iife.js']);
    const all = page.performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(all.filter((name) => name.includes('127.0.0.1:9')), 'nothing fetched from <base href>').to.deep.equal([]);
  });
});

/** reconnecterror events' details, as they come. */
function recordErrors(el: Element) {
  const errors: unknown[] = [];
  el.addEventListener('reconnecterror', (event) => errors.push((event as CustomEvent).detail));
  return errors;
}

/** Clicks Reconnect on a widget whose flow file cannot be had: the click ends in reconnecterror (connect-ui), back to Reconnect. */
async function expectRefusedAndRecovered(el: NangoConnectionStatus, connectUi: () => Element | null) {
  await untilStatus(el, 'invalid');
  const failed = oneEvent(el, 'reconnecterror');
  el.shadowRoot!.querySelector('button')!.click();
  const { detail } = await failed;
  expect(detail.stage).to.equal('connect-ui');
  expect(detail.message).to.include(FLOW);
  expect(connectUi()).to.equal(null);
  await el.updateComplete;
  expect(el.getAttribute('status')).to.equal('invalid');
  expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.include("Couldn't start. Try again.");
  expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('Reconnect');
}
