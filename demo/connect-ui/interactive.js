// @ts-check
/**
 * The interactive half of the stand-in Connect UI: what a user sees in a connect or reconnect session,
 * making the calls Nango's Connect UI makes (NANGO.md), against `apiURL`:
 *
 *   GET  /connect/session, /integrations, /providers/{provider}   Authorization: Bearer <session token>
 *   POST /api-auth/api-key/{integration}?connect_session_token=…  {apiKey}         (API_KEY)
 *   GET/POST /oauth/authorize/{integration}?connect_session_token=…                (OAUTH2: the fake's
 *        stand-in for the provider's consent page, which the real UI opens in a popup)
 *
 * Events, as the real one sends them: `connect` when the credentials are accepted (a success
 * screen stays until Finish, which sends `close`); `error` with `connection_test_failed` for
 * a rejected key (the form stays, to retry). An expired session shows a page and sends
 * nothing until the user closes it.
 */
import { h } from './ui.js';

/**
 * @typedef {object} StartContext
 * @property {string} token
 * @property {string} apiURL
 * @property {HTMLElement} title
 * @property {HTMLElement} screen
 * @property {(message: Record<string, unknown>) => void} post
 * @property {() => void} close
 * @property {import('./strings.js').StandInStrings} t
 * @property {import('./ui.js').View} view
 */

class SessionExpired extends Error {}

/** @param {StartContext} context */
export async function start({ token, apiURL, post, close, t, view }) {
  const base = apiURL.endsWith('/') ? apiURL : `${apiURL}/`;
  /** @param {string} path */
  const url = (path) => new URL(path, base);
  const withToken = (/** @type {string} */ path) => {
    const target = url(path);
    target.searchParams.set('connect_session_token', token);
    return target;
  };

  /** @param {string} path */
  async function get(path) {
    const response = await fetch(url(path), { headers: { Authorization: `Bearer ${token}` } });
    if (response.status === 401) throw new SessionExpired();
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()).data;
  }

  const expired = () => view.message({ heading: t.expiredTitle, text: t.expiredText, button: t.close, onClick: close });

  let session, integration, provider;
  try {
    session = await get('connect/session');
    const key = session.allowed_integrations?.[0];
    integration = (await get('integrations')).find((/** @type {{ unique_key: string }} */ i) => i.unique_key === key);
    if (!integration) throw new Error(`integration ${key} not found`);
    provider = await get(`providers/${encodeURIComponent(integration.provider)}`);
  } catch (error) {
    if (error instanceof SessionExpired) return expired();
    console.error('[stand-in Connect UI]', error);
    return view.message({ heading: t.errorTitle, text: t.loadFailedText, button: t.close, onClick: close });
  }

  const name = integration.display_name ?? provider.display_name ?? integration.provider;
  // A connect session makes a first connection; a reconnect session re-authorizes one.
  const reconnecting = session.isReconnecting !== false;
  const heading = reconnecting ? t.reconnectTitle(name) : t.connectTitle(name);
  const integrationKey = integration.unique_key;
  view.setLogo(integration.logo);

  /** @param {{ connectionId: string, providerConfigKey: string }} body */
  function connected(body) {
    post({ type: 'connect', payload: { providerConfigKey: body.providerConfigKey, connectionId: body.connectionId } });
    const finish = h('button', { type: 'button', className: 'primary', onclick: close }, t.finish);
    view.show({ heading: reconnecting ? t.successTitle(name) : t.connectedTitle(name), tone: 'success', body: [h('p', { className: 'lead' }, t.successText), finish] });
  }

  /**
   * Sends the credentials; answers what to show in the form, or nothing when it moved on.
   * @param {string | URL} target
   * @param {unknown} [body]
   * @returns {Promise<string | undefined>}
   */
  async function authorize(target, body) {
    let response;
    try {
      response = await fetch(target, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    } catch {
      post({ type: 'error', payload: { errorType: 'unknown_error', errorMessage: 'Nango could not be reached.' } });
      return t.unknownError;
    }
    if (response.status === 401) {
      expired();
      return undefined;
    }
    const answer = await response.json().catch(() => undefined);
    if (response.ok && answer?.connectionId) {
      connected(answer);
      return undefined;
    }
    const code = answer?.error?.code;
    const errorType = code === 'connection_test_failed' || code === 'invalid_credentials' ? 'connection_test_failed' : code === 'resource_capped' ? 'resource_capped' : 'unknown_error';
    const errorMessage = typeof answer?.error?.message === 'string' ? answer.error.message : `Nango answered ${response.status}.`;
    post({ type: 'error', payload: { errorType, errorMessage } });
    return errorType === 'connection_test_failed' ? t.invalidCredentials(name) : t.unknownError;
  }

  if (provider.auth_mode === 'API_KEY') {
    const input = /** @type {HTMLInputElement} */ (
      h('input', { id: 'api-key', name: 'apiKey', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'api-key-hint' })
    );
    const error = h('p', { id: 'api-key-error', className: 'field-error', role: 'alert' });
    const submit = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', className: 'primary' }, t.authorize));
    /** @param {string} text */
    const showError = (text) => {
      error.textContent = text;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'api-key-error api-key-hint');
      input.focus();
      input.select();
    };
    const form = h(
      'form',
      {
        novalidate: true,
        onsubmit: async (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          if (submit.disabled) return;
          const apiKey = input.value.trim();
          if (!apiKey) return showError(t.apiKeyRequired);
          submit.disabled = true;
          submit.textContent = t.authorizing;
          const problem = await authorize(withToken(`api-auth/api-key/${encodeURIComponent(integrationKey)}`), { apiKey });
          if (problem === undefined) return;
          submit.disabled = false;
          submit.textContent = t.authorize;
          showError(problem);
        },
        oninput: () => {
          if (!input.hasAttribute('aria-invalid')) return;
          input.removeAttribute('aria-invalid');
          input.setAttribute('aria-describedby', 'api-key-hint');
          error.textContent = '';
        },
      },
      h('p', { className: 'lead' }, t.apiKeyIntro(name, reconnecting)),
      h('div', { className: 'field' }, h('label', { for: 'api-key' }, t.apiKeyLabel), input, h('p', { id: 'api-key-hint', className: 'hint' }, t.apiKeyHint(name)), error),
      submit,
    );
    view.show({ heading, body: [form], focus: input });
    return;
  }

  // OAuth: the provider's consent page, drawn here (the real Connect UI opens it in a popup).
  let consent;
  try {
    const response = await fetch(withToken(`oauth/authorize/${encodeURIComponent(integrationKey)}`));
    if (response.status === 401) return expired();
    if (!response.ok) throw new Error(`GET oauth/authorize answered ${response.status}`);
    consent = (await response.json()).data;
  } catch (error) {
    console.error('[stand-in Connect UI]', error);
    return view.message({ heading: t.errorTitle, text: t.loadFailedText, button: t.close, onClick: close });
  }
  const error = h('p', { className: 'field-error', role: 'alert' });
  // The scopes Nango asks for (the integration's current ones): a real provider lets the user
  // untick some, and the connection is then granted less than the app needs.
  /** @type {string[]} */
  const requested = Array.isArray(consent.requested_scopes) ? consent.requested_scopes : [];
  const boxes = requested.map((scope) => /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', checked: true, value: scope })));
  const scopeList = requested.length
    ? h(
        'fieldset',
        { className: 'scopes' },
        h('legend', {}, t.requestedScopes),
        ...boxes.map((box) => h('label', {}, box, h('code', {}, box.value))),
      )
    : null;
  const allow = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      {
        type: 'button',
        className: 'primary',
        onclick: async () => {
          allow.disabled = true;
          error.textContent = '';
          const scopes = boxes.filter((box) => box.checked).map((box) => box.value);
          const problem = await authorize(withToken(`oauth/authorize/${encodeURIComponent(integrationKey)}`), { allow: true, scopes });
          if (problem === undefined) return;
          allow.disabled = false;
          error.textContent = problem;
        },
      },
      t.allow,
    )
  );
  view.show({
    heading,
    body: [
      h(
        'section',
        { className: 'consent', 'aria-labelledby': 'consent-title' },
        h('p', { className: 'consent-provider' }, t.consentProvider(name)),
        h('h2', { id: 'consent-title' }, t.consentTitle(consent.app_name, name)),
        session.endUser?.email ? h('p', { className: 'hint' }, t.signedInAs(session.endUser.email)) : null,
        h('p', {}, t.consentIntro(consent.app_name)),
        h('ul', {}, ...(consent.scopes ?? []).map((/** @type {string} */ scope) => h('li', {}, scope))),
        scopeList,
        error,
        h('div', { className: 'actions' }, h('button', { type: 'button', className: 'secondary', onclick: close }, t.cancel), allow),
      ),
    ],
  });
}
