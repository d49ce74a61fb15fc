/** The words of `status`: one line per listed reader, the late outcomes line. */
import { lateLines } from '../../src/cli/commands/status.js';
import { readerJson, readerLine } from '../../src/cli/status-readers.js';
import type { JournalEntry } from '../../src/state/types.js';

const entry: JournalEntry = {
  issueId: '2020-12-nr34',
  destination: 'smtp://relay.example.org:587',
  key: 'ben@example.org',
  email: 'ben@example.org',
  lang: 'de',
  state: 'failed',
  messageId: '<b1@news.example.org>',
  reply: '550-5.1.1 The email account that you tried to reach does not exist.\r\n550 5.1.1 Please check the address',
  bounced: true,
  attempts: 1,
  updatedAt: '2026-11-29T18:00:05.000Z',
  handedAt: Date.parse('2026-11-29T18:00:01Z'),
};

describe('status --unknown / --failed lines', () => {
  test('address, Message-ID, hand-over time and the reply on one line (a multi-line reply joined)', () => {
    expect(readerLine(entry)).toBe(
      '  ben@example.org  <b1@news.example.org>  2026-11-29T18:00:01.000Z  550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 Please check the address',
    );
  });

  test('never handed over, no reply: the time of the last change, and no trailing space', () => {
    const { handedAt: _h, reply: _r, messageId: _m, ...bare } = entry;
    expect(readerLine(bare)).toBe('  ben@example.org  (no Message-ID)  2026-11-29T18:00:05.000Z');
    expect(readerJson(bare)).toEqual({ destination: entry.destination, state: 'failed', email: 'ben@example.org', messageId: null, reply: null, handedAt: null, updatedAt: entry.updatedAt });
  });
});

describe('the late outcomes line', () => {
  test.each([
    [{ bounced: 0, soft_bounced: 0, complained: 0, delayed: 0 }, []],
    [{ bounced: 1, soft_bounced: 0, complained: 0, delayed: 0 }, ['  later     1 hard bounce (came back after the hand-over; newsletter report issues/x.de.yaml has the rates)']],
    [{ bounced: 2, soft_bounced: 1, complained: 3, delayed: 1 }, ['  later     2 hard bounces, 1 soft bounce, 3 complaints, 1 delayed (came back after the hand-over; newsletter report issues/x.de.yaml has the rates)']],
  ])('%j', (counts, lines) => {
    expect(lateLines(counts, 'issues/x.de.yaml')).toEqual(lines);
  });
});
