import { hasStackTrace } from '../helpers/cli.js';
import { startDovecot, type DovecotServer } from '../helpers/dovecot.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, newsletter } from '../helpers/send-fixtures.js';
import { EXPECTED, READERS, STRANGER, bounceProject, scenarioMessages, sendScenario } from '../helpers/bounce-scenario.js';
import { PROCESSED_KEYWORD } from '../../src/bounces/sources/imap.js';

const subjectOf = (raw: Buffer) => /^Subject: (.*)$/m.exec(raw.toString('latin1'))?.[1].trim();

describe('newsletter bounces from an IMAP mailbox (a real Dovecot)', () => {
  let imap: DovecotServer;
  let relay: SmtpSink;
  let nextRelay: SmtpSink;
  beforeAll(async () => {
    [imap, relay, nextRelay] = await Promise.all([startDovecot(), startSmtpSink(), startSmtpSink()]);
  });
  afterAll(async () => {
    await Promise.all([imap?.stop(), relay?.close(), nextRelay?.close()]);
  });

  test('suppresses exactly the hard bounces, the complaint and the mailto unsubscriber; leaves the rest; a second run changes nothing; the next send skips them; the report agrees', async () => {
    const dir = bounceProject();
    const sent = await sendScenario(dir, relay);
    expect(sent.size).toBe(Object.keys(READERS).length);
    for (const raw of scenarioMessages(sent)) await imap.append(raw);

    const dry = await newsletter(dir, ['bounces', '--imap', imap.url, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dry_run: true, read: 12, counts: EXPECTED.counts, changed: 0, moved: 0 });
    expect((await imap.list()).every((m) => m.flags.length === 0)).toBe(true);
    expect(JSON.parse((await newsletter(dir, ['subscribers', 'suppressed', '--json'])).stdout).count).toBe(0);

    const first = await newsletter(dir, ['bounces', '--imap', imap.url]);
    expect(hasStackTrace(first.stderr)).toBe(false);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Read 12 messages from imap://newsletter@127.0.0.1:');
    expect(first.stdout).not.toContain(imap.pass);
    expect(first.stdout).toMatch(/hard bounces\s+4/);
    expect(first.stdout).toMatch(/sender problems\s+1/);
    expect(first.stdout).toContain(`${READERS.policy}: 5.7.1`);
    expect(first.stdout).toContain('Moved 9 processed messages to newsletter-processed.');

    const suppressed = JSON.parse((await newsletter(dir, ['subscribers', 'suppressed', '--json'])).stdout);
    expect(Object.fromEntries(suppressed.entries.map((e: { email: string; reason: string }) => [e.email, e.reason]))).toEqual(EXPECTED.suppressed);
    expect(suppressed.entries.map((e: { email: string }) => e.email)).not.toContain(STRANGER);

    const inbox = await imap.list();
    expect(inbox.map((m) => subjectOf(m.raw)).sort()).toEqual([...EXPECTED.untouched].sort());
    expect(inbox.every((m) => m.flags.length === 0)).toBe(true);
    const processed = await imap.list('newsletter-processed');
    expect(processed).toHaveLength(9);
    expect(processed.every((m) => m.flags.includes('\\Seen') && m.flags.includes(PROCESSED_KEYWORD))).toBe(true);

    const second = await newsletter(dir, ['bounces', '--imap', imap.url, '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ read: 3, changed: 0, moved: 0, counts: { 'left-alone': 2, unmatched: 1 } });
    expect((await imap.list()).map((m) => m.flags)).toEqual([[], [], []]);
    expect(JSON.parse((await newsletter(dir, ['subscribers', 'suppressed', '--json'])).stdout).entries).toEqual(suppressed.entries);

    const next = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', nextRelay.url, '--yes', '--json']);
    expect(next.code).toBe(0);
    const mailed = nextRelay.messages.map((m) => m.to[0]).sort();
    expect(mailed).toEqual(Object.values(READERS).filter((r) => !(r in EXPECTED.suppressed)).sort());

    const report = JSON.parse((await newsletter(dir, ['report', ISSUE, '--json'])).stdout);
    const first_destination = report.destinations.find((d: { destination: string }) => d.destination.endsWith(`:${relay.port}`));
    expect(first_destination.total).toMatchObject({ sent: 12, failed: 0, unknown: 0, lateHard: 4, lateSoft: 1, lateBlocked: 1, delayed: 1, complaints: 1, unsubscribed: 1 });
    expect(first_destination.total.sent).toBe(relay.messages.length);
    expect(first_destination.rates).toMatchObject({ bounces: 33.333, complaints: 8.333 });
    expect(first_destination.warnings.map((w: { rate: string; severity: string }) => `${w.rate}:${w.severity}`).sort()).toEqual(['bounces:error', 'complaints:error']);
  });
});
