import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createUnsubscribeToken, keyringFromSecrets } from '../../src/unsubscribe/index.js';
import { runCli } from '../helpers/cli.js';
import { exampleProject, ISSUE, newsletter, SECRET } from '../helpers/send-fixtures.js';

/**
 * Two newsletters on one state folder (issue 11, item 5): an unsubscribe through one list's
 * link stops that list only; an entry without a list (by hand outside a project) stops both.
 */
function projectWithList(listId: string): string {
  const dir = exampleProject();
  const config = join(dir, 'newsletter.config.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^list_id:.*$/m, `list_id: ${listId}`));
  return dir;
}
const skippedAsUnsubscribed = async (dir: string, state: string) => {
  const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--dry-run', '--json', '--state', state]);
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { skipped: { unsubscribed: number } }).skipped.unsubscribed;
};

describe('suppression per list and for every list', () => {
  test("a link of list B unsubscribes from B only; an entry without a list stops both", async () => {
    const a = projectWithList('a.example.org');
    const b = projectWithList('b.example.org');
    const state = join(a, 'shared-state');
    const token = createUnsubscribeToken(keyringFromSecrets(SECRET), { email: 'anna@example.org', listId: 'b.example.org', lang: 'de' });
    const byLink = await newsletter(b, ['unsubscribe', `https://b.example.org/u/${token}`, '--state', state]);
    expect(byLink.code).toBe(0);
    expect([await skippedAsUnsubscribed(a, state), await skippedAsUnsubscribed(b, state)]).toEqual([0, 1]);

    const global = await runCli(['unsubscribe', 'ben@example.org', '--state', state], { cwd: join(a, '..'), env: { NEWSLETTER_SECRET: SECRET } });
    expect(global.code).toBe(0);
    expect([await skippedAsUnsubscribed(a, state), await skippedAsUnsubscribed(b, state)]).toEqual([1, 2]);
  });
});
