// Takes docs/demo.png: the demo's settings screen (npm start), with GitHub connected, Slack
// needing a reconnect and Notion not connected yet. Starts the demo the way the end-to-end test does, in Debian's
// Chromium (or CHROME_PATH). Squeezed with pngquant when it is installed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, statSync } from 'node:fs';
import { launchChromium, startDemoServer } from '../demo/server/harness.js';

const OUT = 'docs/demo.png';
const MAX_BYTES = 150 * 1024;
const theme = process.argv.includes('--dark') ? 'dark' : 'light';

const demo = await startDemoServer();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, deviceScaleFactor: 1, colorScheme: theme, reducedMotion: 'reduce' });
  page.setDefaultTimeout(30_000);
  await page.goto(demo.url);
  await page.locator('#github-status[status="valid"]').waitFor();
  await page.locator('#slack-status[status="invalid"]').waitFor();
  await page.locator('#notion-status[status="disconnected"]').waitFor();
  // The flaky HubSpot route fails first, then recovers after its Retry-After.
  await page.locator('#hubspot-status[status="valid"]').waitFor();
  await page.evaluate(() => document.fonts.ready);
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: OUT });
} finally {
  await browser.close();
  await demo.close();
}

if (spawnSync('pngquant', ['--version']).status === 0) {
  const squeezed = spawnSync('pngquant', ['--force', '--skip-if-larger', '--quality=70-95', '--output', `${OUT}.tmp`, OUT]);
  if (squeezed.status === 0) renameSync(`${OUT}.tmp`, OUT);
}
const size = statSync(OUT).size;
console.log(`${OUT}: ${(size / 1024).toFixed(1)} KiB`);
if (size > MAX_BYTES) {
  console.error(`screenshot: over ${MAX_BYTES / 1024} KiB; install pngquant (apt-get install pngquant) and run again`);
  process.exitCode = 1;
}
