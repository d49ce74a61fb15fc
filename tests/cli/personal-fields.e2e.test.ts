import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { cliPath, hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

const CONFIG = `name: Städtenetz
from: "Städtenetz <news@example.org>"
base_url: https://news.example.org
languages: [de]
`;
const LIST = [
  'E-Mail,Vorname,Nachname,Anrede,Organisation,constructor',
  'anna@example.org,Anna,Schmidt,Frau,Stadt Bonn,Bauamt',
  'jonas@example.org,Jonas,Weber,Herr,,Kämmerei',
  'kim@example.org,Kim,Lee,,Stadt Trier,',
  '',
].join('\n');
const GREETING =
  '{{#if (eq subscriber.salutation "Frau")}}Sehr geehrte Frau {{subscriber.last_name}},{{else if (eq subscriber.salutation "Herr")}}Sehr geehrter Herr {{subscriber.last_name}},{{else}}Guten Tag {{subscriber.first_name}},{{/if}}';

function issue(intro: string): string {
  return `number: 1\ndate: 2021-01-01\nsubject: "Neues für {{subscriber.first_name \\"Sie\\"}}"\nintro: |\n  ${intro.split('\n').join('\n  ')}\nreview:\n  - title: Workshop\n`;
}

function project(intro: string): string {
  const dir = tempProject();
  mkdirSync(join(dir, 'issues'));
  writeFileSync(join(dir, 'newsletter.config.yaml'), CONFIG);
  writeFileSync(join(dir, 'readers.csv'), LIST);
  writeFileSync(join(dir, 'issues', '2021-01.de.yaml'), issue(intro));
  return dir;
}

const env = { NEWSLETTER_SMTP_URL: undefined, NEWSLETTER_STATE_DIR: undefined, NEWSLETTER_SECRET: 'a-test-secret-for-the-field-tests-0123456789' };
const cli = (dir: string, args: string[]) => runCli(args, { cwd: dir, env });

/** The plain-text part of every .eml in `folder`, by recipient. */
async function sentTexts(folder: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const name of readdirSync(folder)) {
    const mail = await simpleParser(readFileSync(join(folder, name)));
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    texts[to!.value[0].address!] = `${mail.subject}\n${mail.text}`;
  }
  return texts;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const make = (intro: string) => {
  const dir = project(intro);
  dirs.push(dir);
  return dir;
};

describe('a personal field the list does not have is an error wherever a list is at hand', () => {
  const TYPO = `Hallo {{subscriber.first_nam}},\n\nschön, dass Sie da sind.`;
  const ERROR = 'issues/2021-01.de.yaml:5:9: "subscriber.first_nam" is not a column of readers.csv nor a reader field: it would be empty in every mail';
  const HINT = '  hint: did you mean "subscriber.first_name"? the list\'s columns are E-Mail, Vorname, Nachname, Anrede, Organisation, constructor; every list also knows name, first_name, last_name, salutation, language, email';

  test.each([
    ['check --to', ['check', 'issues/2021-01.de.yaml', '--to', 'readers.csv']],
    ['send --dry-run', ['send', 'issues/2021-01.de.yaml', '--to', 'readers.csv', '--dry-run']],
    ['send --test', ['send', 'issues/2021-01.de.yaml', '--to', 'readers.csv', '--test', 'me@example.org', '--outbox', 'out']],
    ['send', ['send', 'issues/2021-01.de.yaml', '--to', 'readers.csv', '--outbox', 'out', '--yes']],
  ])('%s: file:line:col, a did-you-mean, exit 1, nothing sent', async (_what, args) => {
    const dir = make(TYPO);
    const result = await cli(dir, args);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${ERROR}\n${HINT}`);
    expect(readdirSync(dir)).not.toContain('out');
  });

  test('without a list, validate and check still pass: any column may exist', async () => {
    const dir = make(TYPO);
    expect((await cli(dir, ['validate', 'issues/2021-01.de.yaml'])).code).toBe(0);
  });

  test('preview --to shows the error on the page instead of a mail', async () => {
    const dir = make(TYPO);
    const child = spawn(process.execPath, [cliPath, 'preview', 'issues/2021-01.de.yaml', '--to', 'readers.csv', '--port', '0', '--no-open'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', NEWSLETTER_SECRET: '' },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!/Preview: (\S+)/.test(stdout) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      const url = /Preview: (\S+)/.exec(stdout)![1];
      const body = await new Promise<string>((resolve, reject) => {
        request(`${url}api/state`, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d));
          res.on('end', () => resolve(text));
        })
          .on('error', reject)
          .end();
      });
      const state = JSON.parse(body);
      expect(state.ok).toBe(false);
      expect(state.problems).toContainEqual(expect.objectContaining({ file: 'issues/2021-01.de.yaml', line: 5, column: 9, severity: 'error', message: expect.stringContaining('"subscriber.first_nam" is not a column of readers.csv') }));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test('a field some readers leave empty is a warning with the count; the mail has no double space and no space before the comma', async () => {
    const dir = make(`Hallo {{subscriber.first_name}},\n\nschön, dass Sie {{subscriber.organisation}} vertreten. Abteilung {{subscriber.constructor}}, danke.`);
    const check = await cli(dir, ['check', 'issues/2021-01.de.yaml', '--to', 'readers.csv']);
    expect(check.stderr).toContain('issues/2021-01.de.yaml:7:19: warning: "subscriber.organisation" is empty for 1 of 3 de readers of readers.csv: they see nothing there');
    expect(check.stderr).toContain('issues/2021-01.de.yaml:7:68: warning: "subscriber.constructor" is empty for 1 of 3 de readers of readers.csv');
    expect(check.stderr).not.toContain('first_name');

    const send = await cli(dir, ['send', 'issues/2021-01.de.yaml', '--to', 'readers.csv', '--outbox', 'out']);
    expect(send.code).toBe(0);
    expect(send.stderr).toContain('warning: "subscriber.organisation" is empty for 1 of 3 de readers');
    const texts = await sentTexts(join(dir, 'out'));
    expect(texts['anna@example.org']).toContain('schön, dass Sie Stadt Bonn vertreten. Abteilung Bauamt, danke.');
    expect(texts['jonas@example.org']).toContain('schön, dass Sie vertreten. Abteilung Kämmerei, danke.');
    expect(texts['kim@example.org']).toContain('schön, dass Sie Stadt Trier vertreten. Abteilung, danke.');
  });
});

describe('greetings chosen by a reader\'s field', () => {
  test('Frau, Herr or neither: each reader gets the right German greeting in subject, HTML and text', async () => {
    const dir = make(`${GREETING}\n\n{{#if subscriber.organisation}}Grüße an {{subscriber.organisation}}!{{else}}Schön, dass Sie dabei sind.{{/if}}`);
    expect((await cli(dir, ['validate', 'issues/2021-01.de.yaml'])).code).toBe(0);
    const check = await cli(dir, ['check', 'issues/2021-01.de.yaml', '--to', 'readers.csv']);
    // last_name and organisation are shown only where their condition holds: no warning
    expect(check.stderr).not.toMatch(/subscriber\.(last_name|organisation)/);
    const send = await cli(dir, ['send', 'issues/2021-01.de.yaml', '--to', 'readers.csv', '--outbox', 'out']);
    expect(send.code).toBe(0);
    const texts = await sentTexts(join(dir, 'out'));
    expect(texts['anna@example.org']).toMatch(/^Neues für Anna\n[\s\S]*Sehr geehrte Frau Schmidt,\n\nGrüße an Stadt Bonn!/);
    expect(texts['jonas@example.org']).toMatch(/Sehr geehrter Herr Weber,\n\nSchön, dass Sie dabei sind\./);
    expect(texts['kim@example.org']).toMatch(/Guten Tag Kim,\n\nGrüße an Stadt Trier!/);
    for (const text of Object.values(texts)) expect(text).not.toMatch(/\{\{|nlslot|Liebe /);
    const html = readFileSync(join(dir, 'out', readdirSync(join(dir, 'out')).find((f) => f.includes('jonas'))!), 'utf8');
    expect(html).not.toContain('Sehr geehrte Frau');
  });

  test.each([
    ['an unclosed block', `{{#if subscriber.first_name}}Hallo {{subscriber.first_name}},\n\nText.`, 'issues/2021-01.de.yaml:5:3: "{{#if subscriber.first_name}}" is not closed: add {{/if}} where its text ends'],
    ['#each', `{{#each subscriber}}x{{/each}}`, 'issues/2021-01.de.yaml:5:3: "{{#each}}" cannot be used in content: only {{#if}} blocks on a reader\'s fields are allowed'],
    ['lookup', `{{lookup subscriber "email"}}`, 'issues/2021-01.de.yaml:5:3: "{{lookup subscriber "email"}}" reaches beyond the reader\'s own fields'],
    ['a partial', `{{> footer}}`, 'issues/2021-01.de.yaml:5:3: partials ({{> …}}) cannot be used in content'],
    ['a condition on the theme\'s data', `{{#if t.imprint}}x{{/if}}`, 'issues/2021-01.de.yaml:5:3: the condition in "{{#if t.imprint}}" must be subscriber.<field> or (eq subscriber.<field> "text")'],
    ['a stray else', `Hallo{{else}}`, 'issues/2021-01.de.yaml:5:8: "{{else}}" without an "{{#if …}}" before it'],
  ])('%s is a located error', async (_what, intro, expected) => {
    const dir = make(intro);
    const result = await cli(dir, ['validate', 'issues/2021-01.de.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(expected);
  });
});

describe('{{subscriber.constructor}} is a field like any other', () => {
  test('build does not crash, and a CSV column named constructor fills it', async () => {
    const dir = make(`Abteilung: {{subscriber.constructor "keine"}}.`);
    const build = await cli(dir, ['build', 'issues/2021-01.de.yaml']);
    expect(hasStackTrace(build.stderr)).toBe(false);
    expect(build.code).toBe(0);
    expect(readFileSync(join(dir, 'dist', '2021-01', 'de', 'index.txt'), 'utf8')).toContain('Abteilung: keine.');
    const send = await cli(dir, ['send', 'issues/2021-01.de.yaml', '--to', 'readers.csv', '--outbox', 'out']);
    expect(send.code).toBe(0);
    const texts = await sentTexts(join(dir, 'out'));
    expect(texts['anna@example.org']).toContain('Abteilung: Bauamt.');
    expect(texts['kim@example.org']).toContain('Abteilung: keine.');
  });
});

describe('one link policy for both parts of the mail and every way Markdown writes a link', () => {
  test.each([
    ['reference-style', 'Hier [klicken][r].\n\n[r]: javascript:alert(1)', 'issues/2021-01.de.yaml:5:8: a link in "intro" uses "javascript:"'],
    ['entity-encoded', '[klicken](javascript&#58;alert(1))', 'issues/2021-01.de.yaml:5:3: a link in "intro" uses "javascript:"'],
    ['an autolink', '<javascript:alert(1)>', 'issues/2021-01.de.yaml:5:3: a link in "intro" uses "javascript:"'],
  ])('validate refuses a javascript: link written %s', async (_what, intro, expected) => {
    const dir = make(intro);
    const result = await cli(dir, ['validate', 'issues/2021-01.de.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${expected}; only https:, http:, mailto: or tel: links are allowed`);
  });

  test('a javascript: value from a CSV column reaches neither the HTML nor the plain-text part; tel: does', async () => {
    const dir = make('[Ihr Profil]({{subscriber.constructor}}) · [Anrufen](tel:+4930123456)');
    writeFileSync(join(dir, 'readers.csv'), 'email,constructor\nanna@example.org,javascript:alert(1)\nkim@example.org,https://example.org/kim\n');
    const send = await cli(dir, ['send', 'issues/2021-01.de.yaml', '--to', 'readers.csv', '--outbox', 'out']);
    expect(send.code).toBe(0);
    const texts = await sentTexts(join(dir, 'out'));
    const raw = readdirSync(join(dir, 'out')).map((f) => readFileSync(join(dir, 'out', f), 'utf8')).join('\n');
    expect(raw).not.toMatch(/javascript/i);
    expect(texts['anna@example.org']).toContain('Ihr Profil · Anrufen <tel:+4930123456>');
    expect(texts['kim@example.org']).toContain('Ihr Profil <https://example.org/kim>');
    expect(texts['anna@example.org']).toContain('Anrufen <tel:+4930123456>');
  });
});
