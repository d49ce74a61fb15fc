import { parseFeedback } from '../../src/bounces/parse-feedback.js';
import { bounceFixture, type BounceFixtureName } from '../helpers/bounce-fixtures.js';

const to = 'bounces+t0ken@news.example.org';
const recipient = 'gone.reader@example.com';
const message_id = '<kx1.abc-def@news.example.org>';
const parse = (name: BounceFixtureName) => parseFeedback(bounceFixture(name, { to, recipient, message_id }), { ownDomains: ['news.example.org'] });

describe('parseFeedback', () => {
  it.each([
    ['hard-5.1.1', { action: 'failed', status: '5.1.1', diagnostic: `550 5.1.1 <${recipient}>: Recipient address rejected: mailbox unknown` }],
    ['disabled-5.2.1', { action: 'failed', status: '5.2.1', diagnostic: '550 5.2.1 The account of this recipient is disabled' }],
    ['soft-4.2.2', { action: 'failed', status: '4.2.2', diagnostic: '452 4.2.2 Mailbox full, try again later' }],
    ['delayed', { action: 'delayed', status: '4.4.1' }],
    ['policy-5.7.1', { action: 'failed', status: '5.7.1' }],
  ] as const)('reads the DSN %s: action, status, recipient, diagnostic, returned Message-ID', async (name, expected) => {
    const feedback = await parse(name);
    expect(feedback.kind).toBe('dsn');
    expect(feedback.statuses).toHaveLength(1);
    expect(feedback.statuses[0]).toMatchObject({ ...expected, recipient });
    expect(feedback.returnedMessageId).toBe(message_id);
    expect(feedback.deliveredTo[0]).toBe(to);
  });

  it('keeps Original-Recipient apart from Final-Recipient', async () => {
    const feedback = await parse('hard-5.1.1');
    expect(feedback.statuses[0].originalRecipient).toBe(recipient);
    expect(feedback.returnedTo).toBe(recipient);
  });

  it('reads an ARF complaint with the returned message', async () => {
    const feedback = await parse('complaint-arf');
    expect(feedback).toMatchObject({ kind: 'complaint', complaint: { feedbackType: 'abuse', userAgent: 'ExampleFBL/2.1' }, returnedMessageId: message_id });
    expect(feedback.statuses).toEqual([]);
  });

  it.each([
    ['out-of-office', 'Auto-Submitted: auto-replied'],
    ['automatic-reply-exchange', 'Subject: Automatic reply: Cities in Dialogue No. 34'],
  ] as const)('knows the auto-reply %s by %s', async (name, sign) => {
    expect(await parse(name)).toMatchObject({ kind: 'auto-reply', autoReply: sign, statuses: [] });
  });

  it('leaves a person\'s reply as other, even when it mentions a full mailbox', async () => {
    expect(await parse('human-reply')).toMatchObject({ kind: 'other', statuses: [], subject: 'Re: Cities in Dialogue No. 34' });
  });

  it('guesses a plain-text bounce from its status code, with the quoted Message-ID', async () => {
    const feedback = await parse('guessed-plain-text');
    expect(feedback).toMatchObject({ kind: 'guessed', returnedMessageId: message_id, guessedFrom: 'Remote host said: 550 5.1.1 sorry, no mailbox here by that name' });
    expect(feedback.statuses).toEqual([{ action: 'failed', recipient, status: '5.1.1', diagnostic: 'Remote host said: 550 5.1.1 sorry, no mailbox here by that name' }]);
  });

  it('guesses an HTML bounce in Latin-1 from a known phrase, never taking our own address', async () => {
    const feedback = await parse('guessed-phrase-only');
    expect(feedback.kind).toBe('guessed');
    expect(feedback.statuses[0]).toMatchObject({ action: 'failed', recipient, status: '5.1.1' });
    expect(feedback.statuses[0].diagnostic).toContain('user unknown on this system');
  });

  it('takes a mailto unsubscribe as other: what it means comes from the address it was sent to', async () => {
    expect(await parse('unsubscribe-mailto')).toMatchObject({ kind: 'other', deliveredTo: [to], subject: 'unsubscribe' });
  });

  it('does not throw on a message without headers', async () => {
    const feedback = await parse('broken');
    expect(feedback.kind).toBe('other');
    expect(feedback.statuses).toEqual([]);
  });
});
