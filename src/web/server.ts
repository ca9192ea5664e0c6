// The HTTP side of the public pages: routing, security and caching headers, conditional GET (304), HEAD.
// One node:http server on PORT carries them in every mode; Slack over HTTP mounts Bolt's receiver here
// (mount()), so /slack/events, /healthz and the pages share the port.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Desk } from '../core/desk.ts';
import type { Org } from '../claimreview/export.ts';
import { Pages, type Page } from './pages.ts';
import { makeSite, stylesheet } from './site.ts';
import { healthBody } from './health.ts';

export type Listener = (req: IncomingMessage, res: ServerResponse) => void;

// No scripts at all (the JSON-LD block is data, not script); styles and images from our own origin only.
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const COMMON = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

export interface WebServer {
  readonly pages: Pages;
  /** handle one request (also usable on a server of your own) */
  handle: Listener;
  /** requests that are not ours go to this listener (Bolt's receiver) instead of our 404 */
  mount(listener: Listener): void;
  listen(port: number, host?: string): Promise<number>;
  readonly server: Server;
  close(): Promise<void>;
}

export function createWeb(desk: Desk, opts: { publicUrl: string; org: Org }): WebServer {
  const site = makeSite(opts.publicUrl, opts.org);
  // review urls in the JSON-LD are these pages, whatever the caller's org says
  const pages = new Pages(desk, site, { ...opts.org, publicUrl: site.base });
  const css = stylesheet();
  let fallback: Listener | undefined;
  const log = desk.log.child({ component: 'web' });

  function route(method: string, path: string, params: URLSearchParams): Page | 'pass' {
    if (path === '/claims' || path === '/claims/') return pages.boardPage(params);
    if (path === '/claims.jsonld') return pages.jsonld();
    if (path === '/feed.xml') return pages.feed();
    if (path === '/style.css') return { status: 200, type: 'text/css; charset=utf-8', etag: `"s${site.stamp}"`, render: () => css };
    if (path === '/' || path === '') return { status: 302, type: 'text/plain; charset=utf-8', location: `${site.base}/claims`, render: () => '' };
    let m = /^\/claims\/([^/]*)\/?$/.exec(path);
    if (m) return pages.claim(decode(m[1]));
    m = /^\/actors\/([^/]*)\/?$/.exec(path);
    if (m) return pages.actor(decode(m[1]));
    // ours even when Slack's receiver is mounted, so the body is the same in every mode (health.ts)
    if (path === '/healthz') return { status: 200, type: 'application/json', cacheControl: 'no-store', render: () => healthBody(site.base) };
    if (fallback) return 'pass';
    if (path === '/actors' || path === '/actors/') return pages.error(404, 'No actor given', 'Add an actor id to the address, for example /actors/stephen-miller.');
    return pages.error(404, 'Page not found', `There is no page at ${path}.`);
  }

  const handle: Listener = (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    let page: Page | 'pass';
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let path = url.pathname;
      if (site.basePath && (path === site.basePath || path.startsWith(`${site.basePath}/`))) path = path.slice(site.basePath.length);
      page = route(method, path, url.searchParams);
      if (page !== 'pass' && method !== 'GET' && method !== 'HEAD') {
        res.writeHead(405, { ...COMMON, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${method} is not allowed here; the pages answer GET and HEAD.\n`);
        return;
      }
    } catch (err) {
      if (err instanceof BadRequest) page = pages.error(400, 'Bad address', err.message);
      else {
        log.error({ err }, 'page failed');
        res.writeHead(500, { ...COMMON, 'content-type': 'text/plain; charset=utf-8' });
        res.end('Something went wrong on our side.\n');
        return;
      }
    }
    if (page === 'pass') return passOn(req, res);
    send(req, res, method, page);
  };

  function passOn(req: IncomingMessage, res: ServerResponse): void {
    try {
      fallback!(req, res);
    } catch (err) {
      // Bolt's receiver throws for a path it does not serve (HTTPReceiverDeferredRequestError): our 404 then
      if (res.headersSent) return;
      if ((err as { code?: string }).code !== 'slack_bolt_http_receiver_deferred_request_error') log.warn({ err }, 'request failed');
      const url = new URL(req.url ?? '/', 'http://localhost');
      send(req, res, (req.method ?? 'GET').toUpperCase(), pages.error(404, 'Page not found', `There is no page at ${url.pathname}.`));
    }
  }

  function send(req: IncomingMessage, res: ServerResponse, method: string, page: Page): void {
    const headers: Record<string, string> = { ...COMMON, 'content-type': page.type };
    if (page.location) headers.location = page.location;
    if (page.status === 200) {
      headers['cache-control'] = page.type.startsWith('text/css') ? 'public, max-age=31536000, immutable' : 'public, max-age=60';
      if (page.cacheControl) headers['cache-control'] = page.cacheControl;
      if (page.etag) headers.etag = page.etag;
      if (page.lastModified) headers['last-modified'] = new Date(page.lastModified).toUTCString();
      if (notModified(req, page)) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
    } else {
      headers['cache-control'] = page.status === 301 ? 'public, max-age=3600' : 'no-cache';
    }
    if (page.stream) return void sendStream(res, method, page, headers, log);
    const body = Buffer.from(page.render(), 'utf8');
    headers['content-length'] = String(body.length);
    res.writeHead(page.status, headers);
    res.end(method === 'HEAD' ? undefined : body);
  }

  const server = createServer(handle);
  server.keepAliveTimeout = 65_000; // longer than a typical load balancer's idle timeout
  return {
    pages,
    handle,
    server,
    mount(listener) {
      fallback = listener;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) =>
          reject(err.code === 'EADDRINUSE' ? new Error(`PORT ${port} is already in use; set PORT to a free port`) : err),
        );
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    async close() {
      pages.close();
      if (!server.listening) return;
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A streamed body (chunked): written slice by slice as the socket drains; given up when the client leaves. */
async function sendStream(res: ServerResponse, method: string, page: Page, headers: Record<string, string>, log: Desk['log']): Promise<void> {
  res.writeHead(page.status, headers);
  if (method === 'HEAD') return void res.end();
  const gone = new Error('client gone');
  const out = async (chunk: string) => {
    if (res.destroyed) throw gone;
    if (!res.write(chunk)) await drained(res);
  };
  try {
    await page.stream!(out);
    res.end();
  } catch (err) {
    if (err !== gone) log.error({ err }, 'streamed page failed');
    res.destroy();
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

class BadRequest extends Error {}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequest('The address has a broken %-escape.');
  }
}

/** If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2); weak comparison for GET. */
function notModified(req: IncomingMessage, page: Page): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    if (!page.etag) return false;
    const tag = page.etag.replace(/^W\//, '');
    return inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === tag);
  }
  const ims = req.headers['if-modified-since'];
  if (ims && page.lastModified) {
    const t = Date.parse(ims);
    return Number.isFinite(t) && page.lastModified <= t;
  }
  return false;
}
