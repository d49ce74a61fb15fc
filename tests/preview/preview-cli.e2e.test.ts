import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
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
    const child = spawn(process.execPath, [cliPath, 'preview', 'issues/2020-12-nr34.de.yaml', '--to', list, '--port', String(busy.port)], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', NEWSLETTER_SECRET: '' },
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
      expect({ url, stderr }).toEqual({ url: `http://127.0.0.1:${busy.port + 1}/`, stderr: expect.stringContaining(`port ${busy.port} is busy; using ${busy.port + 1} instead.`) });
      expect(stderr).toContain('unsubscribe links use the development key');
      expect(stderr).toContain('showing 2 readers of');

      const page = await get(url!);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<title>newsletter preview</title>');
      expect(page.body).not.toMatch(/(?:src|href)="https?:/);
      const state = JSON.parse((await get(`${url}api/state?reader=anna.beispiel@example.org`)).body);
      expect({ ok: state.ok, lang: state.lang, reader: state.reader }).toEqual({ ok: true, lang: 'de', reader: 'anna.beispiel@example.org' });
      // a page elsewhere that points its own host name at 127.0.0.1 gets nothing
      expect((await get(`${url}api/state`, `attacker.example:${busy.port + 1}`)).status).toBe(403);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(hasStackTrace(stderr)).toBe(false);
      // nothing but the development key was written: no journal, no suppression list
      expect(readdirSync(join(dir, '.newsletter'))).toEqual(['dev-secret']);
    } finally {
      busy.close();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it.each([
    [['--as', 'nobody@example.org', '--to', 'subscribers.csv'], 1, 'error: nobody@example.org is not a valid reader of subscribers.csv'],
    [['--as', 'anna.beispiel@example.org'], 2, 'error: --as picks a reader of the list given with --to: add --to subscribers.csv'],
    [['--lang', 'fr'], 2, 'error: --lang: issue "2020-12-nr34" has no "fr" version; it has de, en'],
    [['--issue', 'issues/2020-12-nr43.de.yaml'], 1, 'error: issues/2020-12-nr43.de.yaml does not exist'],
  ])('refuses %j before starting', async (flags, code, message) => {
    const { dir } = exampleProject();
    const file = flags[0] === '--issue' ? flags[1] : 'issues/2020-12-nr34.de.yaml';
    const rest = flags[0] === '--issue' ? [] : flags;
    const result = await runCli(['preview', file, '--port', '0', ...rest], { cwd: dir });
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(existsSync(join(dir, '.newsletter'))).toBe(false);
  });
});
