// Issue 11, the element's items: focus never drops to <body>, buttons named with their
// integration, the widget's own words for the codes it knows (and `lang` on the server's
// words otherwise), and a live region that changes once per transition.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { actionButton, connectUiFrames, connectUiUrl, messageText, scenario, scriptedToken, untilStatus, type Answer } from './support/fixtures.js';

async function widget(answers: Answer[], attrs: { lang?: string; name?: string; token?: Answer } = {}) {
  const route = await scenario(...answers);
  const tokenRoute = await scenario(attrs.token ?? { json: { sessionToken: scriptedToken() } });
  const el = await fixture<NangoConnectionStatus>(
    html`<nango-connection-status
      status-url=${route.url}
      token-url=${tokenRoute.url}
      connect-ui-url=${await connectUiUrl()}
      lang=${attrs.lang ?? 'en'}
      integration-name=${attrs.name ?? ''}
    ></nango-connection-status>`,
  );
  return { el, route };
}

/** Where focus is, in words: "button", "base" (the widget itself), or what else has it. */
function focusIn(el: NangoConnectionStatus): string {
  const inner = el.shadowRoot!.activeElement;
  if (document.activeElement !== el || !inner) return document.activeElement?.localName ?? 'nothing';
  return inner.localName === 'button' ? `button:${inner.textContent}` : inner.className;
}

afterEach(() => {
  for (const frame of connectUiFrames()) frame.remove();
});

describe('focus stays in the widget (issue 11.3)', () => {
  it('Try again pressed, the check succeeds: focus on the widget', async () => {
    const { el } = await widget([{ status: 503, headers: { 'Retry-After': '300' } }, { delayMs: 100, json: {} }]);
    await untilStatus(el, 'error');
    actionButton(el)!.focus();
    await sendKeys({ press: 'Enter' });
    await untilStatus(el, 'valid');
    expect(focusIn(el)).to.equal('base');
  });

  it('Try again pressed, the check fails again: focus on the new Try again button', async () => {
    const { el } = await widget([{ status: 503, headers: { 'Retry-After': '300' } }, { delayMs: 100, status: 503, headers: { 'Retry-After': '300' } }]);
    await untilStatus(el, 'error');
    actionButton(el)!.focus();
    await sendKeys({ press: 'Enter' });
    expect(el.status).to.equal('checking');
    await untilStatus(el, 'error');
    expect(focusIn(el)).to.equal('button:Try again');
  });

  it('an automatic retry succeeds while Try again has focus: focus on the widget', async () => {
    const { el } = await widget([{ status: 503, headers: { 'Retry-After': '0' } }, { json: {} }]);
    await untilStatus(el, 'error');
    actionButton(el)!.focus();
    await untilStatus(el, 'valid');
    expect(focusIn(el)).to.equal('base');
  });

  it('an automatic retry answers invalid while Try again has focus: focus on Reconnect', async () => {
    const { el } = await widget([{ status: 503, headers: { 'Retry-After': '0' } }, { status: 400 }]);
    await untilStatus(el, 'error');
    actionButton(el)!.focus();
    await untilStatus(el, 'invalid');
    expect(focusIn(el)).to.equal('button:Reconnect');
  });
});

describe('buttons named with their integration (issue 11.4)', () => {
  it('"Reconnect Slack" and "Reconnect HubSpot" on one page, visible labels unchanged', async () => {
    const slack = await widget([{ status: 400, json: { display_name: 'Slack' } }]);
    const hubspot = await widget([{ status: 400, json: { provider_config_key: 'hubspot' } }], { name: 'HubSpot' });
    await untilStatus(slack.el, 'invalid');
    await untilStatus(hubspot.el, 'invalid');
    const names = [slack.el, hubspot.el].map((el) => [actionButton(el)!.textContent, actionButton(el)!.getAttribute('aria-label')]);
    expect(names).to.deep.equal([
      ['Reconnect', 'Reconnect Slack'],
      ['Reconnect', 'Reconnect HubSpot'],
    ]);
    await expect(hubspot.el).to.be.accessible();
  });

  it('"Try again: HubSpot", from integration-name before any answer, and in the text', async () => {
    const { el } = await widget([{ status: 503, headers: { 'Retry-After': '300' } }], { name: 'HubSpot' });
    expect(el.shadowRoot!.textContent).to.contain('Checking HubSpot connection');
    await untilStatus(el, 'error');
    expect(actionButton(el)!.getAttribute('aria-label')).to.equal('Try again: HubSpot');
    expect(actionButton(el)!.textContent).to.equal('Try again');
  });

  it('names Connect UI for what it does, in the widget language', async () => {
    const { el } = await widget([{ status: 400, json: { display_name: 'Slack' } }], { lang: 'de' });
    await untilStatus(el, 'invalid');
    el.reconnect();
    expect(connectUiFrames()[0].title).to.equal('Slack neu verbinden');
  });
});

describe('reasons in the widget language (issue 11.5)', () => {
  const cases: Array<[string, Answer, Record<'de' | 'ja', string>]> = [
    [
      'invalid_credentials',
      { json: { status: 'invalid', display_name: 'GitHub', error: { code: 'invalid_credentials', message: 'The GitHub credentials expired' } } },
      { de: 'GitHub muss neu verbunden werden', ja: 'GitHub の再接続が必要です' },
    ],
    [
      'not_found',
      { status: 404, json: { display_name: 'GitHub', error: { code: 'not_found', message: 'No connection' } } },
      { de: 'GitHub ist nicht verbunden', ja: 'GitHub は接続されていません' },
    ],
    [
      'disconnected',
      { json: { status: 'disconnected', display_name: 'GitHub', code: 'disconnected', message: 'Not connected yet' } },
      { de: 'GitHub ist nicht verbunden', ja: 'GitHub は接続されていません' },
    ],
    [
      'unauthorized',
      { status: 401, json: { error: { code: 'unauthorized', message: 'Sign in to see this connection' } } },
      { de: 'Verbindung konnte nicht geprüft werden. Bitte melden Sie sich an.', ja: '接続を確認できませんでした。 サインインしてください。' },
    ],
  ];
  for (const lang of ['de', 'ja'] as const) {
    for (const [code, answer, expected] of cases) {
      it(`${lang}: ${code} in the widget's words`, async () => {
        const { el } = await widget([answer], { lang });
        await waitUntil(() => el.status !== 'checking', 'an answer', { timeout: 8000 });
        await el.updateComplete;
        expect(messageText(el)).to.equal(expected[lang]);
      });
    }
    for (const code of ['nango_busy', 'nango_unreachable', 'nango_timeout', 'nango_error', 'internal_error', 'server_misconfigured']) {
      it(`${lang}: ${code} in the widget's words`, async () => {
        const { el } = await widget([{ status: 503, headers: { 'Retry-After': '300' }, json: { error: { code, message: 'Nango said something' } } }], { lang });
        await untilStatus(el, 'error');
        expect(messageText(el)).to.equal(lang === 'de' ? 'Verbindung konnte nicht geprüft werden. Wir versuchen es automatisch erneut.' : '接続を確認できませんでした。 自動的に再試行します。');
      });
    }
  }

  it('ja: the token route\'s not_connectable in the widget\'s words', async () => {
    const { el } = await widget([{ json: { status: 'disconnected', display_name: 'Notion' } }], {
      lang: 'ja',
      token: { status: 409, json: { error: { code: 'not_connectable', message: "This integration can't be connected from here." } } },
    });
    await untilStatus(el, 'disconnected');
    const failed = oneEvent(el, 'reconnecterror');
    el.reconnect();
    await failed;
    await el.updateComplete;
    expect(messageText(el)).to.equal('Notion は接続されていません。 ここからは接続できません。管理者に連絡してください。');
    await expect(el).to.be.accessible();
  });

  it("an unknown code shows the server's words, marked lang=en in a German widget", async () => {
    const { el } = await widget([{ status: 400, json: { display_name: 'GitHub', error: { code: 'scopes_changed', message: 'Scopes changed' } } }], { lang: 'de' });
    await untilStatus(el, 'invalid');
    const detail = el.shadowRoot!.querySelector('.detail')!;
    expect([detail.textContent, detail.getAttribute('lang')]).to.deep.equal(['Scopes changed', 'en']);
    await expect(el).to.be.accessible();
  });

  it('no lang mark when the server says it speaks the widget language (Content-Language)', async () => {
    const { el } = await widget(
      [{ status: 400, headers: { 'Content-Language': 'de-DE' }, json: { error: { code: 'scopes_changed', message: 'Berechtigungen geändert' } } }],
      { lang: 'de' },
    );
    await untilStatus(el, 'invalid');
    const detail = el.shadowRoot!.querySelector('.detail')!;
    expect([detail.textContent, detail.hasAttribute('lang')]).to.deep.equal(['Berechtigungen geändert', false]);
  });
});

describe('the live region (issue 11.6)', () => {
  /** Every text the live region showed, from now on (one entry per DOM change batch, repeats dropped). */
  function recordTexts(el: NangoConnectionStatus) {
    const texts = [messageText(el)];
    const observer = new MutationObserver(() => {
      const text = messageText(el);
      if (text !== texts.at(-1)) texts.push(text);
    });
    observer.observe(el.shadowRoot!.querySelector('[role="status"]')!, { subtree: true, childList: true, characterData: true });
    return { texts, stop: () => observer.disconnect() };
  }

  it('does not change after a cancel (focus and description say it), even though a quiet re-check follows', async () => {
    const invalid: Answer = { status: 400, json: { display_name: 'Slack', error: { code: 'token_revoked', message: 'Token revoked' } } };
    const { el, route } = await widget([invalid], { token: { json: { sessionToken: scriptedToken({ wait: 100 }, { type: 'close' }) } } });
    await untilStatus(el, 'invalid');
    const checkedBefore = el.lastChecked;
    const cancelled = oneEvent(el, 'reconnectcancel');
    el.reconnect();
    await el.updateComplete;
    const recording = recordTexts(el);
    await cancelled;
    // The quiet re-check after the cancel was answered and its answer rendered.
    await waitUntil(() => el.lastChecked !== checkedBefore, 'the re-check is answered');
    await el.updateComplete;
    expect((await route.requests()).length).to.equal(2);
    recording.stop();
    expect(recording.texts).to.deep.equal(['Slack needs to be reconnected. Token revoked']);
  });
});
