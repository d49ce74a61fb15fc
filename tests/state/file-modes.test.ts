import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateDatabase, STATE_FILE_NAME } from '../../src/state/database.js';
import { createOutboxTransport } from '../../src/send/transport-outbox.js';
import { loadKeyring, DEV_SECRET_FILE } from '../../src/unsubscribe/keyring.js';

const mode = (path: string) => statSync(path).mode & 0o7777;
// a group other than ours, as the editors' group of a shared folder would be
const EDITORS_GID = 4242;

/** A parent folder owned by the editors' group with the setgid bit, as docs/deployment.md sets it up. */
function groupFolder(): string {
  const parent = join(mkdtempSync(join(tmpdir(), 'newsletter-modes-')), 'shared');
  mkdirSync(parent);
  chownSync(parent, -1, EDITORS_GID);
  chmodSync(parent, 0o2770);
  return parent;
}

describe('files that hold addresses or secrets are for the owner and the group only, whatever the umask', () => {
  let umask: number;
  beforeAll(() => {
    // the common default that made state.sqlite world-readable and not group-writable
    umask = process.umask(0o022);
  });
  afterAll(() => process.umask(umask));

  test('the state folder is 0770 and state.sqlite 0660, both in the folder\'s group; the WAL files follow', () => {
    const dir = join(groupFolder(), '.newsletter');
    const db = openStateDatabase(dir);
    db.prepare("INSERT INTO suppression (email_key, email, reason, created_at) VALUES ('a@x.org', 'a@x.org', 'manual', 'now')").run();
    expect(mode(dir)).toBe(0o2770);
    expect(statSync(dir).gid).toBe(EDITORS_GID);
    for (const file of [STATE_FILE_NAME, `${STATE_FILE_NAME}-wal`, `${STATE_FILE_NAME}-shm`]) {
      expect([file, mode(join(dir, file))]).toEqual([file, 0o660]);
      expect([file, statSync(join(dir, file)).gid]).toEqual([file, EDITORS_GID]);
    }
    db.close();
  });

  test('outbox .eml files are 0660 in the folder\'s group, the outbox folder 0770', async () => {
    const dir = join(groupFolder(), 'outbox', '2020-12-nr34');
    const outbox = createOutboxTransport(dir);
    await outbox.send({ key: 'anna@example.org', envelope: { from: 'a@x.org', to: 'anna@example.org' }, messageId: '<1@x>', raw: Buffer.from('Subject: x\r\n\r\nhi\r\n') });
    const [file] = readdirSync(dir);
    expect(mode(join(dir, file))).toBe(0o660);
    expect(statSync(join(dir, file)).gid).toBe(EDITORS_GID);
    expect(mode(dir) & 0o777).toBe(0o770);
  });

  test('the development secret is 0660 in the folder\'s group', () => {
    const dir = join(groupFolder(), '.newsletter');
    loadKeyring({ env: {}, stateDir: dir, allowDevKey: true });
    expect(mode(join(dir, DEV_SECRET_FILE))).toBe(0o660);
    expect(statSync(join(dir, DEV_SECRET_FILE)).gid).toBe(EDITORS_GID);
  });
});
