/**
 * One Connect or Reconnect flow, from the click to the end: opens Connect UI in the click's
 * task, asks the token URL in parallel, and once Connect UI says `connect`, believes the status
 * URL rather than the message. Part of the flow code (`./flow.ts`), loaded on need: the
 * controller keeps the state machine and hands the flow what it may touch (`FlowHost`).
 */
import { complain } from './complain.js';
import { ConnectSession } from './connect-session.js';
import type { ConnectionStatusControllerOptions, ConnectionStatusSettings, StatusState } from './connection-status-controller.js';
import type { Said } from './http.js';
import { checkedUrl, requestSettings } from './request-settings.js';
import type { StatusVerdict } from './status-request.js';
import { requestSessionToken } from './token-request.js';
import type { FlowIntent, ReconnectedDetail, ReconnectErrorDetail, ReconnectErrorStage } from './types.js';

/** After Connect UI says `connect`, Nango may take a moment to report the connection healthy. */
export const VERIFY_DELAYS_MS = [0, 500, 1_000, 2_000];

/** What a flow may do to the widget that started it (`ConnectionStatusController`). */
export interface FlowHost {
  state(): StatusState;
  /** The widget's settings (URLs, request options, language, theme), read when the flow starts. */
  settings(): ConnectionStatusSettings;
  /** The widget's words for Connect UI: its title and the layer shown while it loads. */
  options(): ConnectionStatusControllerOptions;
  /** The flow starts: remember the state to go back to, stop the checks; Connect UI is about to open. */
  begin(): void;
  setState(next: StatusState): void;
  emit<T>(type: string, detail: T): void;
  /** The flow could not start or went wrong before Connect UI closed: back to the state before, and say so. */
  fail(stage: ReconnectErrorStage, intent: FlowIntent, message: string, said?: Said): void;
  /** Connect UI closed without connecting: back to the state before. */
  cancel(intent: FlowIntent): void;
  /** A fresh, unshared status check (shared with the other widgets once answered); `undefined` without a status URL. */
  check(signal: AbortSignal): Promise<StatusVerdict> | undefined;
  /** Connect UI said `connect` and the status URL agreed (`verdict` valid), or never did. */
  verified(intent: FlowIntent, detail: ReconnectedDetail, verdict: StatusVerdict | undefined): void;
  /** Connect UI is gone and the view updated: focus back in the widget. */
  restoreFocus(): void;
}

/**
 * Starts the flow: Connect when the status is `disconnected`, else Reconnect. Opens Connect UI
 * now and asks for the token. Returns the function that ends the flow (aborts its requests,
 * closes Connect UI without `cancel`), or `undefined` when nothing was opened (it failed to
 * open, or the token URL is not usable: `host.fail` was called).
 */
export function startFlow(host: FlowHost): (() => void) | undefined {
  const settings = host.settings();
  const { title, opening } = host.options();
  let intent: FlowIntent = host.state().status === 'disconnected' ? 'connect' : 'reconnect';
  const request = requestSettings(settings);
  host.begin();
  let tokenUrl: string;
  try {
    tokenUrl = checkedUrl(settings.tokenUrl, 'token-url');
  } catch (error) {
    host.fail('token', intent, complain(error));
    return;
  }
  const flow = new AbortController();
  let session: ConnectSession | undefined;
  let verifying = false;
  const end = () => {
    flow.abort();
    session?.close();
    session = undefined;
  };
  try {
    session = ConnectSession.open({
      baseURL: settings.connectUiUrl,
      apiURL: settings.apiUrl,
      lang: settings.lang,
      theme: settings.theme,
      title: title?.(intent),
      opening: opening?.(),
      onConnect(payload) {
        if (verifying || host.state().status !== 'reconnecting') return;
        verifying = true;
        host.setState({ ...host.state(), notice: 'verifying' });
        void verify({ connectionId: String(payload?.connectionId ?? ''), providerConfigKey: String(payload?.providerConfigKey ?? '') });
      },
      onError: (payload) =>
        host.emit<ReconnectErrorDetail>('reconnecterror', {
          stage: 'connect-ui',
          intent,
          errorType: typeof payload?.errorType === 'string' ? payload.errorType : undefined,
          message: typeof payload?.errorMessage === 'string' ? payload.errorMessage : 'Connect UI error',
        }),
      onClose() {
        session = undefined;
        // Still verifying: the checks go on, and their answer ends the flow.
        if (!verifying) {
          flow.abort();
          if (host.state().status === 'reconnecting') host.cancel(intent);
        }
        host.restoreFocus();
      },
      loadTimeoutMs: request.timeoutMs,
      onLoadFailure: () => host.fail('connect-ui', intent, 'Connect UI did not load'),
    });
  } catch (error) {
    host.fail('connect-ui', intent, complain(error));
    return;
  }
  if (!session) return;
  host.setState({ status: 'reconnecting', integration: host.state().integration });
  requestSessionToken(tokenUrl, intent, request, flow.signal).then(
    (answer) => {
      if ('token' in answer) {
        intent = answer.intent ?? intent;
        session?.setSessionToken(answer.token);
      } else host.fail('token', intent, answer.error, answer.said);
    },
    () => {
      /* aborted: the flow was stopped, nothing to report */
    },
  );

  /** Connect UI said it connected: believe the status URL, not the message. */
  async function verify(detail: ReconnectedDetail) {
    let verdict: StatusVerdict | undefined;
    try {
      for (const delay of VERIFY_DELAYS_MS) {
        if (delay) await abortableDelay(delay, flow.signal);
        const check = host.check(flow.signal);
        if (!check) break;
        verdict = await check;
        // Still missing scopes after the user's consent: asking again will not change that.
        if (verdict.status === 'valid' || verdict.said?.scopes) break;
      }
    } catch {
      return; // aborted: the widget went away or its settings changed
    }
    host.verified(intent, detail, verdict);
  }

  return end;
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
