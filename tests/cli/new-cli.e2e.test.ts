import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

async function initProject(): Promise<string> {
  const dir = tempProject();
  const init = await runCli(['init', '--yes', '--languages', 'de,en'], { cwd: dir });
  if (init.code !== 0) throw new Error(init.stderr);
  return dir;
}

describe('newsletter new --yes (the real CLI)', () => {
  it('writes issue 2 after issue 1; the skeleton fails validation only on what the editor must write', async () => {
    const dir = await initProject();
    const created = await runCli(['new', '--yes', '--lang', 'de', '--date', '2031-05-04', '--subject', 'Neues aus dem Netz'], { cwd: dir });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Issue 2 of 2031-05-04 (after issue 1, ');
    expect(created.stdout).toContain('issues/2031-05-nr2.de.yaml');

    const validate = await runCli(['validate', 'issues/2031-05-nr2.de.yaml', '--json'], { cwd: dir });
    expect(validate.code).toBe(1);
    const problems = JSON.parse(validate.stdout).problems as { file: string; line: number; message: string }[];
    const lines = readFileSync(join(dir, 'issues/2031-05-nr2.de.yaml'), 'utf8').split('\n');
    expect(problems.map((p) => [p.message, lines[p.line - 1].trim().slice(0, 8)])).toEqual([
      ['"title" is empty', '- title:'],
      ['"title" is empty', '- title:'],
      ['"title" is empty', '- title:'],
    ]);
  });

  it('names the file it will not overwrite', async () => {
    const dir = await initProject();
    const first = await runCli(['new', '--yes', '--lang', 'en', '--date', '2031-05-04'], { cwd: dir });
    expect(first.code).toBe(0);
    const again = await runCli(['new', '--yes', '--lang', 'en', '--date', '2031-05-04', '--number', '2'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error: issues/2031-05-nr2.en.yaml already exists; "new --yes" never overwrites a file.');
    expect(hasStackTrace(again.stderr)).toBe(false);
  });

  it('says what to do outside a project', async () => {
    const result = await runCli(['new', '--yes'], { cwd: tempProject() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no newsletter.config.yaml in');
    expect(result.stderr).toContain('run "newsletter init" to create one');
  });

  it('treats a bad date as wrong usage (exit 2)', async () => {
    const result = await runCli(['new', '--yes', '--date', '2031-02-30'], { cwd: await initProject() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --date: 2031-02-30 is not a day of the calendar');
  });
});
