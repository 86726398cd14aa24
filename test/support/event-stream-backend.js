// @ts-check
/**
 * A real `text/event-stream` route for the browser tests of `events-url`, programmable per test:
 *
 *   POST /api/event-streams          {refuse?: {status, contentType?}}  → {url}
 *   GET  /api/es/:id                 the stream (or the refusal), every connection logged
 *   POST /api/es/:id/send            {data}: one `status` event to every open connection → {sent}
 *   POST /api/es/:id/send-split      {data}: the same event written in two chunks, 100 ms apart, the
 *                                    cut inside `data:` (proxies and large events do this) → {sent}
 *   POST /api/es/:id/drop            closes every open connection (the server went away) → {dropped}
 *   GET  /api/es/:id/log             → {connections: [{at, closedAt, headers}], open}
 */

/** @typedef {{ at: number, closedAt: number | null, headers: import('node:http').IncomingHttpHeaders }} Connection */
/** @type {Map<string, { refuse?: { status: number, contentType?: string }, open: Set<import('node:http').ServerResponse>, log: Connection[] }>} */
const streams = new Map();
let nextId = 1;

/** @param {import('node:http').IncomingMessage} req */
async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Handles `/api/event-streams` and `/api/es/*`; false for other URLs.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @returns {Promise<boolean>}
 */
export async function handleEventStreamRequest(req, res) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/api/event-streams' && req.method === 'POST') {
    const { refuse } = await readJson(req);
    const id = String(nextId++);
    streams.set(id, { refuse, open: new Set(), log: [] });
    sendJson(res, 201, { url: `/api/es/${id}` });
    return true;
  }
  const match = /^\/api\/es\/(\d+)(?:\/(send|send-split|drop|log))?$/.exec(path);
  if (!match) return false;
  const stream = streams.get(match[1]);
  if (!stream) return sendJson(res, 404, { error: 'no such stream' }), true;
  const action = match[2];
  if (action === 'log') return sendJson(res, 200, { connections: stream.log, open: stream.open.size }), true;
  if (action === 'send') {
    const { data } = await readJson(req);
    for (const open of stream.open) open.write(`event: status\ndata: ${JSON.stringify(data)}\n\n`);
    return sendJson(res, 200, { sent: stream.open.size }), true;
  }
  if (action === 'send-split') {
    const { data } = await readJson(req);
    const event = `event: status\ndata: ${JSON.stringify(data)}\n\n`;
    const cut = event.indexOf('data:') + 3;
    const open = [...stream.open];
    for (const client of open) client.write(event.slice(0, cut));
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const client of open) if (!client.destroyed) client.write(event.slice(cut));
    return sendJson(res, 200, { sent: open.length }), true;
  }
  if (action === 'drop') {
    const dropped = stream.open.size;
    for (const open of stream.open) open.destroy();
    return sendJson(res, 200, { dropped }), true;
  }
  /** @type {Connection} */
  const entry = { at: Date.now(), closedAt: null, headers: req.headers };
  stream.log.push(entry);
  if (stream.refuse) {
    res.writeHead(stream.refuse.status, { 'Content-Type': stream.refuse.contentType ?? 'application/json', 'Cache-Control': 'no-store' });
    res.end(stream.refuse.contentType?.startsWith('text/html') ? '<!doctype html><title>app</title>' : '{"error":{"code":"unauthorized","message":"Sign in"}}');
    entry.closedAt = Date.now();
    return true;
  }
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  res.write(': connected\n\n');
  stream.open.add(res);
  res.on('close', () => {
    stream.open.delete(res);
    entry.closedAt = Date.now();
  });
  return true;
}

/** Ends open streams, so the server can close. */
export function releaseEventStreams() {
  for (const stream of streams.values()) for (const open of stream.open) open.destroy();
}
