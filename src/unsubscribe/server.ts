import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pickLanguage } from '../config/localize-config.js';
import { StateError } from '../state/state-error.js';
import { openState, type StateLocation } from '../state/state-location.js';
import { matchLanguage } from '../subscribers/match-language.js';
import { ENDPOINT_LANGUAGES } from './endpoint-strings.js';
import type { Keyring } from './keyring.js';
import { PAGE_STYLE, renderPage, type PageKind } from './pages.js';
import { BodyTooLarge, formFields, readBody } from './request-body.js';
import type { SuppressionReason } from './suppression-list.js';
import { resolveStaticFile, sendStaticFile } from './static-files.js';
import { createTargetLabel } from './request-log.js';
import { openUnsubscribeToken } from './token.js';

export interface UnsubscribeServerOptions {
  /** An SQLite state folder (as `--state DIR`); or `state` for any location. */
  stateDir?: string;
  state?: StateLocation;
  /** Seconds a client is told to wait (Retry-After) when the state cannot be written; default 30. */
  retryAfterS?: number;
  keyring: Keyring;
  port: number;
  host: string;
  /**
   * The list ids this endpoint unsubscribes from (the config's `list_id`): a token of another
   * list is refused like a forged one. Undefined: any list the secret sealed.
   */
  listIds?: readonly string[];
  /** The newsletter's name on the pages: one string, or one per language. */
  listName?: string | Record<string, string>;
  /** The language whose name stands in for a language `listName` lacks (the config's default_language). */
  defaultLanguage?: string;
  /** The web archive (`newsletter archive`), served under `/archive/` when given and present. */
  archiveDir?: string;
  /** Slow clients: how long the headers and the whole request may take (default 10 s and 15 s; tests shorten them). */
  timeouts?: { headersMs: number; requestMs: number };
  /** One line per request that changed something or failed, without addresses or tokens (a keyed fingerprint stands for a token). */
  log?: (line: string) => void;
}

export interface UnsubscribeServer {
  /** `http://127.0.0.1:8080` */
  url: string;
  /** Stops taking requests, lets those in flight finish, then closes the state database. */
  close(): Promise<void>;
}

const STYLE_HASH = `sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}`;

/** Sent with every response: nothing loads, nothing frames the page, nothing is cached or leaks a referrer. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': `default-src 'none'; style-src '${STYLE_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

const FALLBACK_LANG = ENDPOINT_LANGUAGES[0];

/** The path of a request target, or undefined when it cannot be one (Node passes any bytes it does not reject). */
function pathOf(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://endpoint').pathname;
  } catch {
    return undefined;
  }
}
const TOKEN_PATH = /^\/u\/([^/]+)\/?$/;

/**
 * The unsubscribe endpoint: `GET /u/TOKEN` asks, `POST /u/TOKEN` (RFC 8058 one-click or
 * the page's button) suppresses, `GET /healthz` answers the proxy, `/archive/` serves the
 * web archive when `archiveDir` is given. Rejects with the
 * listen error (e.g. EADDRINUSE) when the port cannot be bound.
 */
export async function startUnsubscribeServer(options: UnsubscribeServerOptions): Promise<UnsubscribeServer> {
  const location: StateLocation = options.state ?? { backend: 'sqlite', dir: options.stateDir ?? '.newsletter' };
  const store = await openState(location);
  const suppression = store.suppression;
  const retryAfter = String(options.retryAfterS ?? 30);

  const log = options.log ?? (() => {});
  const target = createTargetLabel(options.keyring);
  const listNameIn = (lang: string) => (options.listName === undefined ? undefined : pickLanguage(options.listName, lang, options.defaultLanguage ?? lang));

  let closing: Promise<void> | undefined;

  function send(response: ServerResponse, status: number, kind: PageKind, lang: string): void {
    // While stopping, no connection is kept alive for a next request.
    if (closing) response.setHeader('Connection', 'close');
    response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
    response.end(renderPage({ kind, lang, listName: listNameIn(lang) }));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const browserLang = matchLanguage(request.headers['accept-language']?.split(/[,;]/)[0], [...ENDPOINT_LANGUAGES], FALLBACK_LANG);
    const path = pathOf(request.url);
    if (path === undefined) {
      // e.g. `GET http://[/u/TOKEN HTTP/1.1`: the client's mistake, answered as such
      log(`${method} ${target.label(request.url)} 400 malformed request target`);
      return send(response, 400, 'bad_request', browserLang);
    }

    if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      if (closing) response.setHeader('Connection', 'close');
      // a real write lock each time: a proxy's health check must see what a POST would meet
      const problem = await store.checkWritable().then(
        () => undefined,
        (error: unknown) => (error instanceof StateError ? error : Promise.reject(error)),
      );
      if (problem) {
        response.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': retryAfter });
        response.end(`state unwritable: ${problem.problem}\n`);
        return;
      }
      response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('ok\n');
      return;
    }
    if (options.archiveDir && (method === 'GET' || method === 'HEAD') && (path === '/' || path === '/archive' || path.startsWith('/archive/'))) {
      if (path !== '/archive/' && !path.startsWith('/archive/')) {
        response.writeHead(301, { ...SECURITY_HEADERS, Location: '/archive/' });
        response.end();
        return;
      }
      const found = await resolveStaticFile(options.archiveDir, path.slice('/archive/'.length));
      if (found) return sendStaticFile(response, found.file, found.size, method === 'HEAD');
      return send(response, 404, 'no_page', browserLang);
    }
    const match = TOKEN_PATH.exec(path);
    if (!match) return send(response, 404, path === '/u' || path.startsWith('/u/') ? 'not_found' : 'no_page', browserLang);
    const payload = openUnsubscribeToken(options.keyring, match[1]);
    // another list's token (sealed with the same secret) is refused like a forged one
    if (!payload || (options.listIds && !options.listIds.includes(payload.listId))) return send(response, 404, 'not_found', browserLang);
    const shown = `/u/${target.fingerprint(match[1])}`;
    const lang = matchLanguage(payload.lang, [...ENDPOINT_LANGUAGES], browserLang);

    if (method === 'GET' || method === 'HEAD') {
      // Mail scanners follow links: a GET only asks.
      return send(response, 200, (await suppression.get(payload.email, payload.listId)) ? 'already' : 'confirm', lang);
    }
    if (method !== 'POST') {
      response.setHeader('Allow', 'GET, HEAD, POST');
      return send(response, 405, 'bad_request', lang);
    }
    let fields: Map<string, string>;
    try {
      fields = formFields(request.headers['content-type'], await readBody(request));
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      response.setHeader('Connection', 'close');
      log(`POST ${shown} 413 body too large`);
      return send(response, 413, 'too_large', lang);
    }
    const reason: SuppressionReason | undefined =
      fields.get('List-Unsubscribe') === 'One-Click' ? 'one-click' : fields.get('confirm') === 'yes' ? 'confirm-page' : undefined;
    if (!reason) return send(response, 400, 'bad_request', lang);
    const { added } = await suppression.add({
      email: payload.email,
      reason,
      ...(payload.listId ? { listId: payload.listId } : {}),
      // the report counts the unsubscribes an issue's links brought
      ...(payload.issueId ? { issueId: payload.issueId } : {}),
      source: 'endpoint',
    });
    log(`POST ${shown} 200 ${added ? `unsubscribed (${reason})` : 'already unsubscribed'}`);
    send(response, 200, 'done', lang);
  }

  const timeouts = options.timeouts ?? { headersMs: 10_000, requestMs: 15_000 };
  // the timeouts are checked every so often: a tenth of the headers' time, at most Node's 30 s
  const server = createServer({ connectionsCheckingInterval: Math.min(30_000, Math.max(50, timeouts.headersMs / 10)) }, (request, response) => {
    handle(request, response).catch((error: Error) => {
      const where = target.label(request.url);
      if (error instanceof StateError) {
        // never a lost unsubscribe without the reader told to try again: 503 + Retry-After
        log(`${request.method} ${where} 503 ${error.message}`);
        if (response.headersSent) return response.destroy();
        response.setHeader('Retry-After', retryAfter);
        return send(response, 503, 'error', FALLBACK_LANG);
      }
      log(`${request.method} ${where} 500 ${error.message}`);
      if (response.headersSent) response.destroy();
      else send(response, 500, 'error', FALLBACK_LANG);
    });
  });
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await store.close();
    throw error;
  }

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        // Requests in flight finish (their writes are single synchronous statements); idle keep-alives go now.
        const force = setTimeout(() => server.closeAllConnections(), 5000);
        server.close(() => {
          clearTimeout(force);
          store.close().then(resolve, resolve);
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
