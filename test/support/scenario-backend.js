// @ts-check
/**
 * A real HTTP backend for the browser tests, programmable per test: a test registers a
 * scenario (the answers a route gives, in order) and points the widget at its URL.
 *
 *   POST /api/scenarios         {responses: Answer[]}  → {url}
 *   ANY  /api/s/:id             the next Answer (the last one repeats)
 *   GET  /api/s/:id/log         → {requests: [{method, headers, body, at, stream?}]}
 *
 *   GET  /api/dist/:tag/:file     dist/:file as built, byte for byte (the dev server's own /dist/
 *                                 recompiles scripts, which Subresource Integrity refuses), no-store;
 *                                 with a tag starting `tampered-`, every file but the main one is
 *                                 changed by one word; `tamperedjson-`, the language data only;
 *                                 `slow-`, every file but the main one answered after 600 ms;
 *                                 `flaky-`, the first request of every file but the main one
 *                                 answered 503 (a network blip), later ones as built; `hang-`,
 *                                 every file but the main one never answered. Every answer allows
 *                                 any origin (CORS), as a CDN does (test/script-tag/flow-loading.test.ts)
 *   GET  /api/dist-log/:tag       → {requests: [file, …]} every file asked for under that tag
 *
 * An Answer: {status?, json?, body?, headers?, delayMs?, hang?, destroy?, redirectTo?, bytes?, jsonBytes?}
 *   hang: never answers; destroy: closes the socket; redirectTo: 302 Location; bytes: a body of N bytes;
 *   jsonBytes: a valid JSON object `{"status":"valid","pad":"xx…"}` of N bytes, written in 16 KiB
 *   chunks one per timer tick, the request's `stream` recording {written, total, closedEarly}.
 *   `at`: when the request arrived (ms since the epoch, server clock).
 */

import { handleEventStreamRequest, releaseEventStreams } from './event-stream-backend.js';

/**
 * @typedef {{ status?: number, json?: unknown, body?: string, headers?: Record<string, string>,
 *   delayMs?: number, hang?: boolean, destroy?: boolean, redirectTo?: string, bytes?: number, jsonBytes?: number }} Answer
 * @typedef {{ written: number, total: number, closedEarly: boolean }} StreamRecord
 * @typedef {{ method: string, headers: Record<string, unknown>, body: string, at: number, stream?: StreamRecord }} LoggedRequest
 * @typedef {{ responses: Answer[], requests: LoggedRequest[] }} Scenario
 */

/** @type {Map<string, Scenario>} */
const scenarios = new Map();
let nextId = 1;
/** @type {Set<import('node:http').ServerResponse>} */
const hanging = new Set();

/** @param {import('node:http').IncomingMessage} req */
function readBody(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} json
 */
function sendJson(res, status, json) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(json));
}

/**
 * Handles `/api/scenarios` and `/api/s/*`; returns false for other URLs.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Record<string, unknown>} [extra] values served at GET /api/config
 * @returns {Promise<boolean>}
 */
export async function handleScenarioRequest(req, res, extra = {}) {
  // The events-url routes live in their own module (live-status tests).
  if (await handleEventStreamRequest(req, res)) return true;
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/api/config') {
    sendJson(res, 200, extra);
    return true;
  }
  if (url.pathname === '/api/scenarios' && req.method === 'POST') {
    const { responses } = JSON.parse(String(await readBody(req)));
    const id = String(nextId++);
    scenarios.set(id, { responses, requests: [] });
    sendJson(res, 201, { url: `/api/s/${id}` });
    return true;
  }
  if (url.pathname.startsWith('/api/dist')) return serveDist(url.pathname, res);
  const match = /^\/api\/s\/(\d+)(\/log)?$/.exec(url.pathname);
  if (!match) return false;
  const scenario = scenarios.get(match[1]);
  if (!scenario) {
    sendJson(res, 404, { error: 'no such scenario' });
    return true;
  }
  if (match[2]) {
    sendJson(res, 200, { requests: scenario.requests });
    return true;
  }
  /** @type {LoggedRequest} */
  const logged = { method: req.method ?? 'GET', headers: req.headers, body: '', at: Date.now() };
  scenario.requests.push(logged);
  logged.body = String(await readBody(req));
  const answer = scenario.responses.length > 1 ? /** @type {Answer} */ (scenario.responses.shift()) : scenario.responses[0];
  await answerWith(res, answer, logged);
  return true;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {Answer} answer
 * @param {LoggedRequest} logged
 */
async function answerWith(res, answer, logged) {
  if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
  if (answer.hang) {
    hanging.add(res);
    res.on('close', () => hanging.delete(res));
    return;
  }
  if (answer.destroy) {
    res.socket?.destroy();
    return;
  }
  if (answer.redirectTo) {
    res.writeHead(302, { Location: answer.redirectTo }).end();
    return;
  }
  const headers = { 'Cache-Control': 'no-store', ...answer.headers };
  if (answer.bytes) {
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...headers });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let left = answer.bytes;
    const write = () => {
      while (left > 0) {
        const size = Math.min(left, chunk.length);
        left -= size;
        if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) return res.once('drain', write);
      }
      res.end();
    };
    res.on('error', () => {});
    write();
    return;
  }
  if (answer.jsonBytes) {
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...headers });
    const head = '{"status":"valid","pad":"';
    /** @type {StreamRecord} */
    const stream = { written: head.length, total: answer.jsonBytes, closedEarly: false };
    logged.stream = stream;
    let left = answer.jsonBytes - head.length - 2;
    res.on('close', () => (stream.closedEarly = !res.writableFinished));
    res.on('error', () => {});
    res.write(head);
    const pump = () => {
      if (res.destroyed) return;
      if (left <= 0) {
        stream.written += 2;
        res.end('"}');
        return;
      }
      const size = Math.min(left, 16 * 1024);
      left -= size;
      stream.written += size;
      res.write('x'.repeat(size));
      // One chunk per tick: a client that stops reading hangs up long before the end.
      setTimeout(pump, 1);
    };
    pump();
    return;
  }
  if (answer.json !== undefined) {
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(answer.json));
    return;
  }
  res.writeHead(answer.status ?? 200, headers);
  res.end(answer.body ?? '');
}

/** @type {Map<string, string[]>} */
const distRequests = new Map();

/**
 * @param {string} pathname
 * @param {import('node:http').ServerResponse} res
 */
async function serveDist(pathname, res) {
  const log = /^\/api\/dist-log\/([\w-]+)$/.exec(pathname);
  if (log) {
    sendJson(res, 200, { requests: distRequests.get(log[1]) ?? [] });
    return true;
  }
  const match = /^\/api\/dist\/([\w-]+)\/((?:locales\/)?[\w.-]+\.(?:js|json))$/.exec(pathname);
  if (!match) return false;
  const [, tag, file] = match;
  distRequests.set(tag, [...(distRequests.get(tag) ?? []), file]);
  // `slow-`: the files beside the main one arrive after 600 ms (a slow network).
  if (tag.startsWith('slow-') && file !== 'nango-connection-status.iife.js') await new Promise((resolve) => setTimeout(resolve, 600));
  if (tag.startsWith('hang-') && file !== 'nango-connection-status.iife.js') {
    hanging.add(res);
    res.on('close', () => hanging.delete(res));
    return true;
  }
  // `flaky-`: the first time each extra file is asked for, the server fails.
  if (tag.startsWith('flaky-') && file !== 'nango-connection-status.iife.js' && distRequests.get(tag)?.filter((asked) => asked === file).length === 1) {
    res.writeHead(503, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }).end('Service Unavailable');
    return true;
  }
  const { readFile } = await import('node:fs/promises');
  let body;
  try {
    body = await readFile(new URL(`../../dist/${file}`, import.meta.url));
  } catch {
    res.writeHead(404, { 'Cache-Control': 'no-store' }).end('Not found');
    return true;
  }
  // `tampered-`: every extra file changed; `tamperedjson-`: only the language data (the scripts as built).
  if ((tag.startsWith('tampered-') && file !== 'nango-connection-status.iife.js') || (tag.startsWith('tamperedjson-') && file.endsWith('.json'))) {
    // What an attacker on the CDN would do: a script reports home, a language file hides Reconnect.
    body = file.endsWith('.js') ? `${body};window.__tampered=true;` : String(body).replace(/"reconnect": "[^"]*"/, '"reconnect": ""');
  }
  res.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : 'application/json', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
  res.end(body);
  return true;
}

/** Ends requests left hanging, so the server can close. */
export function releaseHangingRequests() {
  releaseEventStreams();
  for (const res of hanging) res.socket?.destroy();
  hanging.clear();
}
