/**
 * Helpers for the browser tests: real HTTP scenarios on the test server, the stand-in
 * Connect UI's origin, scripted Connect UI sessions, and event recording.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { NangoConnectionStatus } from '../../src/index.js';
import type { ConnectionStatus } from '../../src/types.js';
import { load } from '../../src/on-need.js';

// The flow code (Connect UI, the token request) is fetched on need (src/on-need.ts): these
// tests click, or call reconnect(), at once and check that Connect UI opened in that task, so
// it is here before any test runs. test/flow-loading.test.ts and test/script-tag/ test the
// fetch itself (before the click, a click that comes first, a file that is refused).
await load('flow');

export interface Answer {
  status?: number;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  hang?: boolean;
  destroy?: boolean;
  redirectTo?: string;
  bytes?: number;
  /** A valid JSON object of this many bytes, streamed in chunks (see scenario-backend.js). */
  jsonBytes?: number;
}

export interface RecordedRequest {
  method: string;
  headers: Record<string, string>;
  body: string;
  /** When the request arrived, by the server's clock (ms since the epoch). */
  at: number;
  /** For a `jsonBytes` answer: how much was written before the client hung up. */
  stream?: { written: number; total: number; closedEarly: boolean };
}

export interface Scenario {
  url: string;
  requests(): Promise<RecordedRequest[]>;
}

/** A route on the real test server that gives these answers in order (the last one repeats). */
export async function scenario(...responses: Answer[]): Promise<Scenario> {
  const response = await fetch('/api/scenarios', { method: 'POST', body: JSON.stringify({ responses }) });
  const { url } = (await response.json()) as { url: string };
  return {
    url,
    requests: async () => ((await (await fetch(`${url}/log`)).json()) as { requests: RecordedRequest[] }).requests,
  };
}

let config: Promise<{ connectUiUrl: string }> | undefined;
/** Base URL of the stand-in Connect UI, served from another origin. */
export async function connectUiUrl(): Promise<string> {
  config ??= fetch('/api/config').then((r) => r.json());
  return (await config).connectUiUrl;
}

export type ConnectUiStep =
  | { type: 'connect'; payload: { connectionId: string; providerConfigKey: string } }
  | { type: 'error'; payload: { errorType: string; errorMessage: string } }
  | { type: 'close' }
  | { wait: number };

/** A session token that makes the stand-in Connect UI play these steps once it receives it. */
export function scriptedToken(...steps: ConnectUiStep[]): string {
  return `script:${encodeURIComponent(JSON.stringify(steps))}`;
}

/** A token route's answer: a session token that makes the stand-in Connect UI play these steps. */
export const tokenAnswer = (...steps: ConnectUiStep[]): Answer => ({ json: { sessionToken: scriptedToken(...steps) } });

/**
 * A widget wired to a status route answering `status` (in order, the last one repeating), a
 * token route answering `token` and the stand-in Connect UI (scripted: its `api-url` goes
 * nowhere). Not waited on: the caller waits for the status it needs.
 */
export async function flowWidget({ status, token, timeout }: { status: Answer[]; token: Answer[]; timeout: number }) {
  const statusRoute = await scenario(...status);
  const tokenRoute = await scenario(...token);
  const el = await fixture<NangoConnectionStatus>(
    html`<nango-connection-status
      lang="en"
      status-url=${statusRoute.url}
      token-url=${tokenRoute.url}
      connect-ui-url=${await connectUiUrl()}
      api-url="http://127.0.0.1:9/api"
      timeout=${timeout}
    ></nango-connection-status>`,
  );
  return { el, statusRoute, tokenRoute };
}

/**
 * A `flowWidget` that has reached `invalid` (the status route's first answer, then `status`),
 * with its events recorded from then on.
 */
export async function invalidWidget({ invalid, status = [], token, timeout }: { invalid: Answer; status?: Answer[]; token: Answer[]; timeout: number }) {
  const widget = await flowWidget({ status: [invalid, ...status], token, timeout });
  await untilStatus(widget.el, 'invalid');
  return { ...widget, events: recordEvents(widget.el) };
}

export const connectStep: ConnectUiStep = { type: 'connect', payload: { connectionId: 'conn-1', providerConfigKey: 'github' } };

/** Records the widget's public events, in order. */
export function recordEvents(target: EventTarget) {
  const events: Array<{ type: string; detail: unknown }> = [];
  for (const type of ['statuschange', 'connected', 'reconnected', 'reconnectcancel', 'reconnecterror']) {
    target.addEventListener(type, (event) => events.push({ type, detail: (event as CustomEvent).detail }));
  }
  return {
    events,
    of: (type: string) => events.filter((event) => event.type === type),
    statuses: () => events.filter((event) => event.type === 'statuschange').map((event) => (event.detail as { status: string }).status),
  };
}

/** Waits for a status; on failure says which status the widget had then (not when the wait began). */
export async function untilStatus(el: NangoConnectionStatus, status: ConnectionStatus, message?: string) {
  try {
    await waitUntil(() => el.status === status, undefined, { timeout: 8000 });
  } catch {
    throw new Error(`${message ?? `status should become ${status}`}, is ${el.status}`);
  }
  await el.updateComplete;
}

/**
 * A positive probe for "the page sent no request": a request sent now, answered after
 * `delayMs`. A request the page started before (the widget starts its checks in the event
 * handler's own task) reaches the server first, so it is in the route's log once this returns.
 */
export async function probeRequest(delayMs = 100): Promise<void> {
  const probe = await scenario({ delayMs, json: {} });
  await (await fetch(probe.url)).text();
}

/** The text a user reads in the widget's live region. */
export function messageText(el: NangoConnectionStatus): string {
  return el.shadowRoot!.querySelector('[role="status"]')!.textContent!.replace(/\s+/g, ' ').trim();
}

export function actionButton(el: NangoConnectionStatus): HTMLButtonElement | null {
  return el.shadowRoot!.querySelector('button');
}

export function connectUiFrames(): HTMLIFrameElement[] {
  return [...document.querySelectorAll<HTMLIFrameElement>('iframe#connect-ui')];
}

/** Resolves when the stand-in Connect UI reports it received a session token. */
export function tokenReceived(): Promise<MessageEvent> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.data?.type === 'standin:token-received') {
        window.removeEventListener('message', listener);
        resolve(event);
      }
    };
    window.addEventListener('message', listener);
  });
}
