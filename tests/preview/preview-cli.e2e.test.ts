import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { cliPath, hasStackTrace, runCli } from '../helpers/cli.js';
import { exampleProject } from '../helpers/preview-fixture.js';

/** A port someone else already holds: the preview must move on to the next one. */
async function occupiedPort(): Promise<{ port: number; close: () => void }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('newsletter preview (the real CLI)', () => {
  it('takes the next free port, prints the URL, serves the page, and stops cleanly on Ctrl-C', async () => {
    const { dir, list } = exampleProject();
    const busy = await occupiedPort();
    try {
      const run = await withPreview(dir, ['--to', list, '--port', String(busy.port), '--no-open'], {}, async (url) => {
        expect(url).toBe(`http://127.0.0.1:${busy.port + 1}/`);
        const page = await get(url);
        expect(page.status).toBe(200);
        expect(page.body).toContain('<title>newsletter preview</title>');
        expect(page.body).not.toMatch(/(?:src|href)="https?:/);
        const state = JSON.parse((await get(`${url}api/state?reader=anna.beispiel@example.org`)).body);
        expect({ ok: state.ok, lang: state.lang, reader: state.reader }).toEqual({ ok: true, lang: 'de', reader: 'anna.beispiel@example.org' });
        // a page elsewhere that points its own host name at 127.0.0.1 gets nothing
        expect((await get(`${url}api/state`, `attacker.example:${busy.port + 1}`)).status).toBe(403);
      });
      expect(run.stderr).toContain(`port ${busy.port} is busy; using ${busy.port + 1} instead.`);
      expect(run.stderr).toContain('unsubscribe links use the development key');
      expect(run.stderr).toContain('showing 2 readers of');
      expect(run.code).toBe(0);
      expect(hasStackTrace(run.stderr)).toBe(false);
      // nothing but the development key was written: no journal, no suppression list
      expect(readdirSync(join(dir, '.newsletter'))).toEqual(['dev-secret']);
    } finally {
      busy.close();
    }
  });

  it.each([
    [['--as', 'nobody@example.org', '--to', 'subscribers.csv'], 1, 'error: nobody@example.org is not a valid reader of subscribers.csv'],
    [['--as', 'anna.beispiel@example.org', '--without-list'], 2, 'error: --as picks a reader of a list: add --to LIST (the project has no subscribers.csv with readers)'],
    [['--lang', 'fr'], 2, 'error: --lang: issue "2020-12-nr34" has no "fr" version; it has de, en'],
    [['--issue', 'issues/2020-12-nr43.de.yaml'], 1, 'error: issues/2020-12-nr43.de.yaml does not exist'],
  ])('refuses %j before starting', async (flags, code, message) => {
    const { dir } = exampleProject();
    const file = flags[0] === '--issue' ? flags[1] : 'issues/2020-12-nr34.de.yaml';
    const rest = flags[0] === '--issue' ? [] : flags.filter((f) => f !== '--without-list');
    if (flags.includes('--without-list')) rmSync(join(dir, 'subscribers.csv'));
    const result = await runCli(['preview', file, '--port', '0', ...rest], { cwd: dir });
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(existsSync(join(dir, '.newsletter'))).toBe(false);
  });

  /** A preview of the real CLI with `args`, until `until(url)` is done (the URL within 30 s); then Ctrl-C. */
  async function withPreview(dir: string, args: string[], env: Record<string, string>, until: (url: string) => Promise<void>): Promise<{ stdout: string; stderr: string; code: number | null }> {
    // --port 0 (any free port) unless the test names one
    const port = args.includes('--port') ? [] : ['--port', '0'];
    const child = spawn(process.execPath, [cliPath, 'preview', 'issues/2020-12-nr34.de.yaml', ...port, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', NEWSLETTER_SECRET: '', CI: '', DISPLAY: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!/Preview: (\S+)/.test(stdout) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      const url = /Preview: (\S+)/.exec(stdout)?.[1];
      if (!url) throw new Error(`no preview URL:\n${stdout}\n${stderr}`);
      await until(url);
      child.kill('SIGINT');
      return { stdout, stderr, code: await exited };
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }

  it("opens the page in the browser (here: Chromium, as $BROWSER), shows the project's own subscribers.csv, and listens on --host", async () => {
    const { dir } = exampleProject();
    const opened = join(dir, 'opened.html');
    const browser = join(dir, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\n/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking --dump-dom "$1" > "${opened}.part" 2>/dev/null && mv "${opened}.part" "${opened}"\n`);
    chmodSync(browser, 0o755);
    let state: { ok: boolean; listFile?: string; readerTotal: number } | undefined;
    const run = await withPreview(dir, ['--host', 'localhost'], { BROWSER: browser }, async (url) => {
      expect(url).toMatch(/^http:\/\/localhost:\d+\/$/);
      state = JSON.parse((await get(`${url}api/state`)).body);
      const deadline = Date.now() + 30_000;
      while (!existsSync(opened) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("showing 2 readers of subscribers.csv (the project's list; --to names another)");
    expect(run.stderr).toContain('Opened in your browser (--no-open to leave it closed).');
    expect(run.stderr).not.toContain('warning');
    expect(state).toMatchObject({ ok: true, listFile: 'subscribers.csv', readerTotal: 2 });
    // the browser got the preview's own page
    expect(readFileSync(opened, 'utf8')).toContain('<title>');
    expect(readFileSync(opened, 'utf8')).toContain('id="reader"');
  }, 90_000);

  it('--no-open leaves the browser closed', async () => {
    const { dir } = exampleProject();
    const record = join(dir, 'browser.sh');
    writeFileSync(record, `#!/bin/sh\necho "$1" > "${join(dir, 'opened.txt')}"\n`);
    chmodSync(record, 0o755);
    const run = await withPreview(dir, ['--no-open'], { BROWSER: record }, async (url) => {
      expect((await get(url)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, 'opened.txt'))).toBe(false);
    expect(run.stderr).not.toContain('Opened in your browser');
  });
});
