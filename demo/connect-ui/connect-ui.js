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
 */

const params = new URLSearchParams(location.search);
const apiURL = params.get('apiURL') ?? '';
const title = /** @type {HTMLElement} */ (document.getElementById('title'));
const screen = /** @type {HTMLElement} */ (document.getElementById('screen'));
if (params.get('theme')) document.documentElement.dataset.theme = params.get('theme') ?? '';
if (params.get('lang')) document.documentElement.lang = params.get('lang') ?? 'en';

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

let started = false;
window.addEventListener('message', (event) => {
  if (event.source !== window.parent || started) return;
  const data = event.data;
  if (!data || data.type !== 'session_token' || typeof data.sessionToken !== 'string') return;
  started = true;
  // Lets tests and benchmarks see when the token reached the iframe (the parent ignores unknown types).
  post({ type: 'standin:token-received' });
  const token = data.sessionToken;
  if (token.startsWith('script:')) void play(JSON.parse(decodeURIComponent(token.slice('script:'.length))));
  else void import('./interactive.js').then((m) => m.start({ token, apiURL, title, screen, post }));
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

post({ type: 'ready' });
