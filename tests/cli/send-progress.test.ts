import { PassThrough } from 'node:stream';
import { createSendProgress } from '../../src/cli/progress.js';

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

  test('without a terminal it writes nothing', async () => {
    const { out, written } = stream(false);
    const progress = createSendProgress(out);
    progress.update({ sent: 3, failed: 0, unknown: 0, pending: 7, total: 10 });
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe('');
  });
});
