import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';
import { exampleProject, ISSUE, newsletter } from '../helpers/send-fixtures.js';

/** Any raw control or text-direction character in what the CLI printed (our layout's \n and \t aside). */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const HOSTILE_CSV = [
  'email,first_name',
  'anna\u001b]0;pwned\u0007@example.org,Anna',
  'bob\u202egro.elpmaxe@example.org,Bob',
  'carla\u001b[2J@example.org,Carla',
  'ok@example.org,Dan',
  '',
].join('\n');

describe('control characters through the real CLI (issue 11, item 7)', () => {
  test('subscribers check refuses them with the line number and prints them visibly, never raw', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, 'list.csv'), HOSTILE_CSV);
    const result = await runCli(['subscribers', 'check', 'list.csv', '--state', join(dir, 'state')], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(RAW);
    expect(result.stdout).toContain('list.csv: 4 rows, 1 valid address\n');
    expect(result.stdout).toContain(
      '  line 2: "anna<U+001B>]0;pwned<U+0007>@example.org": contains an invisible control or text-direction character (U+001B); an address cannot hold one\n',
    );
    expect(result.stdout).toContain('  line 3: "bob<U+202E>gro.elpmaxe@example.org": contains an invisible control or text-direction character (U+202E)');
    expect(result.stdout).toContain('  line 4: "carla<U+001B>[2J@example.org"');
    const json = await runCli(['subscribers', 'check', 'list.csv', '--json', '--state', join(dir, 'state')], { cwd: dir });
    expect(json.stdout).not.toMatch(RAW);
    expect((JSON.parse(json.stdout) as { invalid: { line: number; value: string }[] }).invalid.map((row) => [row.line, row.value])).toEqual([
      [2, 'anna\u001b]0;pwned\u0007@example.org'],
      [3, 'bob\u202egro.elpmaxe@example.org'],
      [4, 'carla\u001b[2J@example.org'],
    ]);
  });

  test('none of them reaches a send: the dry run leaves them out, --test and unsubscribe refuse them, all printed visibly', async () => {
    const dir = exampleProject(HOSTILE_CSV);
    const dry = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as { recipients: number | unknown[] };
    expect(Array.isArray(plan.recipients) ? plan.recipients.length : plan.recipients).toBe(1);
    expect(dry.stdout + dry.stderr).not.toMatch(RAW);

    const test = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--outbox', 'out', '--test', 'me\u202e@example.org']);
    expect(test.code).toBe(1);
    expect(test.stderr).toContain('error: --test me<U+202E>@example.org: contains an invisible control or text-direction character (U+202E)');
    expect(test.stderr).not.toMatch(RAW);
    expect(hasStackTrace(test.stderr)).toBe(false);

    const unsubscribe = await newsletter(dir, ['unsubscribe', 'anna\u001b[2J@example.org', '--state', join(dir, 'state')]);
    expect(unsubscribe.code).toBe(1);
    expect(unsubscribe.stderr).toContain('error: "anna<U+001B>[2J@example.org": contains an invisible control or text-direction character (U+001B)');
    expect(unsubscribe.stderr).not.toMatch(RAW);
  });
});
