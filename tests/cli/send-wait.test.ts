import { formatIn, formatResume, formatWindow, pausedText, waitingLine, waitReasonText } from '../../src/cli/send-wait.js';

const office = { days: [1, 2, 3, 4, 5], hours: [{ from: 480, to: 1080 }], timeZone: 'Europe/Berlin' };

describe('what send says when it has to wait', () => {
  test('a time in the zone that matters, daylight saving included', () => {
    expect(formatResume(Date.parse('2026-06-16T06:00:00Z'), 'Europe/Berlin')).toBe('Tue 16 Jun 08:00 Europe/Berlin');
    expect(formatResume(Date.parse('2026-12-15T07:00:00Z'), 'Europe/Berlin')).toBe('Tue 15 Dec 08:00 Europe/Berlin');
  });

  test('how long until then', () => {
    expect([formatIn(40_000), formatIn(5 * 60_000), formatIn(23 * 3_600_000 + 59 * 60_000), formatIn(3 * 86_400_000)]).toEqual(['in 40 s', 'in 5 min', 'in 23 h 59 min', 'in 3 days']);
  });

  test('the window and the reason, as an editor reads them', () => {
    expect(formatWindow(office)).toBe('mon–fri 08:00–18:00 Europe/Berlin');
    expect(formatWindow({ days: [0, 1, 3, 5, 6], hours: [{ from: 0, to: 360 }, { from: 1320, to: 1440 }], timeZone: 'UTC' })).toBe('sun–mon, wed, fri–sat 00:00–06:00, 22:00–24:00 UTC');
    expect(waitReasonText('day', [{ count: 10000, per: 'day' }])).toBe('the daily limit (10000/day) is reached');
    expect(waitReasonText('window', [], office)).toBe('the sending window (mon–fri 08:00–18:00 Europe/Berlin) is closed');
  });

  test('the pause names the count, the reason, the next slot and the command', () => {
    const context = { sent: 6000, total: 16000, until: Date.parse('2026-06-16T06:00:00Z'), reason: 'day' as const, limits: [{ count: 6000, per: 'day' as const }], window: office, timeZone: 'Europe/Berlin' };
    expect(pausedText(context, 'newsletter send issues/x.de.yaml --to list.csv')).toBe(
      'Paused: 6,000 of 16,000 sent; the daily limit (6000/day) is reached; the next slot opens Tue 16 Jun 08:00 Europe/Berlin; run the same command again then (or add --wait to let it wait): newsletter send issues/x.de.yaml --to list.csv',
    );
    expect(waitingLine(context, Date.parse('2026-06-15T16:00:00Z'))).toBe(
      'waiting: 6,000 of 16,000 sent; the daily limit (6000/day) is reached; resuming Tue 16 Jun 08:00 Europe/Berlin (in 14 h)',
    );
  });
});
