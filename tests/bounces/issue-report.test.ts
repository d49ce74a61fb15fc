import { issueReport } from '../../src/bounces/issue-report.js';
import type { JournalEntry, SuppressionEntry } from '../../src/state/types.js';

let n = 0;
const row = (lang: string, state: JournalEntry['state'], extra: Partial<JournalEntry> = {}): JournalEntry => {
  const email = `r${n++}@example.org`;
  return { issueId: 'nr34', destination: 'smtp://relay:25', key: email, email, lang, state, bounced: false, attempts: 1, updatedAt: 'x', ...extra };
};

describe('issueReport', () => {
  it('counts per language and in total, and draws the providers\' lines', () => {
    const rows: JournalEntry[] = [];
    for (let i = 0; i < 996; i++) rows.push(row(i % 2 ? 'en' : 'de', 'sent'));
    rows.push(row('de', 'failed', { bounced: true }), row('de', 'failed'), row('en', 'unknown'), row('en', 'pending'));
    rows[0].late = { outcome: 'bounced', status: '5.1.1', at: 'x' };
    rows[1].late = { outcome: 'complained', at: 'x' };
    rows[2].late = { outcome: 'soft_bounced', status: '4.2.2', at: 'x' };
    rows[3].late = { outcome: 'soft_bounced', status: '5.7.1', at: 'x' };
    rows[4].late = { outcome: 'delayed', status: '4.4.1', at: 'x' };
    const suppressions: SuppressionEntry[] = [
      { email: rows[5].email, key: rows[5].key, reason: 'one-click', issueId: 'nr34', createdAt: 'x' },
      { email: rows[6].email, key: rows[6].key, reason: 'unsubscribed', issueId: 'nr34', source: 'mailto', createdAt: 'x' },
      { email: rows[7].email, key: rows[7].key, reason: 'unsubscribed', issueId: 'another-issue', createdAt: 'x' },
      { email: rows[0].email, key: rows[0].key, reason: 'bounced', issueId: 'nr34', createdAt: 'x' },
    ];
    const report = issueReport('nr34', 'smtp://relay:25', rows, suppressions);
    expect(report.total).toEqual({ recipients: 1000, sent: 996, failed: 2, failedBounced: 1, unknown: 1, pending: 1, lateHard: 1, lateSoft: 1, lateBlocked: 1, delayed: 1, complaints: 1, unsubscribed: 2 });
    expect(report.languages.de).toMatchObject({ sent: 498, failed: 2, lateHard: 1, lateSoft: 1, delayed: 1, unsubscribed: 1 });
    expect(report.languages.en).toMatchObject({ sent: 498, complaints: 1, lateBlocked: 1, unsubscribed: 1, unknown: 1, pending: 1 });
    expect(report.rates).toEqual({ bounces: 0.2, complaints: 0.1, unsubscribes: 0.201 });
    expect(report.warnings).toEqual([{ rate: 'complaints', value: 0.1, line: 0.1, severity: 'warning' }]);
  });
});
