/**
 * `send --test ME --as READER` (issue 12, item 15): the reader's personalised mail, in their
 * language, goes to ME and nobody else, marked as a test; its unsubscribe link and
 * List-Unsubscribe unsubscribe ME, never the reader. A test to a suppressed address is refused.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { hasStackTrace } from '../helpers/cli.js';
import { servesStoppedAfterEach } from '../helpers/serve.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, SECRET, exampleProject, newsletter } from '../helpers/send-fixtures.js';

const ME = 'me@example.org';
const csv = ['email,first_name,language', 'anna@example.org,Anna,de', 'ben@example.org,Ben,en', ''].join('\n');
const startServe = servesStoppedAfterEach();

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(() => {
  sink.messages.length = 0;
});

const suppressedOf = async (dir: string): Promise<string[]> => JSON.parse((await newsletter(dir, ['subscribers', 'suppressed', '--json'])).stdout).entries.map((e: { email: string }) => e.email);

describe('send --test ME --as READER', () => {
  let dir: string;
  let mail: ParsedMail;
  let result: Awaited<ReturnType<typeof newsletter>>;
  let received: SinkMessage[];
  beforeAll(async () => {
    dir = exampleProject(csv);
    result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--test', ME, '--as', 'anna@example.org']);
    received = [...sink.messages];
    mail = await simpleParser(received[0]?.raw ?? Buffer.alloc(0));
  });

  test('one message, handed over for ME only, with Anna\'s fields in Anna\'s language, marked as a test', () => {
    expect(result.code).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual([ME]);
    expect(result.stdout).toContain(`sent [TEST] de → ${ME} (as anna@example.org): 250`);
    expect(mail.subject).toMatch(/^\[TEST\] /);
    expect(mail.headers.get('content-language')).toBe('de');
    expect(mail.text).toContain('Guten Tag, Anna,');
    expect((mail.to as { value: { address: string }[] }).value.map((v) => v.address)).toEqual([ME]);
    // Anna's address is nowhere in the header block: no reply, forward or bounce finds its way to her
    expect(received[0].raw.toString('latin1').split('\r\n\r\n')[0]).not.toContain('anna@example.org');
  });

  test('its one-click List-Unsubscribe and its link unsubscribe ME, never Anna', async () => {
    const listUnsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r\n[ \t]+/g, ' ');
    const link = /<(https:\/\/[^>]+\/u\/[^>]+)>/.exec(listUnsubscribe)![1];
    expect(mail.html).toContain(link);
    const token = new URL(link).pathname.split('/u/')[1];
    const endpoint = await startServe(dir, [], { NEWSLETTER_SECRET: SECRET });
    const answer = await fetch(`${endpoint.url}/u/${token}`, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }), redirect: 'manual' });
    expect(answer.status).toBeLessThan(300);
    endpoint.child.kill('SIGTERM');
    await endpoint.exit;
    expect(await suppressedOf(dir)).toEqual([ME]);
  });
});

test('--as names no reader of the list: a did-you-mean, exit 1, nothing sent', async () => {
  const dir = exampleProject(csv);
  const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--test', ME, '--as', 'anne@example.org']);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('error: --as anne@example.org: no reader of readers.csv has this address; nothing was sent');
  expect(result.stderr).toContain('hint: did you mean anna@example.org?');
  expect(hasStackTrace(result.stderr)).toBe(false);
  expect(sink.messages).toHaveLength(0);

  const far = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--test', ME, '--as', 'zacharias@elsewhere.net']);
  expect(far.code).toBe(1);
  expect(far.stderr).not.toContain('did you mean');
});

test('--as without --test is a usage error', async () => {
  const dir = exampleProject(csv);
  const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--as', 'anna@example.org', '--yes']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--as picks whose mail a test shows: use it with --test ADDRESS');
  expect(sink.messages).toHaveLength(0);
});

describe('a test to an address on the suppression list', () => {
  test('is refused with the reason, the date and the way back; with nothing else to send, exit 1', async () => {
    const dir = exampleProject(csv);
    expect((await newsletter(dir, ['unsubscribe', ME])).code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--test', ME, '--as', 'anna@example.org']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`warning: not sending the test to ${ME}: it is on the suppression list since ${today} (manual: by-hand, list newsletter.example.org). If that is a mistake, "newsletter subscribers restore ${ME}" takes it off`);
    expect(result.stdout).toContain('Nothing was sent: every test address is on the suppression list.');
    expect(sink.messages).toHaveLength(0);
  });

  test('the other test addresses still get theirs; --json lists the refused one', async () => {
    const dir = exampleProject(csv);
    expect((await newsletter(dir, ['unsubscribe', ME])).code).toBe(0);
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--test', ME, 'you@example.org', '--json']);
    expect(result.code).toBe(0);
    expect(sink.messages.flatMap((m) => m.to)).toEqual(['you@example.org', 'you@example.org']); // de and en
    expect(JSON.parse(result.stdout)).toMatchObject({ test: true, sent: 2, refused: [{ email: ME, reason: 'by-hand', since: expect.any(String) }] });
  });

  test('an --as reader who unsubscribed still has their mail shown to the tester, with a note', async () => {
    const dir = exampleProject(csv);
    expect((await newsletter(dir, ['unsubscribe', 'anna@example.org'])).code).toBe(0);
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--test', ME, '--as', 'anna@example.org']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: anna@example.org is on the suppression list since');
    expect(sink.messages.map((m) => m.to)).toEqual([[ME]]);
  });
});
