import { decide, softStreakOf, type Match } from '../../src/bounces/decide.js';
import type { Feedback } from '../../src/bounces/types.js';
import type { JournalEntry } from '../../src/state/types.js';

const entry = (issueId: string, sentAt: string, late?: JournalEntry['late'], state: JournalEntry['state'] = 'sent'): JournalEntry => ({
  issueId,
  destination: 'smtp://relay:25',
  key: 'anna@example.org',
  email: 'anna@example.org',
  lang: 'de',
  state,
  messageId: `<${issueId}@example.org>`,
  bounced: false,
  attempts: 1,
  updatedAt: sentAt,
  sentAt,
  ...(late ? { late } : {}),
});
const dsn = (action: string, status?: string): Feedback => ({
  kind: 'dsn',
  deliveredTo: [],
  statuses: [{ action, recipient: 'anna@example.org', ...(status ? { status } : {}), diagnostic: `smtp; ${status ?? ''}` }],
});
const match = (e = entry('i3', '2020-12-01T10:00:00Z')): Match => ({ by: 'token', entry: e });
const options = { softLimit: 3, softStreak: 0 };

describe('decide', () => {
  it.each([
    ['a hard bounce', dsn('failed', '5.1.1'), 'bounced', 'bounced'],
    ['a closed account', dsn('failed', '5.2.1'), 'bounced', 'bounced'],
    ['a soft bounce', dsn('failed', '4.2.2'), 'soft', undefined],
    ['a delay', dsn('delayed', '4.4.1'), 'delayed', undefined],
    ['a policy block', dsn('failed', '5.7.1'), 'sender', undefined],
    ['a refused sender', dsn('failed', '5.1.8'), 'sender', undefined],
    ['a success notice', dsn('delivered', '2.0.0'), 'delivered', undefined],
  ] as const)('%s → %s', (_what, feedback, action, suppressed) => {
    const decision = decide(feedback, match(), options);
    expect(decision.action).toBe(action);
    expect(decision.suppress?.reason).toBe(suppressed);
  });

  it('a complaint suppresses as complained; a mailto unsubscribe as unsubscribed', () => {
    const complaint: Feedback = { kind: 'complaint', deliveredTo: [], statuses: [], complaint: { feedbackType: 'abuse' } };
    expect(decide(complaint, match(), options)).toMatchObject({ action: 'complained', suppress: { reason: 'complained' }, late: { outcome: 'complained' } });
    const mail: Feedback = { kind: 'other', deliveredTo: [], statuses: [] };
    expect(decide(mail, { ...match(), unsubscribe: true }, options)).toMatchObject({ action: 'unsubscribed', suppress: { reason: 'unsubscribed' } });
  });

  it('never acts without a match, and leaves auto-replies and replies alone even with one', () => {
    expect(decide(dsn('failed', '5.1.1'), undefined, options)).toMatchObject({ action: 'unmatched' });
    expect(decide({ kind: 'auto-reply', autoReply: 'Auto-Submitted: auto-replied', deliveredTo: [], statuses: [] }, match(), options).action).toBe('left-alone');
    expect(decide({ kind: 'other', deliveredTo: [], statuses: [] }, match(), options).action).toBe('left-alone');
  });

  it('suppresses a soft bouncer only at the limit', () => {
    expect(decide(dsn('failed', '4.2.2'), match(), { softLimit: 3, softStreak: 1 })).toMatchObject({ action: 'soft' });
    expect(decide(dsn('failed', '4.2.2'), match(), { softLimit: 3, softStreak: 2 })).toMatchObject({ action: 'soft-limit', suppress: { reason: 'bounced' } });
  });

  it('does not turn a recorded complaint into a soft bounce', () => {
    const complained = entry('i3', '2020-12-01T10:00:00Z', { outcome: 'complained', at: '2020-12-02T00:00:00Z' });
    expect(decide(dsn('failed', '4.2.2'), match(complained), options).late).toBeUndefined();
  });
});

describe('softStreakOf', () => {
  const soft = { outcome: 'soft_bounced' as const, status: '4.2.2', at: 'x' };
  const current = entry('i4', '2020-12-04T00:00:00Z');
  it('counts the issues in a row before this one with a soft bounce, up to the last success', () => {
    const history = [entry('i1', '2020-12-01T00:00:00Z', soft), entry('i2', '2020-12-02T00:00:00Z'), entry('i3', '2020-12-03T00:00:00Z', soft), current];
    expect(softStreakOf(history, current)).toBe(1);
    const allSoft = [entry('i1', '2020-12-01T00:00:00Z', soft), entry('i2', '2020-12-02T00:00:00Z', soft), entry('i3', '2020-12-03T00:00:00Z', soft), current];
    expect(softStreakOf(allSoft, current)).toBe(3);
  });

  it('does not count blocks of the sender or delays, and does not let them break the row', () => {
    const blocked = { outcome: 'soft_bounced' as const, status: '5.7.1', at: 'x' };
    const delayed = { outcome: 'delayed' as const, status: '4.4.1', at: 'x' };
    const history = [entry('i1', '2020-12-01T00:00:00Z', soft), entry('i2', '2020-12-02T00:00:00Z', blocked), entry('i3', '2020-12-03T00:00:00Z', delayed), current];
    expect(softStreakOf(history, current)).toBe(1);
  });

  it('ignores rows never sent', () => {
    expect(softStreakOf([entry('i1', '2020-12-01T00:00:00Z', soft), entry('i2', '2020-12-02T00:00:00Z', undefined, 'pending')], current)).toBe(1);
  });
});
