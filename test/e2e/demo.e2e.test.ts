/**
 * The offline demo, end to end: vite's dev server with the demo backend (the package's real
 * handlers, the real @nangohq/node client, the fake Nango API), the real element in Debian's
 * Chromium, and the stand-in Connect UI on another origin (page on localhost, Connect UI and
 * fake Nango on 127.0.0.1). Every wait is for a condition, never for a time.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium, startDemoServer } from '../../demo/server/harness.js';

/** For one condition; a test gets TEST_MS. Generous: other test suites may share the two cores. */
const WAIT_MS = 20_000;
const TEST_MS = 40_000;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('the demo (npm start)', { timeout: 90_000 }, () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    [demo, browser] = await Promise.all([startDemoServer(), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce', colorScheme: 'light' });
    context.setDefaultTimeout(WAIT_MS);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(demo.url);
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  const widget = (key: string) => page.locator(`#${key}-status`);
  const untilStatus = (key: string, status: string) => page.locator(`#${key}-status[status="${status}"]`).waitFor();
  /** The widget's Reconnect button, by its part name: its label depends on the language. */
  const reconnectButton = (key: string) => widget(key).locator('button[part~="reconnect-button"]');
  const logEntries = (key: string, event: string) => page.locator(`#event-log li[data-integration="${key}"][data-event="${event}"]`);
  const connectUi = (): FrameLocator => page.frameLocator('iframe#connect-ui');
  const connectUiGone = () => page.locator('iframe#connect-ui').waitFor({ state: 'detached' });
  const breakSwitch = (name: string) => page.getByRole('switch', { name: `Break this connection (${name})` });
  const connectButton = (key: string) => widget(key).locator('button[part~="connect-button"]');
  const deleteButton = (name: string) => page.getByRole('button', { name: `Delete this connection (${name})` });
  const moreButton = (name: string) => page.getByRole('button', { name: `Ask for more permissions (${name})` });
  /** What a user reads in a widget's live region. */
  const messageOf = async (key: string) => (await widget(key).locator('[role="status"]').innerText()).replace(/\s+/g, ' ').trim();
  /** The connection ids the `connected` events of a row carried, oldest first. */
  const connectedIds = async (key: string) =>
    (await logEntries(key, 'connected').allInnerTexts()).map((text) => /connectionId: ([\w-]+)/.exec(text)?.[1] ?? '').reverse();

  /** Connect UI's API-key form, as a user fills it: the heading says what the session is for. */
  async function authorizeWithKey(heading: string, success: string) {
    const ui = connectUi();
    await ui.getByRole('heading', { name: heading }).waitFor();
    // A first Connect asks for a key to connect; only a Reconnect speaks of restoring.
    const name = heading.replace(/^(Reconnect|Connect) /, '');
    const intro = heading.startsWith('Reconnect') ? `Enter a new API key to restore your ${name} connection.` : `Enter your ${name} API key to connect it.`;
    assert.equal(await ui.locator('p.lead').first().textContent(), intro, `the form under "${heading}"`);
    await ui.getByLabel('API key').fill('secret_notion_key');
    await ui.getByRole('button', { name: 'Authorize' }).click();
    await ui.getByRole('heading', { name: success }).waitFor();
    await ui.getByRole('button', { name: 'Finish' }).click();
    await connectUiGone();
  }

  async function connectUiFrame(): Promise<Frame> {
    const handle = await page.locator('iframe#connect-ui').elementHandle();
    const frame = await handle?.contentFrame();
    assert.ok(frame, 'the Connect UI iframe has a frame');
    return frame;
  }

  async function axeViolations(target: Page | Frame, include?: string): Promise<string[]> {
    await target.addScriptTag({ path: axePath });
    const results = await target.evaluate(
      async ([selector]) => {
        const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
        return axe.run(selector ? { include: [selector] } : document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
      },
      [include] as const,
    );
    return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
  }

  /** On failure, adds what the page showed: the widgets' statuses and the event log. */
  function explained(body: () => Promise<void>) {
    return async () => {
      try {
        await body();
      } catch (error) {
        const state = await page
          .evaluate(() => ({
            statuses: [...document.querySelectorAll('nango-connection-status')].map((w) => `${w.id}=${w.getAttribute('status')}`).join(' '),
            connectUi: document.querySelector('iframe#connect-ui') ? 'open' : 'closed',
            log: [...document.querySelectorAll('#event-log li')].slice(0, 12).map((li) => (li as HTMLElement).innerText.replace(/\s+/g, ' ')),
          }))
          .catch((reason: unknown) => ({ unavailable: String(reason) }));
        if (error instanceof Error) error.message += `\npage: ${JSON.stringify(state, null, 2)}`;
        throw error;
      }
    };
  }

  async function expectCount(locator: Locator, count: number, message: string) {
    assert.equal(await locator.count(), count, message);
  }

  it('shows GitHub connected and Slack needing a reconnect, through the real handlers and fake Nango', { timeout: TEST_MS }, explained(async () => {
    await untilStatus('github', 'valid');
    await untilStatus('slack', 'invalid');
    await reconnectButton('slack').waitFor();
    assert.equal(await breakSwitch('Slack').isChecked(), true, 'Slack starts broken');
    await page.waitForFunction(() => !document.querySelector<HTMLInputElement>('input[data-break="github"]')!.checked);
  }));

  it('shows the flaky HubSpot route as an error, then recovers by itself after Retry-After', { timeout: TEST_MS }, explained(async () => {
    await page
      .locator('#event-log li[data-integration="hubspot"][data-event="statuschange"]')
      .filter({ hasText: /→ error/ })
      .waitFor();
    await untilStatus('hubspot', 'valid');
  }));

  it('is accessible (axe, WCAG 2.1 AA) in light and dark themes', { timeout: TEST_MS }, explained(async () => {
    assert.deepEqual(await axeViolations(page), []);
    await page.locator('#theme-select').selectOption('dark');
    await page.locator('#slack-status[theme="dark"]').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.locator('#theme-select').selectOption('light');
    await page.locator('#slack-status[theme="light"]').waitFor();
  }));

  it('reconnects Slack: a wrong API key is refused inside Connect UI, a good one heals it', { timeout: TEST_MS }, explained(async () => {
    await reconnectButton('slack').click();
    const iframe = page.locator('iframe#connect-ui');
    await iframe.waitFor();
    const src = new URL((await iframe.getAttribute('src'))!);
    assert.equal(src.hostname, '127.0.0.1', 'Connect UI is served from another origin than the page');
    assert.notEqual(src.origin, new URL(page.url()).origin);

    const ui = connectUi();
    await ui.getByRole('heading', { name: 'Reconnect Slack' }).waitFor();
    const apiKey = ui.getByLabel('API key');
    assert.equal(await apiKey.evaluate((input) => input === document.activeElement), true, 'the API key field has focus');
    assert.deepEqual(await axeViolations(await connectUiFrame()), []);

    await apiKey.fill('wrong');
    await ui.getByRole('button', { name: 'Authorize' }).click();
    await ui.getByRole('alert').filter({ hasText: 'Slack did not accept this API key' }).waitFor();
    await logEntries('slack', 'reconnecterror').filter({ hasText: 'connection_test_failed' }).waitFor();
    assert.equal(await widget('slack').getAttribute('status'), 'reconnecting', 'Connect UI stays open to retry');

    await apiKey.fill('xoxb-a-good-one');
    await ui.getByRole('button', { name: 'Authorize' }).click();
    await ui.getByRole('heading', { name: 'Slack is reconnected' }).waitFor();
    await ui.getByRole('button', { name: 'Finish' }).click();
    await connectUiGone();
    await untilStatus('slack', 'valid');
    await logEntries('slack', 'reconnected').first().waitFor();
    await expectCount(logEntries('slack', 'reconnected'), 1, 'exactly one reconnected');
    await expectCount(logEntries('slack', 'reconnectcancel'), 0, 'Finish after success is no cancel');
    await page.waitForFunction(() => !document.querySelector<HTMLInputElement>('input[data-break="slack"]')!.checked);
  }));

  it('breaks GitHub with its switch: the widget turns invalid', { timeout: TEST_MS }, explained(async () => {
    await breakSwitch('GitHub').check();
    await untilStatus('github', 'invalid');
    await reconnectButton('github').waitFor();
  }));

  it('closes Connect UI on Escape and reports reconnectcancel', { timeout: TEST_MS }, explained(async () => {
    await reconnectButton('github').click();
    const ui = connectUi();
    await ui.getByRole('heading', { name: 'Allow Fieldnote to access your GitHub account' }).waitFor();
    // Focus moved into the dialog when it opened, so Escape reaches it. Key down only until
    // the iframe is gone: a key-up sent to a frame being removed is never acknowledged, and
    // keyboard.press() would hang.
    await page.keyboard.down('Escape');
    await connectUiGone();
    await page.keyboard.up('Escape');
    await logEntries('github', 'reconnectcancel').waitFor();
    await untilStatus('github', 'invalid');
  }));

  it('reconnects GitHub through the simulated OAuth consent screen', { timeout: TEST_MS }, explained(async () => {
    await reconnectButton('github').click();
    const ui = connectUi();
    await ui.getByRole('button', { name: 'Allow' }).waitFor();
    assert.deepEqual(await axeViolations(await connectUiFrame()), []);
    await ui.getByRole('button', { name: 'Allow' }).click();
    await ui.getByRole('heading', { name: 'GitHub is reconnected' }).waitFor();
    await ui.getByRole('button', { name: 'Finish' }).click();
    await connectUiGone();
    await untilStatus('github', 'valid');
    await expectCount(logEntries('github', 'reconnected'), 1, 'one reconnected for GitHub');
    await page.waitForFunction(() => !document.querySelector<HTMLInputElement>('input[data-break="github"]')!.checked);
  }));

  it('asks for more permissions: GitHub needs new permissions → Reconnect with one unticked (still not allowed) → Reconnect → connected', { timeout: 2 * TEST_MS }, explained(async () => {
    await untilStatus('github', 'valid');
    const reconnectedBefore = await logEntries('github', 'reconnected').count();
    const errorsBefore = await logEntries('github', 'reconnecterror').count();

    // The app's admin adds a scope to the integration in Nango: the old connection still works in Nango's eyes.
    await moreButton('GitHub').click();
    await untilStatus('github', 'invalid');
    assert.equal(await messageOf('github'), 'GitHub needs new permissions');
    assert.equal(await reconnectButton('github').getAttribute('aria-label'), 'Reconnect GitHub');
    await logEntries('github', 'statuschange').filter({ hasText: 'code: missing_scopes · missingScopes: workflow' }).first().waitFor();
    assert.deepEqual(await axeViolations(page, '#github-status'), []);

    // First try: the user unticks the new scope on the provider's consent screen.
    await reconnectButton('github').click();
    let ui = connectUi();
    await ui.getByRole('checkbox', { name: 'workflow' }).uncheck();
    assert.equal(await ui.getByRole('checkbox', { name: 'repo' }).isChecked(), true, 'the scopes asked for are ticked');
    await ui.getByRole('button', { name: 'Allow' }).click();
    await ui.getByRole('heading', { name: 'GitHub is reconnected' }).waitFor();
    await page.waitForFunction(([count]) => document.querySelectorAll('#event-log li[data-integration="github"][data-event="reconnecterror"]').length > count, [errorsBefore] as const);
    await logEntries('github', 'reconnecterror').first().filter({ hasText: 'stage: verify' }).waitFor();
    await ui.getByRole('button', { name: 'Finish' }).click();
    await connectUiGone();
    await untilStatus('github', 'invalid');
    assert.equal(await messageOf('github'), 'GitHub needs new permissions. Still not allowed: workflow');
    assert.deepEqual(await axeViolations(page, '#github-status'), []);
    await expectCount(logEntries('github', 'reconnected'), reconnectedBefore, 'no reconnected while a scope is missing');

    // Second try: everything allowed.
    await reconnectButton('github').click();
    ui = connectUi();
    await ui.getByRole('checkbox', { name: 'workflow' }).waitFor();
    await ui.getByRole('button', { name: 'Allow' }).click();
    await ui.getByRole('heading', { name: 'GitHub is reconnected' }).waitFor();
    await ui.getByRole('button', { name: 'Finish' }).click();
    await connectUiGone();
    await untilStatus('github', 'valid');
    assert.equal(await messageOf('github'), 'GitHub is connected');
    await expectCount(logEntries('github', 'reconnected'), reconnectedBefore + 1, 'exactly one reconnected for the permissions loop');
  }));

  it('shows "session expired" for an expired reconnect link, in French, without an error event', { timeout: TEST_MS }, explained(async () => {
    await page.locator('#lang-select').selectOption('fr');
    await page.locator('html[lang="fr"]').waitFor();
    await page.getByRole('switch', { name: 'Casser cette connexion (GitHub)' }).check();
    await untilStatus('github', 'invalid');
    const expireRequest = page.waitForResponse((response) => response.url().endsWith('/api/demo/expire-next-session') && response.ok());
    await page.locator('#expire-next').check();
    await expireRequest;
    const errorsBefore = await logEntries('github', 'reconnecterror').count();
    const cancelsBefore = await logEntries('github', 'reconnectcancel').count();

    await reconnectButton('github').click();
    const ui = connectUi();
    await ui.getByRole('heading', { name: 'Session expirée' }).waitFor();
    assert.equal(await connectUi().locator('html').getAttribute('lang'), 'fr');
    await expectCount(logEntries('github', 'reconnecterror'), errorsBefore, 'no error event for an expired session');
    await ui.locator('#screen').getByRole('button', { name: 'Fermer' }).click();
    await connectUiGone();
    await page.waitForFunction(
      ([count]) => document.querySelectorAll('#event-log li[data-integration="github"][data-event="reconnectcancel"]').length > count,
      [cancelsBefore] as const,
    );
    await untilStatus('github', 'invalid');
    await expectCount(logEntries('github', 'reconnecterror'), errorsBefore, 'still no error event');
    // The page re-reads the demo state after the cancel: the expired link was used up.
    await page.waitForFunction(() => !document.querySelector<HTMLInputElement>('#expire-next')!.checked);
    await page.locator('#lang-select').selectOption('en');
  }));

  it('runs the whole lifecycle on Notion: Connect → connected → Delete → Connect → break → Reconnect → connected', { timeout: 2 * TEST_MS }, explained(async () => {
    // Starts with no connection: the widget offers Connect, the demo controls have nothing to act on.
    await untilStatus('notion', 'disconnected');
    await connectButton('notion').waitFor();
    assert.equal(await deleteButton('Notion').isDisabled(), true, 'nothing to delete yet');
    assert.deepEqual(await axeViolations(page, '#notion-status'), []);

    await connectButton('notion').click();
    await authorizeWithKey('Connect Notion', 'Notion is connected');
    await untilStatus('notion', 'valid');
    await logEntries('notion', 'connected').first().waitFor();
    const [first] = await connectedIds('notion');
    assert.match(first ?? '', /^[0-9a-f-]{36}$/, 'connected carries the id Nango chose');
    await expectCount(logEntries('notion', 'reconnected'), 0, 'a first connection is no reconnect');

    // Deleted while the page is open: the next check finds no connection.
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('button[data-delete="notion"]')!.disabled);
    await deleteButton('Notion').click();
    await untilStatus('notion', 'disconnected');
    await connectButton('notion').waitFor();

    await connectButton('notion').click();
    await authorizeWithKey('Connect Notion', 'Notion is connected');
    await untilStatus('notion', 'valid');
    await expectCount(logEntries('notion', 'connected'), 2, 'one connected per connection');
    const ids = await connectedIds('notion');
    assert.notEqual(ids[1], ids[0], 'the second connection has a new id');

    await page.waitForFunction(() => !document.querySelector<HTMLInputElement>('input[data-break="notion"]')!.disabled);
    await breakSwitch('Notion').check();
    await untilStatus('notion', 'invalid');
    await reconnectButton('notion').click();
    await authorizeWithKey('Reconnect Notion', 'Notion is reconnected');
    await untilStatus('notion', 'valid');
    await expectCount(logEntries('notion', 'reconnected'), 1, 'the relink is a reconnect');
    await expectCount(logEntries('notion', 'connected'), 2, 'and no new connection');
    await page.waitForFunction(() => !document.querySelector<HTMLInputElement>('input[data-break="notion"]')!.checked);
    await expectCount(page.locator('iframe#connect-ui'), 0, 'no Connect UI left open');
  }));

  it('threw no uncaught error in the page', { timeout: TEST_MS }, explained(async () => {
    assert.deepEqual(pageErrors, []);
  }));
});
