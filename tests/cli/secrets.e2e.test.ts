import { join } from 'node:path';
import { createUnsubscribeToken, keyringFromSecrets } from '../../src/unsubscribe/index.js';
import { suppressionEntries } from '../helpers/sqlite-state.js';
import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';
import { exampleProject, ISSUE, newsletter } from '../helpers/send-fixtures.js';

const entries = suppressionEntries;

describe('weak secrets through the real CLI (issue 11, item 3)', () => {
  test('a send to a server refuses `aaaaaaaaaaaaaaaa` before connecting, and says how to make a secret', async () => {
    const dir = exampleProject();
    // port 1 on loopback: nothing listens there, so only a refusal before connecting passes this test
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', 'smtp://127.0.0.1:1', '--yes'], { NEWSLETTER_SECRET: 'aaaaaaaaaaaaaaaa' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: NEWSLETTER_SECRET looks weak (about 0 bits by a rough estimate; 128 are wanted)');
    expect(result.stderr).toContain('hint: make one with `openssl rand -base64 32`');
    expect(result.stderr).not.toMatch(/could not reach/);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  test('the dry run and check say so too: the dry run warns, check counts it as an error', async () => {
    const dir = exampleProject();
    const env = { NEWSLETTER_SECRET: 'newsletter-secret-2024!' };
    const dry = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('warning: NEWSLETTER_SECRET looks weak');
    const check = await newsletter(dir, ['check', ISSUE, '--json'], env);
    const problems = (JSON.parse(check.stdout) as { problems: { severity: string; message: string }[] }).problems;
    expect(problems).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^NEWSLETTER_SECRET looks weak/) }));
    expect(check.code).toBe(1);
  });
});

describe('rotation through the real CLI (issue 11, item 4)', () => {
  test('secrets with spaces and commas, rotated twice: links of all three still unsubscribe', async () => {
    const A = 'first secret, with a comma and spaces: 7Hq2 Lw9x';
    const B = 'second, also with commas; and spaces 9Kx4 zZ Pq';
    const C = 'vN4+qT8zLk1wR6yB3mXc0sF5hJ7pD2gA';
    const dir = tempProject();
    const state = join(dir, 'state');
    const links = [A, B, C].map((secret, i) =>
      createUnsubscribeToken(keyringFromSecrets(secret), { email: `reader${i}@example.org`, listId: 'newsletter.example.org', lang: 'de' }),
    );
    const env = { NEWSLETTER_SECRET: C, NEWSLETTER_SECRET_PREVIOUS: B, NEWSLETTER_SECRET_PREVIOUS_2: A };
    for (const token of links) {
      const result = await runCli(['unsubscribe', `https://newsletter.example.org/u/${token}`, '--state', state], { cwd: dir, env });
      expect([result.code, result.stderr]).toEqual([0, '']);
    }
    expect(entries(state).map((e) => e.key)).toEqual(['reader0@example.org', 'reader1@example.org', 'reader2@example.org']);
  });
});
