import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { hasStackTrace, repoRoot } from '../helpers/cli.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { keyringFromSecrets } from '../../src/unsubscribe/keyring.js';
import { openUnsubscribeToken } from '../../src/unsubscribe/token.js';
import { EXPECTED_LANG, ISSUE, SECRET, exampleProject, newsletter } from '../helpers/send-fixtures.js';

const keyring = keyringFromSecrets(SECRET);

/** Header lines of a raw message, continuation lines joined. */
const headerLines = (raw: Buffer) => raw.toString('utf8').split('\r\n\r\n')[0].split(/\r\n(?![ \t])/);
const count = (lines: string[], name: string) => lines.filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)).length;

describe('newsletter send through SMTP', () => {
  // each test has its own project and server: any one of them runs alone, in any order
  let sink: SmtpSink;
  let dir: string;

  beforeEach(async () => {
    sink = await startSmtpSink();
    dir = exampleProject();
  });
  afterEach(async () => {
    await sink.close();
  });

  /** The real send to every reader of readers.csv. */
  const sendToAll = () => newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--json']);

  test('a dry run says who would get what and sends and journals nothing', async () => {
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('would go to 4 readers through smtp://127.0.0.1:');
    expect(result.stdout).toMatch(/de: 2 \(anna@example\.org, carla@example\.org\)/);
    expect(result.stdout).toMatch(/en: 2 \(ben@example\.org, dan@example\.org\)/);
    expect(result.stdout).toContain('skipped: invalid address 1, duplicate 1');
    expect(result.stdout).toContain('line 5: not-an-address');
    expect(sink.messages).toHaveLength(0);
    const status = await newsletter(dir, ['status', ISSUE, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ issue: '2020-12-nr34', recipients: 0, sent: 0, destinations: [] });
  });

  test('without a terminal and without --yes it refuses, naming --yes, and sends nothing', async () => {
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: not sending to 4 readers without a confirmation, and there is no terminal to ask on');
    expect(result.stderr).toContain('--yes');
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(sink.messages).toHaveLength(0);
  });

  test('--test sends the real mail marked [TEST] to those addresses only, outside the journal', async () => {
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--test', 'editor@example.org', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ test: true, sent: 2, failed: 0 });
    expect(sink.messages.map((m) => m.to)).toEqual([['editor@example.org'], ['editor@example.org']]);
    const subjects = await Promise.all(sink.messages.map(async (m) => (await simpleParser(m.raw)).subject));
    expect(subjects).toEqual([
      '[TEST] Städte im Dialog Nr. 34: Was 2020 trotz Abstand möglich war',
      '[TEST] Cities in Dialogue No. 34: What 2020 made possible despite the distance',
    ]);
    const status = await newsletter(dir, ['status', ISSUE, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ recipients: 0, destinations: [] });
  });

  test('every reader gets exactly one copy, in their language, with their own unsubscribe link', async () => {
    const result = await sendToAll();
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      issue: '2020-12-nr34',
      recipients: 4,
      sent: 4,
      failed: 0,
      unknown: 0,
      pending: 0,
      skipped: { invalid: 1, duplicate: 1, unsubscribed: 0, already_sent: 0 },
    });
    expect(Object.fromEntries(sink.copiesByRecipient())).toEqual({ 'anna@example.org': 1, 'ben@example.org': 1, 'carla@example.org': 1, 'dan@example.org': 1 });

    const links = new Set<string>();
    for (const received of sink.messages) {
      const email = received.to[0];
      const lines = headerLines(received.raw);
      for (const name of ['List-Unsubscribe', 'List-Unsubscribe-Post', 'List-Id', 'Message-ID', 'Date', 'From', 'To', 'Subject']) expect([email, name, count(lines, name)]).toEqual([email, name, 1]);
      const mail = await simpleParser(received.raw);
      expect([email, mail.headers.get('content-language')]).toEqual([email, EXPECTED_LANG[email]]);
      const link = /^List-Unsubscribe: <([^>]+)>/m.exec(lines.join('\n'))![1];
      expect(openUnsubscribeToken(keyring, link.split('/u/')[1])).toMatchObject({ email, lang: EXPECTED_LANG[email] });
      expect(mail.text).toContain(link);
      expect(mail.html).toContain(link);
      expect(received.messageId).toMatch(/@example\.org>$/);
      links.add(link);
    }
    expect(links.size).toBe(4);
    const ben = await simpleParser(sink.received('ben@example.org')[0].raw);
    expect(ben.text).toContain('Hello Ben,');
  });

  test('the same command again sends nothing and says so', async () => {
    expect((await sendToAll()).code).toBe(0);
    const before = sink.messages.length;
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing to send: all 4 readers of readers.csv that can get 2020-12-nr34 already got it');
    expect(sink.messages.length).toBe(before);
  });

  test('status reads the journal of that server', async () => {
    expect((await sendToAll()).code).toBe(0);
    const result = await newsletter(dir, ['status', ISSUE, '--json']);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status).toMatchObject({ issue: '2020-12-nr34', recipients: 4, sent: 4, failed: 0, unknown: 0, pending: 0 });
    expect(status.destination).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    const text = await newsletter(dir, ['status', 'issues/2020-12-nr34.en.yaml']);
    expect(text.stdout).toMatch(/2020-12-nr34 → smtp:\/\/127\.0\.0\.1:\d+\n {2}readers {3}4\n {2}sent {6}4/);
  });
});

describe('newsletter send --dry-run and the list\'s languages', () => {
  test('a language value the config does not know is listed with its count and lines (it would get the default)', async () => {
    const dir = exampleProject(['email,language', 'anna@example.org,de', 'ben@example.org,Englisch', 'carla@example.org,pt-BR', 'dan@example.org,Englisch', ''].join('\n'));
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      ['unknown language (mailed in the default, de): 3 rows', '  "Englisch": 2 rows (lines 3, 5)', '  "pt-BR": 1 row (line 4)'].join('\n'),
    );
    const json = JSON.parse((await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--dry-run', '--json'])).stdout);
    expect(json.unknownLanguages).toEqual([
      { value: 'Englisch', count: 2, lines: [3, 5] },
      { value: 'pt-BR', count: 1, lines: [4] },
    ]);
  });
});

describe('newsletter send when things go wrong', () => {
  test('a broken theme: the render worker reports located problems, exit 1, nothing sent', async () => {
    // the compiled CLI renders in its worker thread: the test reaches it only when the worker is built
    expect(existsSync(join(repoRoot, 'lib', 'cli', 'send-render-worker.js'))).toBe(true);
    const sink = await startSmtpSink();
    const dir = exampleProject();
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'templates', 'masthead.hbs'), '<mj-section>\n  <mj-column>\n    <mj-bogus />\n    <mj-text>{{name}}</mj-text>\n  </mj-column>\n</mj-section>\n');
    try {
      const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/templates\/masthead\.hbs:3:\d+: MJML: Element mj-bogus doesn't exist or is not registered/);
      expect(result.stderr).toContain('error: the theme produced MJML that does not validate (2020-12-nr34, de)');
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect(sink.messages).toHaveLength(0);
      const status = await newsletter(dir, ['status', ISSUE, '--json']);
      expect(JSON.parse(status.stdout)).toMatchObject({ recipients: 0, destinations: [] });
    } finally {
      await sink.close();
    }
  });

  test('a hard bounce fails that reader, suppresses the address, and the next run skips it as bounced', async () => {
    const sink = await startSmtpSink({ rules: [{ to: 'ben@example.org', at: 'RCPT TO', reply: '550 5.1.1 <ben@example.org>: no such user' }] });
    const dir = exampleProject();
    try {
      const first = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes']);
      expect(first.code).toBe(1);
      expect(first.stdout).toMatch(/sent {6}3/);
      expect(first.stdout).toContain('failed    1 (1 hard bounce: added to the suppression list as bounced)');
      expect(first.stdout).toContain('550 5.1.1 <ben@example.org>: no such user');
      const second = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--json']);
      expect(JSON.parse(second.stdout)).toMatchObject({ recipients: 0, skipped: { bounced: 1, already_sent: 3 } });
      expect(sink.copiesTo('ben@example.org')).toBe(0);
    } finally {
      await sink.close();
    }
  });

  test('failures are grouped by reply code and enhanced status, with one example each, and the report ends with the next step', async () => {
    const sink = await startSmtpSink({
      rules: [
        // each reply names its own address, as servers do: grouping must not split on it
        ...[1, 2, 3, 4, 5].map((i) => ({ to: `gone${i}@example.org`, at: 'RCPT TO' as const, reply: `550 5.1.1 <gone${i}@example.org>: no such user here` })),
        { to: /^blocked\d@/, at: 'RCPT TO', reply: '554 5.7.1 relay access denied for this recipient' },
      ],
    });
    const rows = ['email,language', 'ok1@example.org,en', 'gone1@example.org,en', 'gone2@example.org,de', 'blocked1@example.org,en', 'gone3@example.org,en', 'gone4@example.org,de', 'blocked2@example.org,de', 'gone5@example.org,en', ''];
    const dir = exampleProject(rows.join('\n'));
    try {
      // one connection: the first failure of each group is the example, in list order
      const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--concurrency', '1'], { NEWSLETTER_SKIP_URL_CHECK: '1' });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        [
          '  failed    7 (5 hard bounces: added to the suppression list as bounced)',
          '            5 × 550 5.1.1, e.g. 550 5.1.1 <gone1@example.org>: no such user here',
          '            2 × 554 5.7.1, e.g. 554 5.7.1 relay access denied for this recipient',
        ].join('\n'),
      );
      expect(result.stdout).toContain('5 hard bounces (the mailbox does not exist): on the suppression list now, never mailed again;');
      expect(result.stdout).toMatch(/2 readers refused for the reasons above: fix the cause, then run the same command again; it tries them once more: newsletter send \S+ --to readers\.csv/);
      expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^2 readers refused for the reasons above/);
      const json = JSON.parse((await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--json'], { NEWSLETTER_SKIP_URL_CHECK: '1' })).stdout);
      expect(json.failureReasons).toEqual([{ code: '554 5.7.1', count: 2, example: '554 5.7.1 relay access denied for this recipient' }]);
    } finally {
      await sink.close();
    }
  });

  test('without a terminal a long send says how far it is on stderr every few seconds', async () => {
    // 40 readers on one connection, each answered after 150 ms: at least 6 s, more than one interval (5 s)
    const sink = await startSmtpSink({ replyDelayMs: 150 });
    const rows = ['email,language', ...Array.from({ length: 40 }, (_, i) => `reader${i}@example.org,en`), ''];
    const dir = exampleProject(rows.join('\n'));
    try {
      const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--concurrency', '1'], { NEWSLETTER_SKIP_URL_CHECK: '1' });
      expect(result.code).toBe(0);
      const lines = result.stderr.split('\n').filter((line) => line.startsWith('progress: '));
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines[0]).toMatch(/^progress: \d+ of 40 \(\d+%\), sent \d+, failed 0, [\d.]+\/s(, about \d+ (s|min) left)?$/);
      expect(result.stdout).not.toContain('progress:');
    } finally {
      await sink.close();
    }
  });

  test('a reply lost after the message went out is unknown, not resent, and --resend-unknown settles it with the same Message-ID', async () => {
    const sink = await startSmtpSink({ rules: [{ to: 'dan@example.org', at: 'MESSAGE', drop: true, deliver: true, times: 1 }] });
    const dir = exampleProject();
    try {
      const first = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--json']);
      expect(first.code).toBe(1);
      expect(JSON.parse(first.stdout)).toMatchObject({ sent: 3, unknown: 1 });
      const firstId = sink.received('dan@example.org')[0].messageId;

      const again = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes']);
      expect(again.code).toBe(1);
      expect(again.stdout).toContain('1 reader has an unknown outcome');
      expect(again.stdout).toContain('--resend-unknown');
      expect(sink.copiesTo('dan@example.org')).toBe(1);

      const settle = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--resend-unknown', '--json']);
      expect(settle.code).toBe(0);
      expect(JSON.parse(settle.stdout)).toMatchObject({ sent: 1, unknown: 0 });
      expect(sink.received('dan@example.org').map((m) => m.messageId)).toEqual([firstId, firstId]);
      expect(sink.copiesTo('anna@example.org')).toBe(1);
    } finally {
      await sink.close();
    }
  });

  test('an unreachable server: exit 1 with a clear message and no stack trace, nothing journaled', async () => {
    const sink = await startSmtpSink();
    const url = sink.url;
    await sink.close();
    const dir = exampleProject();
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', url, '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: could not reach the SMTP server ${url}`);
    expect(result.stderr).toContain('nothing was sent');
    expect(hasStackTrace(result.stderr)).toBe(false);
    const status = await newsletter(dir, ['status', ISSUE, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ sent: 0 });
  });

  test('SMTP without NEWSLETTER_SECRET is refused with how to make one', async () => {
    const sink = await startSmtpSink();
    try {
      const result = await newsletter(exampleProject(), ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes'], { NEWSLETTER_SECRET: undefined });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('error: NEWSLETTER_SECRET is not set');
      expect(result.stderr).toContain('openssl rand -base64 32');
      expect(sink.messages).toHaveLength(0);
    } finally {
      await sink.close();
    }
  });

  test('a password in the server URL never shows in the output', async () => {
    const sink = await startSmtpSink({ auth: { user: 'editor', pass: 's3cret-pass' } });
    try {
      const url = sink.url.replace('s3cret-pass', 'wrong-pass');
      const result = await newsletter(exampleProject(), ['send', ISSUE, '--to', 'readers.csv', '--smtp', url, '--yes']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('could not log in to the SMTP server');
      expect(result.stdout + result.stderr).not.toContain('wrong-pass');
    } finally {
      await sink.close();
    }
  });
});

describe('newsletter send without a server', () => {
  test('writes .eml files into outbox/<id>/ beside the config and says so; the dev key is allowed', async () => {
    const dir = exampleProject();
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv'], { NEWSLETTER_SECRET: undefined });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`No SMTP server is configured: writing 4 messages as .eml files into ${join(dir, 'outbox', '2020-12-nr34')}`);
    expect(result.stderr).toContain('development key');
    const files = readdirSync(join(dir, 'outbox', '2020-12-nr34')).sort();
    expect(files).toHaveLength(4);
    expect(files.every((f) => f.endsWith('.eml'))).toBe(true);
    const mail = await simpleParser(readFileSync(join(dir, 'outbox', '2020-12-nr34', files.find((f) => f.startsWith('carla'))!)));
    expect(mail.subject).toBe('Städte im Dialog Nr. 34: Was 2020 trotz Abstand möglich war');
    // the outbox journal is not a server's: a dry run against a server still plans everyone
    const dry = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', 'smtp://127.0.0.1:9', '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ recipients: 4, skipped: { already_sent: 0 } });
  });
});
