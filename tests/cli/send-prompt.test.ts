import { PassThrough } from 'node:stream';
import { askToConfirm } from '../../src/cli/prompts.js';

/** Streams for the real prompt; `keys` are typed once the question shows. */
function terminal(keys: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  Object.assign(output, { columns: 200, rows: 40 });
  let screen = '';
  output.setEncoding('utf8').on('data', (chunk: string) => {
    const before = screen;
    screen += chunk;
    if (!before.includes('Send') && screen.includes('Send')) setImmediate(() => input.write(keys));
  });
  return { input, output, screen: () => screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '') };
}

describe('askToConfirm', () => {
  test.each([
    ['y and Enter', 'y\r', true],
    ['n and Enter', 'n\r', false],
    ['Enter alone takes the safe default', '\r', false],
    ['Ctrl-C', '\u0003', undefined],
  ])('%s', async (_name, keys, expected) => {
    const streams = terminal(keys);
    const answer = await askToConfirm('Send "Nr. 34" to 4 readers through smtp://127.0.0.1:2525?', false, streams);
    expect(answer).toBe(expected);
    expect(streams.screen()).toContain('Send "Nr. 34" to 4 readers through smtp://127.0.0.1:2525?');
  });
});
