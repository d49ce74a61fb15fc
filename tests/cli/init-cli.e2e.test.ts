import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

const FLAGS = ['--name', 'Städte im Dialog', '--from', 'Städte im Dialog <news@staedte.example>', '--base-url', 'https://news.staedte.example', '--languages', 'de,en'];

/** `issues/<id>.<lang>.yaml` as init reported it. */
function issuePath(stdout: string, lang: string): string {
  const match = new RegExp(`issues/[a-z0-9-]+\\.${lang}\\.yaml`).exec(stdout);
  if (!match) throw new Error(`no ${lang} issue in:\n${stdout}`);
  return match[0];
}

describe('newsletter init --yes (the real CLI)', () => {
  it('scaffolds a project whose first issue validates and builds', async () => {
    const root = tempProject();
    const init = await runCli(['init', 'news', '--yes', ...FLAGS], { cwd: root });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const dir = join(root, 'news');
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', 'issues', 'newsletter.config.yaml', 'subscribers.csv']);
    const de = issuePath(init.stdout, 'de');
    expect(init.stdout).toContain(`cd news && newsletter preview ${de}`);

    const validate = await runCli(['validate', de], { cwd: dir });
    expect({ code: validate.code, stderr: validate.stderr }).toEqual({ code: 0, stderr: expect.not.stringContaining('error') });

    const build = await runCli(['build', de, '--json'], { cwd: dir });
    expect(build.code).toBe(0);
    const outputs = JSON.parse(build.stdout).outputs as { lang: string; html: string }[];
    expect(outputs.map((o) => o.lang).sort()).toEqual(['de', 'en']);
    const html = readFileSync(outputs.find((o) => o.lang === 'de')!.html, 'utf8');
    expect(html).toContain('Willkommen bei Städte im Dialog');
  });

  it("keeps the list, the state, the outbox and built mails out of git (git's own view)", async () => {
    const dir = tempProject();
    expect((await runCli(['init', '--yes', '--languages', 'en'], { cwd: dir })).code).toBe(0);
    for (const made of ['.newsletter/state.sqlite', 'outbox/1/a.eml', 'dist/1/en/index.html']) {
      execFileSync('mkdir', ['-p', join(dir, made, '..')]);
      writeFileSync(join(dir, made), 'x');
    }
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    const tracked = git('diff', '--cached', '--name-only').trim().split('\n');
    expect(tracked.filter((f) => !f.startsWith('issues/'))).toEqual(['.gitignore', 'newsletter.config.yaml']);
    expect(tracked.filter((f) => f.startsWith('issues/'))).toHaveLength(1);
  });

  it('copies the theme with --eject-templates, and the project builds with it', async () => {
    const dir = tempProject();
    const init = await runCli(['init', '--yes', '--eject-templates'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(existsSync(join(dir, 'templates', 'layout.hbs'))).toBe(true);
    expect(init.stdout).toMatch(/templates\/ \(\d+ files of the theme, yours to change\)/);
    const build = await runCli(['build', issuePath(init.stdout, 'en')], { cwd: dir });
    expect(build.code).toBe(0);
  });

  it('refuses to overwrite with --yes, naming the file, and writes nothing', async () => {
    const dir = tempProject();
    expect((await runCli(['init', '--yes'], { cwd: dir })).code).toBe(0);
    const config = readFileSync(join(dir, 'newsletter.config.yaml'), 'utf8');
    const again = await runCli(['init', '--yes', '--name', 'Other'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error: newsletter.config.yaml, .gitignore, subscribers.csv,');
    expect(again.stderr).toContain('"init --yes" never overwrites a file.');
    expect(hasStackTrace(again.stderr)).toBe(false);
    expect(readFileSync(join(dir, 'newsletter.config.yaml'), 'utf8')).toBe(config);
  });

  it('needs --yes without a terminal', async () => {
    const result = await runCli(['init'], { cwd: tempProject() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: "init" asks questions, but there is no terminal to ask them in.\n' +
        '  hint: pass --yes to take the defaults, and --name, --from, --base-url, --languages to set the values\n',
    );
  });

  it('treats a bad flag value as wrong usage (exit 2)', async () => {
    const result = await runCli(['init', '--yes', '--base-url', 'newsletter.example.org'], { cwd: tempProject() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --base-url: expected a URL like https://newsletter.example.org, got "newsletter.example.org"');
  });
});
