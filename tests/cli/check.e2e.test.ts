import { join } from 'node:path';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { writeProject } from '../helpers/issue-project.js';

const URL_CHECK_SKIPPED = 'note: URL check skipped (NEWSLETTER_SKIP_URL_CHECK): whether https://news.staedtenetz.de serves the unsubscribe links and images was not checked\n';

const SECRET = 'tANcEI2XjM+GcpJlp562k/vcQ8oq+pm55TQDGavAQfc=';
const CONFIG = `name: Städtenetz
from: "Städtenetz <news@staedtenetz.de>"
base_url: https://news.staedtenetz.de
languages: [de]
list_id: news.staedtenetz.de
`;
const ISSUE = `number: 34
date: 2020-12-01
subject: Hallo
preheader: Was 2020 geschah
review:
  - title: Workshop
`;

describe('newsletter check', () => {
  test('a ready issue: exit 0, only the verdict printed', async () => {
    const dir = writeProject({ 'newsletter.config.yaml': CONFIG, 'issues/a.de.yaml': ISSUE });
    const result = await runCli(['check', 'issues/a.de.yaml'], { cwd: dir, env: { NEWSLETTER_SECRET: SECRET } });
    // the URL check is off in tests (no network): it says so, and nothing else is said
    expect(result.stderr).toBe(URL_CHECK_SKIPPED);
    expect(result.stdout).toBe('issues/a.de.yaml: ready to send\n');
    expect(result.code).toBe(0);
  });

  test('config readiness: http base_url, no list_id, no secret; exit 1 with every reason', async () => {
    const dir = writeProject({
      'newsletter.config.yaml': CONFIG.replace('https://', 'http://').replace(/list_id:.*\n/, ''),
      'issues/a.de.yaml': ISSUE,
    });
    const result = await runCli(['check', 'issues/a.de.yaml', '--json'], { cwd: dir, env: { NEWSLETTER_SECRET: '' } });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; problems: { file: string; line: number; message: string; severity: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => `${p.file}:${p.line}: ${p.severity}: ${p.message}`)).toEqual([
      'newsletter.config.yaml:3: error: "base_url" must be an https:// address before sending, found "http://news.staedtenetz.de"',
      'newsletter.config.yaml:1: warning: "list_id" is not set; the List-Id header will use "news.staedtenetz.de"',
      'environment:0: error: NEWSLETTER_SECRET is not set: it keys the unsubscribe links',
    ]);
  });

  test('warnings pass, --strict fails on them', async () => {
    const dir = writeProject({ 'newsletter.config.yaml': CONFIG, 'issues/a.de.yaml': ISSUE.replace(/preheader:.*\n/, '') });
    const env = { NEWSLETTER_SECRET: SECRET };
    const lenient = await runCli(['check', 'issues/a.de.yaml'], { cwd: dir, env });
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('issues/a.de.yaml:1:1: warning: no "preheader": inbox lists will show the first words of the de mail instead');
    const strict = await runCli(['check', '--strict', 'issues/a.de.yaml'], { cwd: dir, env });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('issues/a.de.yaml: not ready to send: 0 errors, 1 warning (--strict counts warnings)\n');
  });

  test('validation errors come first and stop the render; no stack trace', async () => {
    const dir = writeProject({ 'newsletter.config.yaml': CONFIG, 'issues/a.de.yaml': `${ISSUE}    link: javascript:x\n` });
    const result = await runCli(['check', 'issues/a.de.yaml'], { cwd: dir, env: { NEWSLETTER_SECRET: SECRET } });
    expect(result.code).toBe(1);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.stderr).toBe(
      URL_CHECK_SKIPPED + 'issues/a.de.yaml:7:11: "link" must not be a javascript: link (mail clients block them and they are unsafe); use an https:// address\n',
    );
  });

  test('a huge issue is warned about Gmail clipping', async () => {
    const body = 'Ein langer Absatz über kommunale Zusammenarbeit. '.repeat(60);
    const items = Array.from({ length: 60 }, (_, i) => `  - title: Punkt ${i + 1}\n    body: "${body}"\n`).join('');
    const dir = writeProject({ 'newsletter.config.yaml': CONFIG, 'issues/a.de.yaml': `${ISSUE}${items}` });
    const result = await runCli(['check', 'issues/a.de.yaml', '--json'], { cwd: dir, env: { NEWSLETTER_SECRET: SECRET } });
    const report = JSON.parse(result.stdout) as { ok: boolean; problems: { message: string }[] };
    expect(report.problems.map((p) => p.message).join('\n')).toMatch(/the de mail's HTML is \d+\.\d KB: Gmail clips mails above about 102\.0 KB/);
    expect(result.code).toBe(0);
  });

  test('the theme is rendered: a broken template of the project is reported where it is', async () => {
    const dir = writeProject({
      'newsletter.config.yaml': CONFIG,
      'issues/a.de.yaml': ISSUE,
      'templates/footer.hbs': '<mj-section>\n  <mj-column>\n    <mj-texte>oops</mj-texte>\n  </mj-column>\n</mj-section>\n',
    });
    const result = await runCli(['check', 'issues/a.de.yaml'], { cwd: dir, env: { NEWSLETTER_SECRET: SECRET } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^templates\/footer\.hbs:3:1: MJML: Element mj-texte doesn't exist or is not registered/m);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  test('no config: not ready, with the hint to run init', async () => {
    const dir = writeProject({ 'issues/a.de.yaml': ISSUE });
    const result = await runCli(['check', 'issues/a.de.yaml'], { cwd: dir, env: { NEWSLETTER_SECRET: SECRET } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('newsletter.config.yaml: no newsletter.config.yaml here or in a parent folder: an issue cannot be sent without one\n  hint: run "newsletter init"');
  });
});
