import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSubscriberList, streamSubscriberList, type ListEvent } from '../../src/subscribers/index.js';

const dir = mkdtempSync(join(tmpdir(), 'newsletter-stream-'));

async function events(content: string): Promise<ListEvent[]> {
  const file = join(dir, `list-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, content);
  const found: ListEvent[] = [];
  for await (const event of streamSubscriberList(file)) found.push(event);
  return found;
}

describe('streamSubscriberList', () => {
  it('yields the header, then every row in file order with its line, then the count and hash; duplicates are left to the caller', async () => {
    const found = await events('E-Mail;Vorname\nanna@example.org;Anna\n\nnope;X\nANNA@example.org;Anna B\n');
    expect(found.map((e) => (e.kind === 'reader' ? `reader ${e.subscriber.line} ${e.subscriber.key}` : e.kind === 'invalid' ? `invalid ${e.row.line}` : e.kind))).toEqual([
      'header',
      'reader 2 anna@example.org',
      'invalid 4',
      'reader 5 anna@example.org',
      'end',
    ]);
    expect(found[0]).toMatchObject({ kind: 'header', columns: ['E-Mail', 'Vorname'] });
    expect(found[4]).toMatchObject({ kind: 'end', rows: 3, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('gives the same rows and hash as reading the list whole', async () => {
    const csv = 'email,name\na@example.org,A\nb@example.org,B\na@example.org,C\n';
    const file = join(dir, 'same.csv');
    writeFileSync(file, csv);
    const whole = await readSubscriberList(file);
    const found = await events(csv);
    expect(found.at(-1)).toEqual({ kind: 'end', rows: 3, contentHash: whole.contentHash });
    expect(whole.duplicates).toEqual([{ line: 4, email: 'a@example.org', firstLine: 2 }]);
  });

  it('stops at the header when the file has no email column, before any row', async () => {
    await expect(events('name\nAnna\n')).rejects.toThrow('has no email column (found "name")');
  });
});
