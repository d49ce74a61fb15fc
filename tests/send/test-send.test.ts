/** The test send's plan (pure) and the message an `--as` test makes. */
import { simpleParser } from 'mailparser';
import { createMessageComposer } from '../../src/send/message.js';
import { planTestSend } from '../../src/send/test-send.js';
import type { SuppressionEntry } from '../../src/state/types.js';
import { openUnsubscribeToken } from '../../src/unsubscribe/token.js';
import { listOf } from '../helpers/deliver-fixtures.js';
import { config, englishIssue, germanIssue, keyring } from '../helpers/message-fixtures.js';

const list = listOf(['anna@example.org', 'ben@example.org']);
list.subscribers[0].language = 'de';
list.subscribers[0].firstName = 'Anna';
list.subscribers[1].language = 'en-GB';
const base = { list, languages: ['de', 'en'], defaultLanguage: 'de' };
const entry = (email: string): SuppressionEntry => ({ email, key: email, reason: 'one-click', createdAt: '2026-11-02T10:00:00.000Z', listId: 'newsletter.example.org' });

describe('planTestSend', () => {
  test('without --as: a reader of the list gets their own mail in every language, a stranger one without personal fields', () => {
    const plan = planTestSend({ ...base, addresses: ['Anna@Example.org', 'me@example.org'] });
    expect(plan.recipients.map((r) => [r.subscriber.email, r.lang, r.deliverTo])).toEqual([
      ['anna@example.org', 'de', undefined],
      ['anna@example.org', 'en', undefined],
      ['me@example.org', 'de', undefined],
      ['me@example.org', 'en', undefined],
    ]);
  });

  test('--as: every address gets that reader\'s mail, once, in that reader\'s language', () => {
    const plan = planTestSend({ ...base, addresses: ['me@example.org', 'you@example.org'], as: 'BEN@example.org' });
    expect(plan.as).toMatchObject({ subscriber: { email: 'ben@example.org' }, lang: 'en' });
    expect(plan.recipients.map((r) => [r.subscriber.email, r.lang, r.deliverTo?.email])).toEqual([
      ['ben@example.org', 'en', 'me@example.org'],
      ['ben@example.org', 'en', 'you@example.org'],
    ]);
  });

  test('--as with --lang: the one language rendered', () => {
    expect(planTestSend({ ...base, languages: ['de'], addresses: ['me@example.org'], as: 'ben@example.org' }).recipients.map((r) => r.lang)).toEqual(['de']);
  });

  test.each([
    ['anne@example.org', { value: 'anne@example.org', suggestion: 'anna@example.org' }],
    ['nobody-near@elsewhere.net', { value: 'nobody-near@elsewhere.net' }],
    ['not an address', { value: 'not an address', reason: expect.any(String) }],
  ])('--as %s, not on the list: nothing planned, and the closest address when one is close', (as, missing) => {
    const plan = planTestSend({ ...base, addresses: ['me@example.org'], as });
    expect(plan.asMissing).toEqual(missing);
    expect(plan.recipients).toEqual([]);
  });

  test('a suppressed address is refused with its entry; a suppressed --as reader is only noted', () => {
    const suppressed = new Map([
      ['me@example.org', entry('me@example.org')],
      ['anna@example.org', entry('anna@example.org')],
    ]);
    const plan = planTestSend({ ...base, addresses: ['me@example.org', 'you@example.org'], as: 'anna@example.org', suppressed });
    expect(plan.refused).toEqual([{ email: 'me@example.org', entry: entry('me@example.org') }]);
    expect(plan.as?.suppressed).toEqual(entry('anna@example.org'));
    expect(plan.recipients.map((r) => r.deliverTo?.email)).toEqual(['you@example.org']);
  });
});

describe('the message of an --as test', () => {
  test('personalised for the reader, addressed to the tester, whose token alone it carries', async () => {
    const [recipient] = planTestSend({ ...base, addresses: ['me@example.org'], as: 'anna@example.org' }).recipients;
    const message = createMessageComposer([germanIssue, englishIssue], config, { keyring, testMode: true })(recipient, '<t1@example.org>');
    const raw = message.raw.toString('latin1');
    expect(message.envelope.to).toBe('me@example.org');
    expect(message.key).toBe('me@example.org');
    expect(raw).toMatch(/^To: <me@example.org>\r$/m);
    expect((await simpleParser(message.raw)).text).toContain('Liebe Anna,');
    const token = /List-Unsubscribe: <https:\/\/news\.example\.org\/u\/([^>]+)>/.exec(raw)![1];
    expect(openUnsubscribeToken(keyring, token)).toMatchObject({ email: 'me@example.org' });
  });
});
