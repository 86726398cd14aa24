// The README's "Use it in your app" works as written: its page (the tag) and its whole backend
// (server.mjs), copied out of README.md, run in a scratch app against the fake Nango API, and
// Chromium connects GitHub through the stand-in Connect UI. Only the port (a free one instead of
// 3000) and where Connect UI and Nango's API are (offline stand-ins) differ from the README.
// Needs the build (dist/), as an app installing the package would.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startConnectUiServer } from '../../demo/server/connect-ui-origin.js';
import { createFakeNango } from '../../demo/server/fake-nango.js';
import { launchChromium } from '../../demo/server/harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET_KEY = '5f0c1d2e-7a3b-4c4d-9e5f-0a1b2c3d4e5f';

/** The README's code blocks of one language, in order. */
async function readmeBlocks(language: string): Promise<string[]> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].filter((match) => match[1] === language).map((match) => match[2]);
}

describe("the README's page and backend", { timeout: 90_000 }, () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let closeAll: Array<() => Promise<void>> = [];
  let pageUrl: string;
  let fake: ReturnType<typeof createFakeNango>;

  before(async () => {
    assert.ok(existsSync(join(ROOT, 'dist/server/index.js')) && existsSync(join(ROOT, 'dist/nango-connection-status.iife.js')), 'needs the build: npm run build');
    const page = (await readmeBlocks('html')).find((block) => block.includes('<!doctype html>'));
    const backend = (await readmeBlocks('js')).find((block) => block.includes('http.createServer'));
    assert.ok(page, 'README.md has a whole page in an html block');
    assert.ok(backend, 'README.md has a whole backend in a js block');
    assert.ok(backend.includes('.listen(3000);'), 'the README backend listens on 3000');

    const ui = await startConnectUiServer();
    fake = createFakeNango({ secretKey: SECRET_KEY, connectUiUrl: ui.url });
    fake.addIntegration({ integrationId: 'github', provider: 'github', displayName: 'GitHub', authMode: 'API_KEY' });
    const nango = await fake.listen();
    closeAll = [ui.close, nango.close];

    // A scratch app, with the package and @nangohq/node installed as `npm install` would (links).
    dir = await mkdtemp(join(tmpdir(), 'readme-app-'));
    await mkdir(join(dir, 'node_modules/@nangohq'), { recursive: true });
    await symlink(ROOT, join(dir, 'node_modules/nango-connection-status'), 'dir');
    await symlink(join(ROOT, 'node_modules/@nangohq/node'), join(dir, 'node_modules/@nangohq/node'), 'dir');
    await writeFile(join(dir, 'index.html'), page.replace('<nango-connection-status ', `<nango-connection-status connect-ui-url="${ui.url}" api-url="${nango.url}" `));
    await writeFile(join(dir, 'server.mjs'), backend.replace('.listen(3000);', '.listen(0, function () { console.log(`listening on ${this.address().port}`); });'));

    server = spawn(process.execPath, ['server.mjs'], { cwd: dir, env: { ...process.env, NANGO_SECRET_KEY: SECRET_KEY, NANGO_HOST: nango.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const port = await new Promise<string>((resolvePort, reject) => {
      server!.stdout!.on('data', (chunk) => {
        output += chunk;
        const match = /listening on (\d+)/.exec(output);
        if (match) resolvePort(match[1]);
      });
      server!.stderr!.on('data', (chunk) => (output += chunk));
      server!.once('exit', (code) => reject(new Error(`the README's server exited (${code}) before listening: ${output}`)));
    });
    // localhost, as the README says: the page and its routes are one origin.
    pageUrl = `http://localhost:${port}/`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    server?.kill();
    for (const close of closeAll) await close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows "GitHub is not connected", then connects GitHub for the signed-in user through Connect UI', async () => {
    const page = await browser!.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(pageUrl);
    const widget = page.locator('nango-connection-status');
    /** "status: text", or why there is none: a failure names what the page shows instead. */
    const state = async () => {
      if (!(await page.evaluate(() => Boolean(customElements.get('nango-connection-status'))))) return 'the element is not defined (its script did not load)';
      return `${await widget.getAttribute('status')}: ${(await widget.locator('[role="status"]').textContent())?.replace(/\s+/g, ' ').trim()}`;
    };
    const until = async (status: string) => {
      const reached = await page
        .waitForFunction((wanted) => document.querySelector('nango-connection-status')?.getAttribute('status') === wanted, status, { timeout: 20_000 })
        .then(() => true, () => false);
      assert.ok(reached, `should become ${status}, is ${await state()}`);
    };
    await until('disconnected');
    assert.equal(await state(), 'disconnected: GitHub is not connected');

    const connected = page.evaluate(
      () => new Promise<unknown>((resolveDetail) => document.querySelector('nango-connection-status')!.addEventListener('connected', (event) => resolveDetail((event as CustomEvent).detail), { once: true })),
    );
    await widget.getByRole('button', { name: 'Connect GitHub' }).click();
    const connectUi = page.frameLocator('iframe#connect-ui');
    const form = await connectUi.getByLabel('API key').waitFor({ timeout: 20_000 }).then(() => true, () => false);
    assert.ok(form, `Connect UI should ask for an API key; the widget is ${await state()}`);
    await connectUi.getByLabel('API key').fill('a-key');
    await connectUi.getByRole('button', { name: 'Authorize' }).click();
    await connectUi.getByRole('button', { name: 'Finish' }).click();
    const detail = (await connected) as { connectionId: string; providerConfigKey: string };
    assert.equal(detail.providerConfigKey, 'github');
    await until('valid');
    assert.equal(await state(), 'valid: GitHub is connected');
    // The connection belongs to the end user resolve named, and the app stored no id.
    assert.deepEqual(fake.connectionIds({ endUserId: 'user-1', integrationId: 'github' }), [detail.connectionId]);
    assert.deepEqual(pageErrors, []);
  });
});
