// What a page using the script tag downloads, by kind of page: real Chromium loads real pages
// from a local server that sends the built files (dist/) gzip-compressed, as a CDN would, and
// counts the bytes it sent for each. The status routes answer at once; their answers are counted
// apart (they are the app's, not ours). Prints a table; nothing is asserted.
//
//   npm run build && node bench/page-bytes.js
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../demo/server/harness.js';

const dist = resolve(import.meta.dirname, '../dist');
const FILES = /^\/(nango-connection-status\.(?:iife|flow|events|languages)\.js|locales\/\w+\.json)$/;

/** The pages: their widgets' answers, language and whether they follow an events-url. */
const PAGES = [
  { name: 'English, three healthy widgets', lang: 'en', widgets: ['valid', 'valid', 'valid'] },
  { name: 'English, three widgets, one needs Reconnect', lang: 'en', widgets: ['valid', 'valid', 'invalid'] },
  { name: 'French, three healthy widgets', lang: 'fr', widgets: ['valid', 'valid', 'valid'] },
  { name: 'English, three healthy widgets with an events-url', lang: 'en', widgets: ['valid', 'valid', 'valid'], events: true },
];

let page = PAGES[0];
/** Bytes sent per file for the page being measured. */
let sent = new Map();
const streams = new Set();

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const file = FILES.exec(url.pathname)?.[1];
  if (url.pathname === '/') {
    const tags = page.widgets.map(
      (status, i) => `<nango-connection-status status-url="/status/${status}/${i}" token-url="/token"${page.events ? ' events-url="/events"' : ''}></nango-connection-status>`,
    );
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="${page.lang}"><meta charset="utf-8"><title>bytes</title><script src="/nango-connection-status.iife.js"></script>${tags.join('')}</html>`);
  } else if (file) {
    const body = gzipSync(readFileSync(join(dist, file)), { level: 9 });
    sent.set(file, (sent.get(file) ?? 0) + body.length);
    res.writeHead(200, { 'Content-Type': file.endsWith('.json') ? 'application/json' : 'text/javascript', 'Content-Encoding': 'gzip', 'Cache-Control': 'no-store' });
    res.end(body);
  } else if (url.pathname.startsWith('/status/')) {
    const invalid = url.pathname.startsWith('/status/invalid');
    const body = JSON.stringify(invalid ? { status: 'invalid', provider: 'github', error: { code: 'invalid_credentials', message: 'Expired' } } : { status: 'valid', provider: 'github' });
    sent.set('(status answers)', (sent.get('(status answers)') ?? 0) + body.length);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body);
  } else if (url.pathname === '/events') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    res.write(': open\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launchChromium();
console.log('| page (script tag, files gzip -9) | files downloaded | bytes of ours | status answers |\n|---|---|---|---|');
for (page of PAGES) {
  sent = new Map();
  const tab = await browser.newPage();
  await tab.goto(origin);
  // Settled: every widget shows its answer, and the files a widget asks for on need have arrived.
  await tab.waitForFunction((count) => {
    const els = [...document.querySelectorAll('nango-connection-status')];
    return els.length === count && els.every((el) => el.getAttribute('status') === 'valid' || el.getAttribute('status') === 'invalid');
  }, page.widgets.length);
  await tab.waitForLoadState('networkidle').catch(() => {});
  // A round trip after the last file asked for: nothing more is on its way.
  await tab.evaluate(() => fetch('/nothing').catch(() => {}));
  const ours = [...sent].filter(([file]) => !file.startsWith('('));
  const total = ours.reduce((sum, [, bytes]) => sum + bytes, 0);
  const files = ours.map(([file, bytes]) => `${file} (${bytes})`).join(', ');
  console.log(`| ${page.name} | ${files} | ${total.toLocaleString('en')} | ${sent.get('(status answers)') ?? 0} bytes |`);
  await tab.close();
}
for (const stream of streams) stream.destroy();
await browser.close();
server.close();
