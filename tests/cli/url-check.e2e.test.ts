import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { hasStackTrace } from '../helpers/cli.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';

/** A stand-in for the public side on 127.0.0.1: /healthz, and the project's dist/archive/ under /archive/. */
async function publicSide(projectDir: string, healthy = true): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    requests.push(path);
    if (path === '/healthz') {
      response.writeHead(healthy ? 200 : 503).end(healthy ? 'ok' : 'down');
      return;
    }
    let file = path.startsWith('/archive/') ? normalize(join(projectDir, 'dist', path)) : '';
    if (file && path.endsWith('/')) file = join(file, 'index.html');
    if (!file || !file.startsWith(join(projectDir, 'dist', 'archive')) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200);
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: a server started and stopped. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function setBaseUrl(dir: string, url: string): void {
  const file = join(dir, 'newsletter.config.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^base_url: .*$/m, `base_url: "${url}"`));
}

/** The URL check on: the test serves base_url itself. */
const CHECKED = { NEWSLETTER_SKIP_URL_CHECK: '' };

describe('base_url must answer where the mails point', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  test('check names the URL that failed: the endpoint is an error, the unpublished web version and image are warnings', async () => {
    const dir = exampleProject();
    const side = await publicSide(dir);
    try {
      setBaseUrl(dir, side.url);
      const result = await newsletter(dir, ['check', ISSUE], CHECKED);
      expect(result.stderr).toContain(`newsletter.config.yaml: warning: base_url does not answer: ${side.url}/archive/2020-12-nr34/de/ (the issue's web version): HTTP 404`);
      expect(result.stderr).toMatch(new RegExp(`warning: base_url does not answer: ${side.url}/archive/2020-12-nr34/de/[\\w.-]+\\.png \\(an image of the issue\\): HTTP 404`));
      expect(result.stderr).not.toContain('/healthz');
      expect(side.requests).toContain('/healthz');
    } finally {
      await side.close();
    }
    const down = await closedPort();
    setBaseUrl(dir, down);
    const refused = await newsletter(dir, ['check', ISSUE, '--json'], CHECKED);
    expect(refused.code).toBe(1);
    const problems = JSON.parse(refused.stdout).problems as { message: string; severity: string }[];
    expect(problems).toContainEqual(
      expect.objectContaining({ severity: 'error', message: `base_url does not answer: ${down}/healthz (the unsubscribe endpoint): connection refused` }),
    );
  });

  test('a real send publishes the web version first, checks it answers, then sends', async () => {
    const dir = exampleProject();
    const side = await publicSide(dir);
    try {
      setBaseUrl(dir, side.url);
      const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes'], CHECKED);
      expect(result.stderr).toContain('published the web version: dist/archive/2020-12-nr34/ (de, en)');
      expect(result.code).toBe(0);
      expect(existsSync(join(dir, 'dist', 'archive', '2020-12-nr34', 'en', 'index.html'))).toBe(true);
      expect(side.requests).toEqual(expect.arrayContaining(['/healthz', '/archive/2020-12-nr34/de/']));
      expect(side.requests.some((path) => /^\/archive\/2020-12-nr34\/de\/[\w.-]+\.png$/.test(path))).toBe(true);
      expect(sink.copiesTo('anna@example.org')).toBe(1);
    } finally {
      await side.close();
    }
  });

  test('a real send refuses to start while base_url does not answer, naming each URL; nothing is sent or journaled', async () => {
    const dir = exampleProject();
    const down = await closedPort();
    setBaseUrl(dir, down);
    const before = sink.messages.length;
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes'], CHECKED);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: not sending: the mails would point at addresses that do not answer (each given 5 s):');
    expect(result.stderr).toContain(`  ${down}/healthz (the unsubscribe endpoint): connection refused`);
    expect(result.stderr).toContain(`  ${down}/archive/2020-12-nr34/de/ (the issue's web version): connection refused`);
    expect(result.stderr).toContain('add --skip-url-check');
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(sink.messages.length).toBe(before);
    const status = JSON.parse((await newsletter(dir, ['status', ISSUE, '--json'])).stdout);
    expect(status).toMatchObject({ sent: 0, recipients: 0 });

    const skipped = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--skip-url-check'], CHECKED);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain(`note: URL check skipped (--skip-url-check): nothing made sure that ${down} serves these mails' images, web version and unsubscribe links`);
    expect(sink.copiesTo('ben@example.org')).toBeGreaterThanOrEqual(1);
  });
});
