import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

const example = () => tempProject(['newsletter.config.yaml', 'issues']);
const DE = 'issues/2020-12-nr34.de.yaml';

describe('newsletter build', () => {
  test('builds both languages of the example into dist/ and reports each size', async () => {
    const dir = example();
    const result = await runCli(['build', DE], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^dist\/2020-12-nr34\/de\/index\.html {2}\d+\.\d KB\ndist\/2020-12-nr34\/de\/index\.txt\ndist\/2020-12-nr34\/en\/index\.html {2}\d+\.\d KB\ndist\/2020-12-nr34\/en\/index\.txt\n$/);
    for (const lang of ['de', 'en']) {
      const html = readFileSync(join(dir, 'dist/2020-12-nr34', lang, 'index.html'), 'utf8');
      expect(html).toContain(`<html lang="${lang}"`);
      expect(html).toContain('src="riverside-skyline.png"');
      expect(existsSync(join(dir, 'dist/2020-12-nr34', lang, 'riverside-skyline.png'))).toBe(true);
      expect(readFileSync(join(dir, 'dist/2020-12-nr34', lang, 'index.txt'), 'utf8')).toContain('https://unsubscribe.invalid/PLACEHOLDER-personal-link');
    }
  });

  test('--json prints the outputs with absolute paths and sizes, --out and --lang narrow it', async () => {
    const dir = example();
    const result = await runCli(['build', DE, '--json', '--out', 'site', '--lang', 'en'], { cwd: dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { outputs: { id: string; lang: string; html: string; text: string; bytes: number }[]; warnings: unknown[] };
    const html = join(dir, 'site/2020-12-nr34/en/index.html');
    expect(report).toEqual({
      outputs: [{ id: '2020-12-nr34', lang: 'en', html, text: join(dir, 'site/2020-12-nr34/en/index.txt'), bytes: statSync(html).size }],
      warnings: [],
    });
    expect(existsSync(join(dir, 'site/2020-12-nr34/de'))).toBe(false);
  });

  test.each([
    ['a typo in a field name', (text: string) => text.replace('  - label: Digitale Werkstatt\n    title:', '  - label: Digitale Werkstatt\n    tittle:'), /issues\/2020-12-nr34\.de\.yaml:\d+:\d+: .*tittle/],
    ['an impossible date', (text: string) => text.replace('date: 2020-11-12', 'date: 2021-02-31'), /issues\/2020-12-nr34\.de\.yaml:\d+:\d+: .*February 2021 has 28 days/],
    ['broken YAML', (text: string) => `${text}\n  : : [\n`, /issues\/2020-12-nr34\.de\.yaml:\d+:\d+: /],
  ])('%s: exit 1, the problem located, no stack trace, nothing written', async (_, breakIt, located) => {
    const dir = example();
    const file = join(dir, DE);
    writeFileSync(file, breakIt(readFileSync(file, 'utf8')));
    const result = await runCli(['build', DE], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(located);
    expect(result.stderr).toMatch(/nothing was written/);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.stdout).toBe('');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  test('one bad issue among several: nothing is written for any of them', async () => {
    const dir = example();
    const good = readFileSync(join(dir, 'issues/2020-12-nr34.en.yaml'), 'utf8');
    writeFileSync(join(dir, 'issues/2021-01-nr35.en.yaml'), good.replace('number: 34', 'number: 35').replace('link: https://newsletter.example.org/reports/sponge-city', 'link: javascript:alert(1)'));
    const result = await runCli(['build', DE, 'issues/2021-01-nr35.en.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/issues\/2021-01-nr35\.en\.yaml:\d+:\d+: .*javascript/);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  test('a broken project template: exit 1 naming the template, nothing written', async () => {
    const dir = example();
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates', 'footer.hbs'), '<mj-section>\n  <mj-column>\n    <mj-texte>oops</mj-texte>\n  </mj-column>\n</mj-section>\n');
    const result = await runCli(['build', DE], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^templates\/footer\.hbs:3:1: MJML: Element mj-texte doesn't exist or is not registered/m);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  test('warns loudly when the HTML would be clipped by Gmail', async () => {
    const dir = example();
    const file = join(dir, 'issues/2020-12-nr34.en.yaml');
    const text = readFileSync(file, 'utf8');
    const start = text.indexOf('outlook:\n') + 'outlook:\n'.length;
    const item = text.slice(start);
    writeFileSync(file, text + item.repeat(40));
    const result = await runCli(['build', file, '--lang', 'en', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { outputs: { bytes: number }[]; warnings: { id: string; lang: string; message: string }[] };
    expect(report.outputs[0].bytes).toBeGreaterThan(102 * 1024);
    expect(report.warnings).toEqual([{ id: '2020-12-nr34', lang: 'en', kind: 'gmail-clip', message: expect.stringMatching(/Gmail clips mails above about 102\.0 KB/) }]);
    expect(result.stderr).toMatch(/warning: CLIPPED IN GMAIL\? dist\/2020-12-nr34\/en\/index\.html is \d+\.\d KB/);
  });

  test('--watch rebuilds on save and keeps running through errors; Ctrl-C ends it with exit 0', async () => {
    const dir = example();
    const file = join(dir, 'issues/2020-12-nr34.en.yaml');
    const original = readFileSync(file, 'utf8');
    const child = spawn(process.execPath, [cliPath, 'build', file, '--watch'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.resume();
    const waitFor = (pattern: RegExp, from: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (pattern.test(stderr.slice(from)) ? resolve() : child.exitCode !== null ? reject(new Error(stderr)) : setTimeout(check, 50));
        check();
      });
    try {
      await waitFor(/built after start/, 0);
      let mark = stderr.length;
      writeFileSync(file, original.replace('Planning municipal heat together', 'Planning heat, together'));
      await waitFor(/built after a change to .*2020-12-nr34\.en\.yaml/, mark);
      expect(readFileSync(join(dir, 'dist/2020-12-nr34/en/index.html'), 'utf8')).toContain('Planning heat, together');

      mark = stderr.length;
      writeFileSync(file, original.replace('number: 34', 'number: -1'));
      await waitFor(/error: .*nothing was written[\s\S]*watching for changes/, mark);
      expect(hasStackTrace(stderr)).toBe(false);

      mark = stderr.length;
      writeFileSync(file, original);
      await waitFor(/built after a change/, mark);
      expect(readFileSync(join(dir, 'dist/2020-12-nr34/en/index.html'), 'utf8')).toContain('Planning municipal heat together');
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
  });
});

describe('newsletter build without a project', () => {
  test('no config: exit 1 with a message that says what to do, no stack trace', async () => {
    const dir = tempProject(['issues']);
    const result = await runCli(['build', DE], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no newsletter\.config\.yaml in .* or any parent folder/);
    expect(result.stderr).toMatch(/newsletter init/);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});
