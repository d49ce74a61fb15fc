import { afterEach, beforeEach, jest } from '@jest/globals';

/**
 * Collects what a command run in-process writes to stdout (stderr is silenced), afresh for
 * every test of the file that calls it; read it as `output.stdout`.
 */
export function captureOutput(): { stdout: string } {
  const output = { stdout: '' };
  beforeEach(() => {
    output.stdout = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.stdout += String(chunk);
      return true;
    });
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  return output;
}
