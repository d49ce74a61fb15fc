import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUnsubscribeToken, keyringFromSecrets, startUnsubscribeServer, type UnsubscribeServer } from '../../src/unsubscribe/index.js';
import { suppressionEntries } from '../helpers/sqlite-state.js';

const keyring = keyringFromSecrets('endpoint-test-secret-0123456789');
let stateDir: string;
let server: UnsubscribeServer;

beforeEach(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'newsletter-serve-issue-'));
  server = await startUnsubscribeServer({ stateDir, keyring, port: 0, host: '127.0.0.1', listIds: ['newsletter.example.org'], listName: 'City Letter', log: () => undefined });
});
afterEach(async () => {
  await server.close();
  rmSync(stateDir, { recursive: true, force: true });
});

const oneClick = (token: string) =>
  fetch(`${server.url}/u/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

describe('the endpoint records the issue a link came with', () => {
  it('a link that knows its issue: the suppression names it', async () => {
    const token = createUnsubscribeToken(keyring, { email: 'anna@example.org', listId: 'newsletter.example.org', lang: 'de', issueId: '2020-12-nr34' });
    expect((await oneClick(token)).status).toBe(200);
    expect(suppressionEntries(stateDir)).toMatchObject([{ key: 'anna@example.org', reason: 'one-click', issueId: '2020-12-nr34', source: 'endpoint' }]);
  });

  it('an older link without one still unsubscribes', async () => {
    const token = createUnsubscribeToken(keyring, { email: 'ben@example.org', listId: 'newsletter.example.org', lang: 'en' });
    expect((await oneClick(token)).status).toBe(200);
    const [entry] = suppressionEntries(stateDir);
    expect(entry).toMatchObject({ key: 'ben@example.org', reason: 'one-click' });
    expect(entry.issueId).toBeUndefined();
  });
});
