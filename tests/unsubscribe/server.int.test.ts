import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createUnsubscribeToken,
  keyringFromSecrets,
  startUnsubscribeServer,
  type SuppressionEntry,
  type UnsubscribeServer,
} from '../../src/unsubscribe/index.js';
import { suppressionEntries } from '../helpers/sqlite-state.js';

const keyring = keyringFromSecrets('endpoint-test-secret-0123456789');
const anna = { email: 'Anna@example.org', listId: 'newsletter.example.org', lang: 'de' };
const jide = { email: 'jide@example.com', listId: 'newsletter.example.org', lang: 'en-GB' };

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so the test controls every header and byte of the body. */
function request(url: string, options: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer; chunks?: Buffer[] } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end(options.body);
  });
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

let stateDir: string;
let server: UnsubscribeServer;
let logLines: string[];
const entries = (): SuppressionEntry[] => suppressionEntries(stateDir);
const link = (payload: typeof anna) => `${server.url}/u/${createUnsubscribeToken(keyring, payload)}`;

beforeEach(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'newsletter-serve-'));
  logLines = [];
  server = await startUnsubscribeServer({
    stateDir,
    keyring,
    port: 0,
    host: '127.0.0.1',
    listIds: ['newsletter.example.org'],
    listName: { de: 'Stadtbrief', en: 'City Letter' },
    log: (line) => logLines.push(line),
  });
});
afterEach(() => server.close());

function expectSecurityHeaders(reply: Reply): void {
  expect(reply.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+={0,2}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'$/);
  expect(reply.headers['x-content-type-options']).toBe('nosniff');
  expect(reply.headers['referrer-policy']).toBe('no-referrer');
  expect(reply.headers['x-frame-options']).toBe('DENY');
  expect(reply.headers['cache-control']).toBe('no-store');
  expect(reply.headers['set-cookie']).toBeUndefined();
  expect(reply.headers.location).toBeUndefined();
}

describe('the unsubscribe endpoint over real HTTP', () => {
  test('GET /healthz answers the proxy', async () => {
    const reply = await request(`${server.url}/healthz`);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('ok\n');
    expectSecurityHeaders(reply);
  });

  test('GET /u/TOKEN shows a confirmation page in the reader\'s language and changes nothing', async () => {
    const reply = await request(link(anna));
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(reply);
    expect(reply.body).toContain('<html lang="de">');
    expect(reply.body).toContain('<h1>Von Stadtbrief abmelden?</h1>');
    expect(reply.body).toContain('<form method="post"><input type="hidden" name="confirm" value="yes"><button type="submit">Abmelden</button></form>');
    // whoever holds a forwarded link learns the newsletter's name, nothing about the address
    expect(reply.body).not.toMatch(/@|Anna|example\.org|…/i);
    expect(reply.body).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(reply.body).not.toMatch(/<script|<link|<img|src=|https?:\/\//i);
    const head = await request(link(anna), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(entries()).toEqual([]);
  });

  test('the style the page carries is exactly the one its CSP hash allows', async () => {
    const { createHash } = await import('node:crypto');
    const reply = await request(link(anna));
    const style = /<style>(.*?)<\/style>/s.exec(reply.body)![1];
    const hash = createHash('sha256').update(style).digest('base64');
    expect(reply.headers['content-security-policy']).toContain(`'sha256-${hash}'`);
  });

  test('en-GB readers get the English page', async () => {
    const reply = await request(link(jide));
    expect(reply.body).toContain('<html lang="en">');
    expect(reply.body).toContain('<h1>Unsubscribe from City Letter?</h1>');
  });

  test('POST one-click, form-urlencoded: unsubscribed, 200, no redirect', async () => {
    const reply = await request(link(anna), form({ 'List-Unsubscribe': 'One-Click' }));
    expect(reply.status).toBe(200);
    expectSecurityHeaders(reply);
    expect(reply.body).toContain('<h1>Sie sind abgemeldet</h1>');
    expect(entries()).toMatchObject([{ email: 'Anna@example.org', key: 'anna@example.org', reason: 'one-click', listId: 'newsletter.example.org' }]);
  });

  test('POST one-click, multipart/form-data: unsubscribed', async () => {
    const body = new FormData();
    body.set('List-Unsubscribe', 'One-Click');
    const response = await fetch(link(jide), { method: 'POST', body, redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<h1>You are unsubscribed</h1>');
    expect(entries()).toMatchObject([{ key: 'jide@example.com', reason: 'one-click' }]);
  });

  test('the page\'s button unsubscribes with the reason "confirm-page"; the page then says so', async () => {
    expect((await request(link(anna), form({ confirm: 'yes' }))).status).toBe(200);
    expect(entries()).toMatchObject([{ key: 'anna@example.org', reason: 'confirm-page' }]);
    const again = await request(link(anna));
    expect(again.body).toContain('ist von Stadtbrief bereits abgemeldet');
    expect(again.body).not.toContain('<form');
  });

  test('repeating the POST is harmless', async () => {
    const url = link(anna);
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await request(url, form({ 'List-Unsubscribe': 'One-Click' })));
    replies.push(await request(link(anna), form({ confirm: 'yes' })));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(entries()).toHaveLength(1);
    expect(entries()[0].reason).toBe('one-click');
  });

  test('forged, altered, truncated and foreign-key tokens get a plain 404 and change nothing', async () => {
    const token = createUnsubscribeToken(keyring, anna);
    const altered = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    const foreign = createUnsubscribeToken(keyringFromSecrets('a-different-organisations-key'), anna);
    const paths = [`/u/${altered}`, `/u/${token.slice(0, -2)}`, `/u/${foreign}`, '/u/anna@example.org', '/u/', '/u', `/u/${token}/extra`, '/', '/admin'];
    for (const path of paths) {
      for (const options of [{}, form({ 'List-Unsubscribe': 'One-Click' })]) {
        const reply = await request(`${server.url}${path}`, options);
        expect([path, reply.status]).toEqual([path, 404]);
        expectSecurityHeaders(reply);
        expect(reply.body).not.toMatch(/<form/);
      }
    }
    expect(entries()).toEqual([]);
  });

  test('a POST that does not ask to unsubscribe changes nothing (400)', async () => {
    for (const body of [form({ 'List-Unsubscribe': 'Yes' }), form({}), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"List-Unsubscribe":"One-Click"}' }]) {
      expect((await request(link(anna), body)).status).toBe(400);
    }
    expect(entries()).toEqual([]);
  });

  test('other methods get 405 and change nothing', async () => {
    const reply = await request(link(anna), { method: 'PUT', body: 'List-Unsubscribe=One-Click' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD, POST');
    expect(entries()).toEqual([]);
  });

  test('bodies over a few KB are refused (413), declared or streamed, and change nothing', async () => {
    const big = `List-Unsubscribe=One-Click&pad=${'x'.repeat(10_000)}`;
    const declared = await request(link(anna), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': big.length }, body: big });
    expect(declared.status).toBe(413);
    const streamed = await request(link(anna), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' },
      chunks: [Buffer.from(big.slice(0, 3000)), Buffer.from(big.slice(3000))],
    });
    expect(streamed.status).toBe(413);
    expectSecurityHeaders(streamed);
    expect(entries()).toEqual([]);
  });

  test('a token of another list sealed with the same secret is refused like a forged one (issue 11, item 5)', async () => {
    const other = { ...anna, listId: 'other-newsletter.example.org' };
    for (const options of [{}, form({ 'List-Unsubscribe': 'One-Click' }), form({ confirm: 'yes' })]) {
      const reply = await request(link(other), options);
      expect(reply.status).toBe(404);
      expect(reply.body).toContain('<h1>Link not valid</h1>');
    }
    expect(entries()).toEqual([]);
  });

  test('the pages never show the address, not even masked (issue 11, item 6)', async () => {
    for (const options of [{}, form({ confirm: 'yes' }), {}]) {
      const reply = await request(link({ ...anna, email: 'anna.schmidt@stadt-leipzig.example' }), options);
      expect(reply.status).toBe(200);
      expect(reply.body).not.toMatch(/@|anna|leipzig|…/i);
      expect(reply.body).toContain('Stadtbrief');
    }
  });

  test('a malformed request line gets 400, and the log holds a short fingerprint, never the token (issue 11, item 11)', async () => {
    const { connect } = await import('node:net');
    const token = createUnsubscribeToken(keyring, anna);
    const port = Number(new URL(server.url).port);
    const raw = (target: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(`POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\nConnection: close\r\n\r\nList-Unsubscribe=One-Click`));
        let data = '';
        socket.setEncoding('utf8').on('data', (d: string) => (data += d));
        socket.on('close', () => resolve(data.split('\r\n')[0]));
        socket.on('error', reject);
      });
    for (const target of [`http://[/u/${token}`, `//[/u/${token}`, `http://x:99999/u/${token}`, `http://[::1/u/${token}`]) {
      expect(await raw(target)).toBe('HTTP/1.1 400 Bad Request');
    }
    expect(await raw(`/u/${token}`)).toBe('HTTP/1.1 200 OK');
    expect(logLines).toHaveLength(5);
    for (const line of logLines) {
      expect(line).not.toContain(token.slice(0, 12));
      expect(line).not.toContain(token.slice(-12));
    }
    expect(logLines.slice(0, 4)).toEqual(Array(4).fill(expect.stringMatching(/^POST \(a target of \d+ characters, #[0-9a-f]{8}\) 400 malformed request target$/)));
    // the same link gives the same fingerprint, so log lines about it can be told together
    expect(logLines[4]).toMatch(/^POST \/u\/#[0-9a-f]{8} 200 unsubscribed \(one-click\)$/);
    await request(`${server.url}/u/${token}`, form({ 'List-Unsubscribe': 'One-Click' }));
    expect(logLines[5].split(' ')[1]).toBe(logLines[4].split(' ')[1]);
    expect(entries()).toHaveLength(1);
  });

  test('a port already in use is reported as EADDRINUSE', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startUnsubscribeServer({ stateDir, keyring, port, host: '127.0.0.1' })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  test('close lets a request in flight finish and keeps its write', async () => {
    const url = new URL(link(anna));
    const body = 'List-Unsubscribe=One-Click';
    // "Expect: 100-continue": the server's 100 answer says it has the request in hand
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': body.length, Expect: '100-continue' },
    });
    const reply = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
    });
    req.flushHeaders();
    await new Promise((resolve) => req.once('continue', resolve));
    req.write(body.slice(0, 5));
    const closed = server.close();
    // the rest arrives after the stop was asked for
    req.end(body.slice(5));
    expect(await reply).toBe(200);
    await closed;
    expect(entries()).toMatchObject([{ key: 'anna@example.org', reason: 'one-click' }]);
  });
});

describe('the web archive under /archive/', () => {
  let archive: UnsubscribeServer;
  let root: string;
  beforeAll(async () => {
    const { mkdirSync, writeFileSync, symlinkSync } = await import('node:fs');
    const base = mkdtempSync(join(tmpdir(), 'newsletter-archive-'));
    root = join(base, 'archive');
    mkdirSync(join(root, '2020-12-nr34', 'de'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<h1>Archiv</h1>');
    writeFileSync(join(root, 'feed.xml'), '<feed/>');
    writeFileSync(join(root, '2020-12-nr34', 'de', 'index.html'), '<h1>Nr. 34</h1>');
    writeFileSync(join(root, '2020-12-nr34', 'de', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(root, '.env'), 'SECRET=1');
    writeFileSync(join(base, 'outside.txt'), 'outside');
    symlinkSync(join(base, 'outside.txt'), join(root, 'link-out.txt'));
    // a folder whose index.html is a symlink out of the archive (issue 11, item 10)
    mkdirSync(join(root, 'sneaky'));
    symlinkSync('/etc/passwd', join(root, 'sneaky', 'index.html'));
    // a symlink that stays inside the archive is fine
    mkdirSync(join(root, 'alias'));
    symlinkSync(join(root, '2020-12-nr34', 'de', 'index.html'), join(root, 'alias', 'index.html'));
    archive = await startUnsubscribeServer({ stateDir: mkdtempSync(join(tmpdir(), 'newsletter-serve-')), keyring, port: 0, host: '127.0.0.1', archiveDir: root });
  });
  afterAll(() => archive.close());

  test('pages, images and the feed are served with their types and the archive\'s headers', async () => {
    const index = await request(`${archive.url}/archive/`);
    expect([index.status, index.body, index.headers['content-type']]).toEqual([200, '<h1>Archiv</h1>', 'text/html; charset=utf-8']);
    expect(index.headers['content-security-policy']).toContain("default-src 'none'; img-src 'self' https: data:");
    expect(index.headers['x-frame-options']).toBe('DENY');
    const issue = await request(`${archive.url}/archive/2020-12-nr34/de/`);
    expect([issue.status, issue.body]).toEqual([200, '<h1>Nr. 34</h1>']);
    const logo = await request(`${archive.url}/archive/2020-12-nr34/de/logo.png`, { method: 'HEAD' });
    expect([logo.status, logo.headers['content-type'], logo.headers['content-length']]).toEqual([200, 'image/png', '4']);
    expect((await request(`${archive.url}/archive/feed.xml`)).headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect((await request(`${archive.url}/archive/alias/`)).body).toBe('<h1>Nr. 34</h1>');
  });

  test('/ and /archive lead to /archive/', async () => {
    for (const path of ['/', '/archive']) {
      const reply = await request(`${archive.url}${path}`);
      expect([reply.status, reply.headers.location]).toEqual([301, '/archive/']);
    }
  });

  test('nothing outside the archive, hidden or missing is served', async () => {
    for (const path of ['/archive/sneaky/', '/archive/sneaky', '/archive/sneaky/index.html', '/archive/../outside.txt', '/archive/%2e%2e/outside.txt', '/archive/..%2foutside.txt', '/archive/.env', '/archive/link-out.txt', '/archive/missing.html', '/archive/2020-12-nr34/en/']) {
      const reply = await request(`${archive.url}${path}`);
      expect([path, reply.status]).toEqual([path, 404]);
      expect(reply.body).not.toContain('outside');
      expect(reply.body).not.toContain('SECRET');
      expect(reply.body).not.toContain('root:');
    }
    const page = await request(`${archive.url}/archive/missing.html`, { headers: { 'Accept-Language': 'de-DE,de;q=0.9' } });
    expect(page.body).toContain('<h1>Seite nicht gefunden</h1>');
  });

  test('unsubscribing works beside the archive', async () => {
    const token = createUnsubscribeToken(keyring, anna);
    expect((await request(`${archive.url}/u/${token}`)).status).toBe(200);
  });
});

describe('what held before still holds: smuggling and slow clients', () => {
  let guarded: UnsubscribeServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'newsletter-serve-'));
    guarded = await startUnsubscribeServer({ stateDir: dir, keyring, port: 0, host: '127.0.0.1', timeouts: { headersMs: 300, requestMs: 600 } });
  });
  afterAll(() => guarded.close());
  const suppressed = () => suppressionEntries(dir);
  /** Writes raw bytes, returns everything the server sent until it closed the connection. */
  const raw = async (chunks: string[]): Promise<string> => {
    const { connect } = await import('node:net');
    return new Promise((resolve, reject) => {
      const socket = connect(Number(new URL(guarded.url).port), '127.0.0.1', () => {
        for (const chunk of chunks) socket.write(chunk);
      });
      let data = '';
      socket.setEncoding('utf8').on('data', (d: string) => (data += d));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
  };

  test('a request with both Content-Length and Transfer-Encoding is refused, and nothing hidden in it is carried out', async () => {
    const token = createUnsubscribeToken(keyring, anna);
    const smuggled = `POST /u/${token} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 26\r\n\r\nList-Unsubscribe=One-Click`;
    const reply = await raw([
      `GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: ${smuggled.length + 5}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`,
    ]);
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(reply).not.toContain('unsubscribed');
    const doubled = await raw([`POST /u/${token} HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\nContent-Length: 5\r\n\r\nList-Unsubscribe=One-Click`]);
    expect(doubled.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(suppressed()).toEqual([]);
  });

  test('a client that never finishes its headers is cut off (408), one that never finishes its body too, and nothing changes', async () => {
    const token = createUnsubscribeToken(keyring, anna);
    const headers = await raw([`POST /u/${token} HTTP/1.1\r\nHost: x\r\nX-Slow: `]);
    expect(headers.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    const body = await raw([`POST /u/${token} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 26\r\n\r\nList-Unsub`]);
    expect(body === '' || body.startsWith('HTTP/1.1 408')).toBe(true);
    expect(suppressed()).toEqual([]);
  });
});
