import '../src/index.js';

const { connectUiUrl } = (await (await fetch('/api/config')).json()) as { connectUiUrl: string };
const log = document.getElementById('log')!;

for (const widget of document.querySelectorAll('nango-connection-status')) {
  widget.setAttribute('connect-ui-url', connectUiUrl);
  for (const type of ['statuschange', 'reconnected', 'reconnectcancel', 'reconnecterror'] as const) {
    widget.addEventListener(type, (event) => {
      log.textContent = `${new Date().toLocaleTimeString()} #${widget.id} ${type} ${JSON.stringify(event.detail ?? {})}\n${log.textContent}`;
    });
  }
}

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-break]')) {
  button.addEventListener('click', async () => {
    await fetch(`/api/connections/${button.dataset.break}/break`, { method: 'POST' });
    document.querySelector<HTMLElement & { refresh(): void }>(`#${button.dataset.break}`)?.refresh();
  });
}
