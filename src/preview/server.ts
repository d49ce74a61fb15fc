import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { IMAGE_CONTENT_TYPES } from '../mime/content-types.js';
import { stateSummary, type PreviewState } from './state.js';
import { mailDocument, type ViewName, VIEW_NAMES } from './documents.js';
import { previewPage } from './page.js';
import { ASSET_PATH } from './session.js';

/** What the server asks of the rest of the preview: state for a reader and language, images. */
export interface PreviewSource {
  state(query: { reader?: string; lang?: string }): Promise<PreviewState>;
  /** The file behind `/assets/<lang>/<name>`, if the rendered issue uses one. */
  asset(lang: string, name: string): Promise<string | undefined>;
  /** The page's first choices: `--as` and `--lang`. */
  initial: { reader?: string; lang?: string };
}

export interface PreviewServer {
  url: string;
  port: number;
  /** Tells every open page that the files changed. */
  announce(version: number): void;
  close(): Promise<void>;
}

// The page and the mail (a srcdoc frame inherits this policy) load nothing from elsewhere,
// except the images a mail links by https, as a mail program would show them.
const CONTENT_SECURITY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; frame-src 'self'; img-src 'self' data: https: http:; base-uri 'self'; form-action 'none'";

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Cache-Control': 'no-store',
    'Content-Security-Policy': CONTENT_SECURITY,
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(body);
}

/** `0.0.0.0` and `::` listen on every address of the machine. */
export function isEveryAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * Only the addresses the server was started on may talk to it: a web page elsewhere that
 * points a host name at this machine (DNS rebinding) must not read the subscriber list.
 * A name is accepted only when it is the `--host` given; an address (IP literal) cannot be
 * rebound, so on every address (`--host 0.0.0.0`) any of them is fine.
 */
function fromAllowedHost(request: IncomingMessage, port: number, listenHost: string): boolean {
  const header = (request.headers.host ?? '').toLowerCase();
  if (header === `127.0.0.1:${port}` || header === `localhost:${port}` || header === `${listenHost.toLowerCase()}:${port}`) return true;
  if (!isEveryAddress(listenHost) || !header.endsWith(`:${port}`)) return false;
  const name = header.slice(0, -`:${port}`.length);
  return isIP(name.replace(/^\[|\]$/g, '')) !== 0;
}

async function listenFrom(server: Server, host: string, first: number, tries: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = first === 0 ? 0 : first + attempt;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || attempt + 1 >= tries || first === 0) throw error;
    }
  }
}

/**
 * The preview's HTTP server on 127.0.0.1: the page, its state as JSON, the mail in each
 * view, the issue's images, and `/events`, a server-sent event stream that says "changed".
 * Starts at `port` and takes the next free one when it is busy.
 */
export async function startPreviewServer(source: PreviewSource, options: { port: number; host?: string }): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  const listeners = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain', `preview failed: ${error instanceof Error ? error.message : String(error)}`);
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!fromAllowedHost(request, port, host)) return send(response, 403, 'text/plain', `the preview answers only to 127.0.0.1, localhost and ${host}`);
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'only GET');
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const query = { reader: url.searchParams.get('reader') ?? undefined, lang: url.searchParams.get('lang') ?? undefined };

    if (url.pathname === '/') return send(response, 200, 'text/html', previewPage(source.initial));
    if (url.pathname === '/api/state') return send(response, 200, 'application/json', JSON.stringify(stateSummary(await source.state(query))));
    if (url.pathname === '/api/mail') {
      const view = (url.searchParams.get('view') ?? 'html') as ViewName;
      if (!VIEW_NAMES.includes(view)) return send(response, 400, 'text/plain', `unknown view "${view}"`);
      const state = await source.state(query);
      return send(response, state.mail ? 200 : 409, 'text/html', mailDocument(state, view));
    }
    if (url.pathname === '/events') return openEvents(response);
    const asset = new RegExp(`^${ASSET_PATH}/([^/]+)/([^/]+)$`).exec(url.pathname);
    if (asset) {
      const file = await source.asset(decodeURIComponent(asset[1]), decodeURIComponent(asset[2]));
      if (!file || !existsSync(file)) return send(response, 404, 'text/plain', 'no such image in this issue');
      response.writeHead(200, { 'Content-Type': IMAGE_CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      createReadStream(file).pipe(response);
      return;
    }
    send(response, 404, 'text/plain', 'not found');
  }

  function openEvents(response: ServerResponse): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    response.write('retry: 1000\n\n');
    listeners.add(response);
    response.on('close', () => listeners.delete(response));
  }

  // A comment now and then keeps proxies and idle timeouts from closing the stream.
  const heartbeat = setInterval(() => {
    for (const listener of listeners) listener.write(': still here\n\n');
  }, 15_000);
  heartbeat.unref();

  port = await listenFrom(server, host, options.port, 20);
  return {
    url: `http://${isEveryAddress(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    announce(version) {
      for (const listener of listeners) listener.write(`event: change\ndata: ${version}\n\n`);
    },
    close() {
      clearInterval(heartbeat);
      for (const listener of listeners) listener.end();
      listeners.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
