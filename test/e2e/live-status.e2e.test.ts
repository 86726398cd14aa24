/**
 * Live status in the offline demo, end to end: two tabs of the same signed-in user. In one,
 * GitHub is broken (the fake Nango posts its signed refresh-failure webhook to the demo's
 * webhook route) or reconnected (Nango's `override` webhook); the other tab, left alone, flips
 * within 2 s with no reload and no polling.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startDemoServer } from '../../demo/server/harness.js';

const WAIT_MS = 20_000;

describe('live status in the demo (two tabs)', { timeout: 120_000 }, () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let watching: Page;
  let acting: Page;
  /** Status requests the watching tab sent for GitHub, with when. */
  const githubChecks: number[] = [];

  before(async () => {
    [demo, browser] = await Promise.all([startDemoServer(), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    context.setDefaultTimeout(WAIT_MS);
    watching = await context.newPage();
    watching.on('request', (request) => {
      if (request.url().endsWith('/api/integrations/github/status')) githubChecks.push(Date.now());
    });
    await watching.goto(demo.url);
    await watching.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
    acting = await context.newPage();
    await acting.goto(demo.url);
    await watching.locator('#github-status[status="valid"]').waitFor();
    await acting.locator('#github-status[status="valid"]').waitFor();
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  /** Waits for the watching tab's GitHub widget; on failure names what it shows. */
  async function untilWatching(status: string, since: number) {
    try {
      await watching.locator(`#github-status[status="${status}"]`).waitFor({ timeout: 5000 });
    } catch {
      const shown = await watching.locator('#github-status').getAttribute('status');
      throw new Error(`the watching tab shows GitHub ${shown}, not ${status}, ${Date.now() - since} ms after the webhook`);
    }
    return Date.now() - since;
  }

  it('a refresh failure flips the other tab to invalid within 2 s, with no reload and no polling', async () => {
    const checksBefore = githubChecks.length;
    const started = Date.now();
    // The demo's switch: the fake Nango's scheduled refresh "fails", and it posts the webhook.
    await acting.getByRole('switch', { name: 'Break this connection (GitHub)' }).check();
    const took = await untilWatching('invalid', started);
    assert.ok(took < 2000, `flipped after ${took} ms`);
    assert.equal(await watching.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce), true, 'no reload');
    assert.equal(await watching.locator('#github-status').getAttribute('poll-interval'), null, 'no polling configured');
    // One check, made because of the event; none of the other widgets asked.
    assert.equal(githubChecks.length - checksBefore, 1, `${githubChecks.length - checksBefore} GitHub checks`);
  });

  it("a reconnect in one tab flips the other back to valid (Nango's override webhook)", async () => {
    await acting.locator('#github-status[status="invalid"]').waitFor();
    await acting.locator('#github-status').locator('button[part~="reconnect-button"]').click();
    const ui = acting.frameLocator('iframe#connect-ui');
    await ui.getByRole('button', { name: 'Allow' }).click();
    const started = Date.now();
    await ui.getByRole('heading', { name: 'GitHub is reconnected' }).waitFor();
    const took = await untilWatching('valid', started);
    assert.ok(took < 2000, `flipped back after ${took} ms`);
    await ui.getByRole('button', { name: 'Finish' }).click();
    await acting.locator('iframe#connect-ui').waitFor({ state: 'detached' });
    assert.equal(await watching.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce), true, 'no reload');
  });

  it('a deletion flips the other tab to Connect', async () => {
    const started = Date.now();
    await acting.getByRole('button', { name: 'Delete this connection (GitHub)' }).click();
    const took = await untilWatching('disconnected', started);
    assert.ok(took < 2000, `flipped after ${took} ms`);
  });
});
