/**
 * The demo page: uses <nango-connection-status> the way an app would (import, attributes,
 * events), plus the demo's own controls that break or delete connections in the fake Nango.
 */
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { pageLocales, translatePage } from './i18n.js';

type Theme = 'light' | 'dark';

const root = document.documentElement;
const widgets = () => [...document.querySelectorAll('nango-connection-status')];
const eventLog = document.querySelector<HTMLOListElement>('#event-log')!;
const themeSelect = document.querySelector<HTMLSelectElement>('#theme-select')!;
const langSelect = document.querySelector<HTMLSelectElement>('#lang-select')!;
const expireNext = document.querySelector<HTMLInputElement>('#expire-next')!;
const breakSwitches = [...document.querySelectorAll<HTMLInputElement>('input[data-break]')];
const deleteButtons = [...document.querySelectorAll<HTMLButtonElement>('button[data-delete]')];
const moreButtons = [...document.querySelectorAll<HTMLButtonElement>('button[data-more]')];
/** Which integrations have a connection, as the demo backend last said: the controls act on it. */
let connected: Record<string, boolean> = {};
/** Controls waiting for the demo backend. */
const busy = new Set<string>();
const MAX_LOG_ENTRIES = 200;

/** The demo's control routes refuse requests without this header (a cross-site form cannot send it). */
async function control(path: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'fieldnote-demo' },
    body: JSON.stringify(body ?? {}),
  });
}

// ---- the event log: the widgets' events bubble and are composed, so one listener per type will do.

function describe(event: CustomEvent): string {
  const detail = event.detail as Record<string, unknown> | undefined;
  if (event.type === 'statuschange' && detail) {
    const missing = Array.isArray(detail.missingScopes) ? ` · missingScopes: ${detail.missingScopes.join(', ')}` : '';
    return `${detail.previousStatus} → ${detail.status}${detail.reason ? ` (${detail.reason})` : ''}${detail.code ? ` · code: ${detail.code}` : ''}${missing}`;
  }
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

function logEvent(event: Event) {
  const widget = event.target as NangoConnectionStatus;
  const row = widget.closest<HTMLElement>('[data-integration]');
  const now = new Date();
  const entry = document.createElement('li');
  entry.dataset.event = event.type;
  entry.dataset.integration = row?.dataset.integration ?? '';
  const time = document.createElement('time');
  time.dateTime = now.toISOString();
  time.textContent = `${now.toLocaleTimeString(root.lang || 'en', { hour12: false })}.${String(now.getMilliseconds()).padStart(3, '0')}`;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = row?.querySelector('h3')?.textContent ?? widget.id;
  const type = document.createElement('code');
  type.className = `type type-${event.type}`;
  type.textContent = event.type;
  const detail = document.createElement('span');
  detail.className = 'detail';
  detail.textContent = describe(event as CustomEvent);
  entry.append(time, who, type, detail);
  eventLog.prepend(entry);
  while (eventLog.children.length > MAX_LOG_ENTRIES) eventLog.lastElementChild!.remove();
}

for (const type of ['statuschange', 'connected', 'reconnected', 'reconnectcancel', 'reconnecterror'] as const) {
  document.addEventListener(type, logEvent);
}
document.querySelector('#clear-log')!.addEventListener('click', () => eventLog.replaceChildren());

// ---- "Break this connection" switches and "Delete this connection" buttons, kept in step
// with the fake Nango. Both need a connection: they are disabled while there is none.

function applyControls() {
  for (const input of breakSwitches) input.disabled = !connected[input.dataset.break!] || busy.has(input.dataset.break!);
  for (const button of deleteButtons) button.disabled = !connected[button.dataset.delete!] || busy.has(button.dataset.delete!);
  for (const button of moreButtons) button.disabled = busy.has(button.dataset.more!);
}

async function syncControls() {
  const response = await fetch('/api/demo/state', { headers: { Accept: 'application/json' } });
  if (!response.ok) return;
  const state = (await response.json()) as { connected: Record<string, boolean>; broken: Record<string, boolean>; expireNextSession: boolean };
  connected = state.connected;
  for (const input of breakSwitches) input.checked = state.broken[input.dataset.break!] ?? false;
  expireNext.checked = state.expireNextSession;
  applyControls();
}

/**
 * Runs a demo control for one integration. Breaking and deleting need nothing more: the fake
 * Nango posts its signed webhook, and the widget hears it on its events-url (live status). Nango
 * sends no webhook when a provider recovers or when an integration's scopes change, so after
 * "heal" and "Ask for more permissions" the widget is asked to check (an app would do the same
 * from the admin tool that changed the scopes, or wait for its next check).
 */
async function act(key: string, path: string): Promise<boolean> {
  busy.add(key);
  applyControls();
  try {
    const response = await control(`/api/demo/integrations/${key}/${path}`);
    if (path === 'heal' || path === 'more-permissions') document.querySelector<NangoConnectionStatus>(`#${key}-status`)?.refresh();
    return response.ok;
  } finally {
    busy.delete(key);
    await syncControls();
  }
}

for (const input of breakSwitches) {
  input.addEventListener('change', async () => {
    if (!(await act(input.dataset.break!, input.checked ? 'break' : 'heal'))) input.checked = !input.checked;
  });
}

for (const button of deleteButtons) {
  // The way an app's "Disconnect" would: the backend deletes the connection in Nango, the
  // widget's next check finds none and offers Connect.
  button.addEventListener('click', () => void act(button.dataset.delete!, 'delete'));
}

for (const button of moreButtons) {
  // The app needs one more scope: its admin adds it to the integration in Nango. The old
  // connection still works in Nango's eyes; the widget's next check says "needs new permissions".
  button.addEventListener('click', () => void act(button.dataset.more!, 'more-permissions'));
}

// A connect or reconnect makes or heals a connection, and uses up an "expire the next link" request.
for (const type of ['connected', 'reconnected', 'reconnectcancel', 'reconnecterror'] as const) {
  document.addEventListener(type, () => void syncControls());
}

expireNext.addEventListener('change', () => void control('/api/demo/expire-next-session', { expire: expireNext.checked }));

document.querySelector('#reset-demo')!.addEventListener('click', async () => {
  await control('/api/demo/reset');
  await syncControls();
  for (const widget of widgets()) widget.refresh();
});

// ---- theme and language

function applyTheme(theme: Theme) {
  root.dataset.theme = theme;
  themeSelect.value = theme;
  for (const widget of widgets()) widget.setAttribute('theme', theme);
}

function applyLanguage(lang: string) {
  root.lang = lang;
  langSelect.value = lang;
  // The widgets follow <html lang> by themselves, and pass it to Connect UI when it opens.
  translatePage(lang);
}

themeSelect.addEventListener('change', () => applyTheme(themeSelect.value as Theme));
langSelect.addEventListener('change', () => applyLanguage(langSelect.value));

applyTheme(matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
const requestedLang = new URLSearchParams(location.search).get('lang');
if (requestedLang && requestedLang in pageLocales) applyLanguage(requestedLang);
void syncControls();
