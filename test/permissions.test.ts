/**
 * "Needs new permissions": the status URL's `missing_scopes` in the widget's own words, the
 * `statuschange` detail for developers, and a reconnect whose new grant still lacks scopes.
 * Real HTTP routes, the real stand-in Connect UI (scripted), real Chromium.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import type { StatusChangeDetail } from '../src/types.js';
import { actionButton, connectStep, connectUiFrames, connectUiUrl, messageText, recordEvents, scenario, tokenAnswer, untilStatus, type Answer } from './support/fixtures.js';

/** The status handler's answer for a connection that works but lacks scopes. */
const missing = (scopes: unknown[], extra: Record<string, unknown> = {}): Answer => ({
  json: {
    status: 'invalid',
    error: { code: 'missing_scopes', message: 'This connection needs new permissions: reconnect to grant them.' },
    missing_scopes: scopes,
    connection_id: 'conn-1',
    provider_config_key: 'github',
    provider: 'github',
    display_name: 'GitHub',
    errors: [],
    ...extra,
  },
});
const valid: Answer = { json: { status: 'valid', connection_id: 'conn-1', provider_config_key: 'github', provider: 'github', display_name: 'GitHub', errors: [] } };

/**
 * A widget in `lang`, its events recorded before it is connected (the first statuschange
 * happens during its first check), on real status and token routes.
 */
async function widget({ lang = 'en', status, token = [] }: { lang?: string; status: Answer[]; token?: Answer[] }) {
  const statusRoute = await scenario(...status);
  const tokenRoute = await scenario(...token);
  const parent = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
  const el = document.createElement('nango-connection-status') as NangoConnectionStatus;
  el.setAttribute('status-url', statusRoute.url);
  el.setAttribute('token-url', tokenRoute.url);
  el.setAttribute('connect-ui-url', await connectUiUrl());
  el.setAttribute('api-url', 'http://127.0.0.1:9/api');
  el.setAttribute('timeout', '4000');
  const events = recordEvents(el);
  parent.append(el);
  return { el, statusRoute, events };
}

const changes = (events: ReturnType<typeof recordEvents>) => events.of('statuschange').map((event) => event.detail as StatusChangeDetail);

afterEach(() => {
  for (const frame of connectUiFrames()) frame.remove();
});

describe('missing scopes', () => {
  it('says "GitHub needs new permissions" with the Reconnect button, in English', async () => {
    const { el, events } = await widget({ status: [missing(['workflow'])] });
    await untilStatus(el, 'invalid');
    // Our words only: the server's English sentence is not shown under them.
    expect(messageText(el)).to.equal('GitHub needs new permissions');
    expect(actionButton(el)!.getAttribute('aria-label')).to.equal('Reconnect GitHub');
    expect(actionButton(el)!.textContent).to.equal('Reconnect');
    await expect(el).to.be.accessible();
    expect(changes(events)).to.deep.equal([
      {
        status: 'invalid',
        previousStatus: 'checking',
        reason: 'This connection needs new permissions: reconnect to grant them.',
        code: 'missing_scopes',
        missingScopes: ['workflow'],
      },
    ]);
  });

  it('says it in French too (and without a name when the server gives none)', async () => {
    const { el } = await widget({ lang: 'fr', status: [missing(['repo', 'workflow'])] });
    await untilStatus(el, 'invalid');
    expect(messageText(el)).to.equal('GitHub a besoin de nouvelles autorisations');
    expect(actionButton(el)!.getAttribute('aria-label')).to.equal('Reconnecter GitHub');
    await expect(el).to.be.accessible();

    const nameless = await widget({ lang: 'fr', status: [missing(['repo'], { display_name: undefined, provider: undefined, provider_config_key: undefined })] });
    await untilStatus(nameless.el, 'invalid');
    expect(messageText(nameless.el)).to.equal('De nouvelles autorisations sont nécessaires');
    await expect(nameless.el).to.be.accessible();
  });

  it('other reasons keep their words, and statuschange carries their code', async () => {
    const { el, events } = await widget({ status: [{ status: 400, json: { error: { code: 'invalid_credentials', message: 'Expired' }, display_name: 'GitHub' } }] });
    await untilStatus(el, 'invalid');
    expect(messageText(el)).to.equal('GitHub needs to be reconnected');
    expect(changes(events)[0]).to.deep.include({ status: 'invalid', code: 'invalid_credentials', missingScopes: undefined });
  });

  it('Reconnect grants them: connected, with one reconnected', async () => {
    const { el, events } = await widget({ status: [missing(['workflow']), valid], token: [tokenAnswer(connectStep, { wait: 50 }, { type: 'close' })] });
    await untilStatus(el, 'invalid');
    const reconnected = oneEvent(el, 'reconnected');
    actionButton(el)!.click();
    await reconnected;
    await untilStatus(el, 'valid');
    // The live region keeps its words while Connect UI is open (the page is inert): the outcome shows once it has closed.
    await waitUntil(() => messageText(el) === 'GitHub is connected', `the message after Connect UI closed is "${messageText(el)}"`);
    expect(events.of('reconnected').length).to.equal(1);
    expect(events.of('reconnecterror')).to.deep.equal([]);
  });

  it('a new grant that still lacks scopes: reconnecterror verify at once, and the widget says which (short names)', async () => {
    const google = 'https://www.googleapis.com/auth/calendar.events';
    const { el, events, statusRoute } = await widget({ status: [missing(['workflow']), missing(['workflow', google])], token: [tokenAnswer(connectStep)] });
    await untilStatus(el, 'invalid');
    const failed = oneEvent(el, 'reconnecterror');
    el.reconnect();
    const { detail } = await failed;
    expect(detail.stage).to.equal('verify');
    expect(detail.intent).to.equal('reconnect');
    await untilStatus(el, 'invalid');
    closeConnectUi();
    await waitUntil(() => !document.getElementById('connect-ui'), 'Connect UI closes on Escape');
    await el.updateComplete;
    expect(messageText(el)).to.equal('GitHub needs new permissions. Still not allowed: workflow, calendar.events');
    await expect(el).to.be.accessible();
    expect(changes(events).at(-1)).to.deep.include({ status: 'invalid', previousStatus: 'reconnecting', code: 'missing_scopes', missingScopes: ['workflow', google] });
    expect(events.of('reconnected')).to.deep.equal([]);
    // Asking again would not change the user's answer on the consent screen: one verification check.
    expect((await statusRoute.requests()).length).to.equal(2);
  });

  it('renders scope names as text, without control characters, and ignores entries that are not strings', async () => {
    const { el } = await widget({
      status: [missing(['<img src=x onerror="window.hacked=1">']), missing(['<b>bold', 42, null, 'a\u202eb']), missing(['x'])],
      token: [tokenAnswer(connectStep)],
    });
    await untilStatus(el, 'invalid');
    const failed = oneEvent(el, 'reconnecterror');
    el.reconnect();
    await failed;
    await untilStatus(el, 'invalid');
    closeConnectUi();
    await waitUntil(() => !document.getElementById('connect-ui'), 'Connect UI closes on Escape');
    await el.updateComplete;
    expect(messageText(el)).to.equal('GitHub needs new permissions. Still not allowed: <b>bold, a b');
    expect(el.shadowRoot!.querySelector('img, b')).to.equal(null);
    expect((window as { hacked?: number }).hacked).to.equal(undefined);
  });
});

/** Escape on the page closes Connect UI (it stays open on its error screen after a failed verification). */
function closeConnectUi() {
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
}
