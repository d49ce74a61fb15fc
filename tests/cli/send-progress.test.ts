import { PassThrough } from 'node:stream';
import { createProgressLines, createSendProgress } from '../../src/cli/progress.js';

function stream(isTTY: boolean) {
  const out = Object.assign(new PassThrough(), { isTTY, columns: 200, rows: 40, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  let written = '';
  out.setEncoding('utf8').on('data', (chunk: string) => (written += chunk));
  return { out: out as unknown as NodeJS.WriteStream, written: () => written };
}

describe('the send progress bar', () => {
  test('on a terminal it shows sent, failed, unknown and the totals', async () => {
    const { out, written } = stream(true);
    const progress = createSendProgress(out);
    progress.update({ sent: 3, failed: 1, unknown: 1, pending: 5, total: 10 });
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toContain('5/10 | sent 3 | failed 1 | unknown 1');
  });

  test('without a terminal a short send writes nothing: the report says it all', async () => {
    const { out, written } = stream(false);
    const progress = createSendProgress(out);
    progress.update({ sent: 3, failed: 0, unknown: 0, pending: 7, total: 10 });
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe('');
  });

  test('without a terminal a long send writes one line every interval (the clock injected)', async () => {
    const { out, written } = stream(false);
    let clock = 1_000_000;
    const progress = createProgressLines(out, { intervalMs: 5_000, now: () => clock });
    const at = (ms: number, sent: number, failed = 0, unknown = 0) => {
      clock = 1_000_000 + ms;
      progress.update({ sent, failed, unknown, pending: 10_000 - sent - failed - unknown, total: 10_000 });
    };
    at(1_000, 100);
    at(4_999, 499);
    at(5_000, 500, 2); // first line
    at(7_000, 700);
    at(10_000, 996, 3, 1); // second line
    at(60_000, 9_990, 10); // third
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written().split('\n')).toEqual([
      'progress: 502 of 10,000 (5%), sent 500, failed 2, 100/s, about 2 min left',
      'progress: 1,000 of 10,000 (10%), sent 996, failed 3, unknown 1, 100/s, about 2 min left',
      'progress: 10,000 of 10,000 (100%), sent 9,990, failed 10, 167/s',
      '',
    ]);
  });
});
