import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canRunPostfix, startPostfix, type PostfixServer } from '../helpers/postfix.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';

const READERS = ['first@example.com', 'second@example.org', 'gone@example.com', 'full@example.net'];

/** Postfix's master must start as root; elsewhere this file has nothing to run. */
const maybe = canRunPostfix() ? describe : describe.skip;

maybe('newsletter bounces with genuine DSNs from a real Postfix', () => {
  let postfix: PostfixServer;
  let readersServer: SmtpSink;
  let returnPath: SmtpSink;
  let folder: string;
  beforeAll(async () => {
    [readersServer, returnPath] = await Promise.all([startSmtpSink(), startSmtpSink()]);
    readersServer.script({ to: 'gone@example.com', at: 'RCPT TO', reply: '550 5.1.1 <gone@example.com>: no such mailbox here' });
    readersServer.script({ to: 'full@example.net', at: 'RCPT TO', reply: '452 4.2.2 <full@example.net>: mailbox over quota' });
    postfix = await startPostfix({ relayPort: readersServer.port, bouncePort: returnPath.port, returnDomain: 'news.example.org', queueLifetimeS: 3 });
    folder = mkdtempSync(join(tmpdir(), 'newsletter-dsn-'));
  });
  afterAll(async () => {
    await postfix?.stop();
    await Promise.all([readersServer?.close(), returnPath?.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  test('the relay accepts all; its later DSNs suppress the dead mailbox, count the full one, and the report agrees with the servers', async () => {
    const dir = exampleProject(['email,language', ...READERS.map((r) => `${r},de`), ''].join('\n'));
    appendFileSync(join(dir, 'newsletter.config.yaml'), '\nreturn_path: bounces@news.example.org\n');
    const sent = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', postfix.url, '--yes', '--json']);
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ sent: 4, failed: 0 });

    // Postfix reports the refusal at once; the quota as a delay (when a retry comes after a
    // second), then, after its queue lifetime, as failed
    const failed = () => returnPath.messages.filter((m) => /^Action: failed/m.test(m.raw.toString())).length;
    const deadline = Date.now() + 45_000;
    while (failed() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    if (failed() < 2) throw new Error(`Postfix returned ${returnPath.messages.length} reports, expected two failures:\n${postfix.log()}`);
    expect(returnPath.messages.map((m) => m.to[0]).every((to) => /^bounces\+[a-z2-7]{45}@news\.example\.org$/.test(to))).toBe(true);
    const delays = returnPath.messages.length - 2;
    returnPath.messages.forEach((m, i) => writeFileSync(join(folder, `${i}.eml`), m.raw));

    const result = JSON.parse((await newsletter(dir, ['bounces', folder, '--json'])).stdout);
    expect(result.counts).toMatchObject({ bounced: 1, soft: 1, delayed: delays, unmatched: 0 });
    const byReader = Object.fromEntries(result.messages.map((m: { email: string; action: string; matchedBy: string }) => [`${m.email} ${m.action}`, m.matchedBy]));
    expect(byReader).toMatchObject({ 'gone@example.com bounced': 'token', 'full@example.net soft': 'token' });

    const suppressed = JSON.parse((await newsletter(dir, ['subscribers', 'suppressed', '--json'])).stdout);
    expect(suppressed.entries.map((e: { email: string; reason: string }) => `${e.email} ${e.reason}`)).toEqual(['gone@example.com bounced']);

    const report = JSON.parse((await newsletter(dir, ['report', ISSUE, '--json'])).stdout);
    expect(report.total).toMatchObject({ sent: 4, failed: 0, lateHard: 1, lateSoft: 1 });
    // what reached the readers' server is what was sent minus what came back
    expect(report.total.sent - report.total.lateHard - report.total.lateSoft).toBe(readersServer.messages.length);
  });
});
