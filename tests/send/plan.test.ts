import { countSkipped, planDelivery, recipientsByLanguage, type PlanInput } from '../../src/send/plan.js';
import type { Subscriber, SubscriberList } from '../../src/subscribers/types.js';

function reader(line: number, email: string, language?: string): Subscriber {
  return { email, key: email.toLowerCase(), language, fields: { email }, line };
}

const list: SubscriberList = {
  file: '/tmp/list.csv',
  rows: 9,
  subscribers: [
    reader(2, 'Anna@Example.org', 'de'),
    reader(3, 'ben@example.org', 'en-GB'),
    reader(4, 'chloe@example.org', 'pt-BR'),
    reader(5, 'dora@example.org'),
    reader(6, 'emil@example.org', 'EN'),
    reader(8, 'gina@example.org', 'de-AT'),
  ],
  invalid: [{ line: 7, value: 'not-an-address', reason: 'no @ in the address' }],
  duplicates: [{ line: 9, email: 'anna@example.org', firstLine: 2 }],
  contentHash: 'list-hash',
};

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    issueId: '2020-12-nr34',
    languages: ['de', 'en'],
    list,
    suppressed: new Map(),
    journal: { sent: new Set(), unknown: new Map() },
    defaultLanguage: 'de',
    mode: 'send',
    destination: 'smtp://127.0.0.1:2525',
    issueHash: 'issue-hash',
    listHash: 'list-hash',
    ...overrides,
  };
}

const who = (plan: ReturnType<typeof planDelivery>) => plan.recipients.map((r) => `${r.subscriber.key}:${r.lang}${r.messageId ? `#${r.messageId}` : ''}`);
const skips = (plan: ReturnType<typeof planDelivery>) => plan.skipped.map((s) => `${s.line}:${s.reason}`);

describe('planDelivery', () => {
  test('gives every valid reader their language and skips invalid rows and duplicates with their lines', () => {
    const plan = planDelivery(input());
    expect(who(plan)).toEqual([
      'anna@example.org:de',
      'ben@example.org:en',
      'chloe@example.org:de', // pt-BR is not in the set: default language
      'dora@example.org:de', // no language column value: default language
      'emil@example.org:en',
      'gina@example.org:de',
    ]);
    expect(plan.skipped).toEqual([
      { line: 7, email: 'not-an-address', reason: 'invalid', detail: 'no @ in the address' },
      { line: 9, email: 'anna@example.org', reason: 'duplicate', detail: 'same address as line 2' },
    ]);
    expect(plan).toMatchObject({ issueId: '2020-12-nr34', destination: 'smtp://127.0.0.1:2525', issueHash: 'issue-hash', listHash: 'list-hash', mode: 'send' });
    expect(plan.heldBack).toEqual([]);
  });

  const cases: { name: string; overrides: Partial<PlanInput>; recipients: string[]; skipped: string[]; heldBack?: string[] }[] = [
    {
      name: 'unsubscribed and bounced readers are skipped, each with its own reason',
      overrides: { suppressed: new Map([['anna@example.org', 'one-click'], ['ben@example.org', 'bounced'], ['dora@example.org', 'by-hand']]) },
      recipients: ['chloe@example.org:de', 'emil@example.org:en', 'gina@example.org:de'],
      skipped: ['2:unsubscribed', '3:bounced', '5:unsubscribed', '7:invalid', '9:duplicate'],
    },
    {
      name: 'a plain send skips who already got it and holds back unknown outcomes',
      overrides: { journal: { sent: new Set(['anna@example.org', 'ben@example.org']), unknown: new Map([['chloe@example.org', '<c1@example.org>']]) } },
      recipients: ['dora@example.org:de', 'emil@example.org:en', 'gina@example.org:de'],
      skipped: ['2:already_sent', '3:already_sent', '7:invalid', '9:duplicate'],
      heldBack: ['chloe@example.org:unknown:<c1@example.org>'],
    },
    {
      name: '--resend mails everyone again except the suppressed',
      overrides: {
        mode: 'resend',
        suppressed: new Map([['emil@example.org', 'confirm-page']]),
        journal: { sent: new Set(['anna@example.org', 'ben@example.org']), unknown: new Map([['chloe@example.org', '<c1@example.org>']]) },
      },
      recipients: ['anna@example.org:de', 'ben@example.org:en', 'chloe@example.org:de', 'dora@example.org:de', 'gina@example.org:de'],
      skipped: ['6:unsubscribed', '7:invalid', '9:duplicate'],
    },
    {
      name: '--resend-unknown takes only the unknown outcomes, with their original Message-ID',
      overrides: {
        mode: 'resend-unknown',
        journal: {
          sent: new Set(['anna@example.org', 'ben@example.org', 'emil@example.org']),
          unknown: new Map([['chloe@example.org', '<c1@example.org>'], ['gina@example.org', '<g1@example.org>']]),
        },
      },
      recipients: ['chloe@example.org:de#<c1@example.org>', 'gina@example.org:de#<g1@example.org>'],
      skipped: ['2:already_sent', '3:already_sent', '6:already_sent', '7:invalid', '9:duplicate'],
      heldBack: ['dora@example.org:pending'],
    },
    {
      name: '--resend-unknown still skips an unknown reader who unsubscribed since',
      overrides: {
        mode: 'resend-unknown',
        suppressed: new Map([['chloe@example.org', 'one-click']]),
        journal: { sent: new Set(), unknown: new Map([['chloe@example.org', '<c1@example.org>']]) },
      },
      recipients: [],
      skipped: ['4:unsubscribed', '7:invalid', '9:duplicate'],
      heldBack: ['anna@example.org:pending', 'ben@example.org:pending', 'dora@example.org:pending', 'emil@example.org:pending', 'gina@example.org:pending'],
    },
    {
      name: '--lang narrows to one language, the others skipped as other_language',
      overrides: { lang: 'en' },
      recipients: ['ben@example.org:en', 'emil@example.org:en'],
      skipped: ['2:other_language', '4:other_language', '5:other_language', '7:invalid', '8:other_language', '9:duplicate'],
    },
    {
      name: 'a default language outside the set falls back to the first language',
      overrides: { languages: ['en', 'fr'], defaultLanguage: 'de' },
      recipients: ['anna@example.org:en', 'ben@example.org:en', 'chloe@example.org:en', 'dora@example.org:en', 'emil@example.org:en', 'gina@example.org:en'],
      skipped: ['7:invalid', '9:duplicate'],
    },
    {
      name: 'a whole tag wins over its primary subtag',
      overrides: { languages: ['de', 'pt', 'pt-BR'] },
      recipients: ['anna@example.org:de', 'ben@example.org:de', 'chloe@example.org:pt-BR', 'dora@example.org:de', 'emil@example.org:de', 'gina@example.org:de'],
      skipped: ['7:invalid', '9:duplicate'],
    },
    {
      name: 'suppression wins over the journal: an unsubscribed reader who got it counts as unsubscribed',
      overrides: { suppressed: new Map([['anna@example.org', 'one-click']]), journal: { sent: new Set(['anna@example.org']), unknown: new Map() } },
      recipients: ['ben@example.org:en', 'chloe@example.org:de', 'dora@example.org:de', 'emil@example.org:en', 'gina@example.org:de'],
      skipped: ['2:unsubscribed', '7:invalid', '9:duplicate'],
    },
  ];

  test.each(cases)('$name', ({ overrides, recipients, skipped, heldBack }) => {
    const plan = planDelivery(input(overrides));
    expect(who(plan)).toEqual(recipients);
    expect(skips(plan)).toEqual([...skipped].sort((a, b) => parseInt(a) - parseInt(b)));
    expect((plan.heldBack ?? []).map((h) => `${h.key}:${h.state}${h.messageId ? `:${h.messageId}` : ''}`)).toEqual(heldBack ?? []);
  });

  test('uses the language matcher it is given', () => {
    const plan = planDelivery(input({ matchLanguage: (_value, available) => available[available.length - 1] }));
    expect(new Set(plan.recipients.map((r) => r.lang))).toEqual(new Set(['en']));
  });

  test('every row of the list is accounted for exactly once', () => {
    const plan = planDelivery(
      input({ suppressed: new Map([['ben@example.org', 'bounced']]), journal: { sent: new Set(['dora@example.org']), unknown: new Map([['emil@example.org', '<e@x>']]) } }),
    );
    expect(plan.recipients.length + plan.skipped.length + (plan.heldBack ?? []).length).toBe(list.subscribers.length + list.invalid.length + list.duplicates.length);
  });
});

describe('countSkipped and recipientsByLanguage', () => {
  test('count every reason, zero included', () => {
    const plan = planDelivery(input({ suppressed: new Map([['ben@example.org', 'bounced']]), lang: 'de' }));
    expect(countSkipped(plan.skipped)).toEqual({ invalid: 1, duplicate: 1, unsubscribed: 0, bounced: 1, already_sent: 0, other_language: 1 });
  });

  test('group recipients by language in the set order', () => {
    const groups = recipientsByLanguage(planDelivery(input()), ['en', 'de']);
    expect([...groups.keys()]).toEqual(['en', 'de']);
    expect(groups.get('en')!.map((r) => r.subscriber.key)).toEqual(['ben@example.org', 'emil@example.org']);
    expect(groups.get('de')!.length).toBe(4);
  });
});
