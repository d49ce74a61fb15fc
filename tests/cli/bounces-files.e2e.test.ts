import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { SECRET, newsletter } from '../helpers/send-fixtures.js';
import { EXPECTED, READERS, bounceProject, scenarioMessages, sendScenario } from '../helpers/bounce-scenario.js';

const suppressedOf = async (dir: string) =>
  Object.fromEntries(JSON.parse((await newsletter(dir, ['subscribers', 'suppressed', '--json'])).stdout).entries.map((e: { email: string; reason: string }) => [e.email, e.reason]));

describe('newsletter bounces from a Maildir, an mbox and standard input', () => {
  let relay: SmtpSink;
  let scratch: string;
  beforeAll(async () => {
    relay = await startSmtpSink();
    scratch = mkdtempSync(join(tmpdir(), 'newsletter-bounce-files-'));
  });
  afterAll(async () => {
    await relay.close();
    rmSync(scratch, { recursive: true, force: true });
  });
  beforeEach(() => {
    relay.messages.length = 0;
  });

  test('a Maildir: the same outcome; processed messages move to .newsletter-processed, the rest stay in new/ untouched', async () => {
    const dir = bounceProject();
    const messages = scenarioMessages(await sendScenario(dir, relay));
    const maildir = join(scratch, 'Maildir');
    for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
    messages.forEach((raw, i) => writeFileSync(join(maildir, 'new', `16068132${String(i).padStart(2, '0')}.M${i}P1.test`), raw));

    const first = await newsletter(dir, ['bounces', '--maildir', maildir, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ read: 12, counts: EXPECTED.counts, moved: 9 });
    expect(await suppressedOf(dir)).toEqual(EXPECTED.suppressed);
    const left = readdirSync(join(maildir, 'new')).sort();
    expect(left).toHaveLength(3);
    expect(left.map((name) => /^Subject: (.*)$/m.exec(readFileSync(join(maildir, 'new', name), 'latin1'))![1].trim()).sort()).toEqual([...EXPECTED.untouched].sort());
    expect(readdirSync(join(maildir, '.newsletter-processed', 'cur')).every((name) => name.endsWith(':2,S'))).toBe(true);

    const second = await newsletter(dir, ['bounces', '--maildir', maildir, '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ read: 3, changed: 0, moved: 0 });
  });

  test('an mbox: the same outcome, the file unchanged; a second run changes nothing', async () => {
    const dir = bounceProject();
    const messages = scenarioMessages(await sendScenario(dir, relay));
    const mbox = join(scratch, 'bounces.mbox');
    const text = messages.map((raw) => `From MAILER-DAEMON Tue Dec  1 10:00:00 2020\n${raw.toString('latin1').replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1')}\n`).join('');
    writeFileSync(mbox, text, 'latin1');

    const first = await newsletter(dir, ['bounces', '--mbox', mbox, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ read: 12, counts: EXPECTED.counts, moved: 0 });
    expect(await suppressedOf(dir)).toEqual(EXPECTED.suppressed);
    expect(readFileSync(mbox, 'latin1')).toBe(text);

    const second = await newsletter(dir, ['bounces', '--mbox', mbox, '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ read: 12, changed: 0, counts: EXPECTED.counts });
    expect(await suppressedOf(dir)).toEqual(EXPECTED.suppressed);
  });

  test('standard input, one message per call (as a mail server pipes them): the same outcome', async () => {
    const dir = bounceProject();
    const messages = scenarioMessages(await sendScenario(dir, relay));
    for (const raw of messages) {
      const result = await runCli(['bounces', '--stdin', '--json'], { cwd: dir, input: raw.toString('latin1'), env: { NEWSLETTER_SECRET: SECRET, NEWSLETTER_STATE_DIR: undefined } });
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).read).toBe(1);
    }
    expect(await suppressedOf(dir)).toEqual(EXPECTED.suppressed);
    expect(Object.keys(await suppressedOf(dir))).not.toContain(READERS.quiet);
  });
});
