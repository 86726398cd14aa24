// @ts-check
/**
 * The interactive half of the stand-in Connect UI: what a user sees in a reconnect session.
 * Minimal for now; the offline demo fleshes it out.
 * @param {{ token: string, apiURL: string, title: HTMLElement, screen: HTMLElement, post: (m: Record<string, unknown>) => void }} ctx
 */
export async function start({ token, apiURL, title, screen }) {
  title.textContent = 'Reconnect';
  const response = await fetch(new URL('connect/session', apiURL.endsWith('/') ? apiURL : `${apiURL}/`), {
    headers: { Authorization: `Bearer ${token}` },
  }).catch(() => undefined);
  if (!response?.ok) {
    title.textContent = 'Session expired';
    screen.textContent = 'This link has expired. Close this window and try again.';
  }
}
