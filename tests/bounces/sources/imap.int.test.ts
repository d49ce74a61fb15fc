import { openImapMailbox, PROCESSED_KEYWORD, redactImapUrl, parseImapUrl } from '../../../src/bounces/sources/imap.js';
import { bounceFixture } from '../../helpers/bounce-fixtures.js';
import { startDovecot, type DovecotServer } from '../../helpers/dovecot.js';

let imap: DovecotServer;
beforeAll(async () => {
  imap = await startDovecot();
});
afterAll(async () => {
  await imap?.stop();
});

describe('the IMAP mailbox (a real Dovecot)', () => {
  it('reads every message without marking any read, then moves only the processed ones, marked', async () => {
    await imap.append(bounceFixture('hard-5.1.1', { to: 'bounces@news.example.org', recipient: 'a@example.com' }));
    await imap.append(bounceFixture('human-reply', { to: 'bounces@news.example.org', recipient: 'b@example.com' }));
    await imap.append(bounceFixture('out-of-office', { to: 'bounces@news.example.org', recipient: 'c@example.com' }), 'INBOX', ['\\Flagged']);

    const mailbox = openImapMailbox(imap.url, 'newsletter-processed');
    try {
      expect(await mailbox.count()).toBe(3);
      const seen: { id: string; subject: string }[] = [];
      for await (const message of mailbox.messages()) seen.push({ id: message.id, subject: /^Subject: (.*)$/m.exec(message.raw.toString())![1].trim() });
      expect(seen.map((m) => m.subject)).toEqual(['Undelivered Mail Returned to Sender', 'Re: Cities in Dialogue No. 34', 'Out of office: Cities in Dialogue No. 34']);
      expect((await imap.list()).map((m) => m.flags)).toEqual([[], [], ['\\Flagged']]);

      await mailbox.markProcessed([seen[0].id]);
    } finally {
      await mailbox.close();
    }
    const inbox = await imap.list();
    expect(inbox.map((m) => m.flags)).toEqual([[], ['\\Flagged']]);
    expect(inbox[0].raw.toString()).toContain('Subject: Re: Cities in Dialogue No. 34');
    const processed = await imap.list('newsletter-processed');
    expect(processed).toHaveLength(1);
    expect(processed[0].flags).toEqual([PROCESSED_KEYWORD, '\\Seen'].sort());
    expect(processed[0].raw.toString()).toContain('Status: 5.1.1');
  });

  it('says which mailbox it reads without the password', () => {
    expect(redactImapUrl('imaps://news:s3cret@mail.example.org/INBOX')).toBe('imaps://news@mail.example.org/INBOX');
    expect(parseImapUrl('imaps://news%40example.org:p%2Fw@mail.example.org/Bounces')).toEqual({
      host: 'mail.example.org',
      port: 993,
      secure: true,
      user: 'news@example.org',
      pass: 'p/w',
      mailbox: 'Bounces',
    });
  });
});
