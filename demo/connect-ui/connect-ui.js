// @ts-check
/**
 * An offline stand-in for Nango's Connect UI, served from another origin than the host page.
 * It speaks the same postMessage protocol (see NANGO.md): posts `ready`, waits for
 * `session_token`, then posts `connect` / `error` / `close`.
 *
 * Two modes, chosen by the token:
 * - `script:<JSON steps>` — for tests: plays `[{type:'connect', payload}, {wait: 100}, {type:'close'}, …]`.
 * - any other token — behaves like the real Connect UI for a reconnect session, against `apiURL`
 *   (the fake Nango API in the demo; see interactive.js).
 *
 * Query parameters, as `ConnectUI` sets them: `apiURL`, `lang` (en, fr, de, es, ja), `theme`
 * (`light`, `dark`; anything else follows the system).
 */
import { stringsFor } from './strings.js';
import { createView } from './ui.js';

/** Like the real Connect UI: without a token after this long, an error page (and no event). */
const TOKEN_WAIT_MS = 10_000;

const params = new URLSearchParams(location.search);
const apiURL = params.get('apiURL') ?? '';
const title = /** @type {HTMLElement} */ (document.getElementById('title'));
const screen = /** @type {HTMLElement} */ (document.getElementById('screen'));
const logo = /** @type {HTMLImageElement | null} */ (document.getElementById('logo'));
const theme = params.get('theme');
if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
const { lang, t } = stringsFor(params.get('lang'));
document.documentElement.lang = lang;
title.textContent = t.loading;
document.querySelector('.close')?.setAttribute('aria-label', t.close);
const watermark = document.getElementById('watermark');
if (watermark) watermark.textContent = t.standIn;
const view = createView({ title, screen, logo });

/** @param {Record<string, unknown>} message */
function post(message) {
  // Like the real Connect UI: target '*', the parent checks our origin.
  window.parent.postMessage(message, '*');
}

function close() {
  post({ type: 'close' });
}

document.querySelector('.close')?.addEventListener('click', close);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') close();
});

const noTokenTimer = setTimeout(() => {
  view.message({ heading: t.errorTitle, text: t.noTokenText, button: t.close, onClick: close });
}, TOKEN_WAIT_MS);

let started = false;
window.addEventListener('message', (event) => {
  if (event.source !== window.parent || started) return;
  const data = event.data;
  if (!data || data.type !== 'session_token' || typeof data.sessionToken !== 'string') return;
  started = true;
  clearTimeout(noTokenTimer);
  // Lets tests and benchmarks see when the token reached the iframe (the parent ignores unknown types).
  post({ type: 'standin:token-received' });
  const token = data.sessionToken;
  if (token.startsWith('script:')) void play(JSON.parse(decodeURIComponent(token.slice('script:'.length))));
  else void import('./interactive.js').then((m) => m.start({ token, apiURL, title, screen, post, close, t, view }));
});

/** @param {Array<{type?: string, payload?: unknown, wait?: number}>} steps */
async function play(steps) {
  title.textContent = 'Reconnect (scripted)';
  for (const step of steps) {
    if (step.wait) await new Promise((resolve) => setTimeout(resolve, step.wait));
    else if (step.type) {
      screen.textContent = step.type;
      post(step.payload === undefined ? { type: step.type } : { type: step.type, payload: step.payload });
    }
  }
}

// The dialog takes focus as it opens, so Escape and Tab work at once.
title.focus();
post({ type: 'ready' });
