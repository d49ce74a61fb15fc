import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliverIssue } from '../../src/send/deliver.js';
import { createOutboxTransport, outboxFileName } from '../../src/send/transport-outbox.js';
import { composer, fastRetry, newMessageId, planFor, readers, tempState } from '../helpers/deliver-fixtures.js';

describe('the outbox transport', () => {
  it('writes one .eml file per reader, under a name that is safe and unique', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'newsletter-outbox-')), 'outbox', '2020-12-nr34');
    const transport = createOutboxTransport(dir);
    expect(transport.destination).toBe(`outbox:${dir}`);
    const state = tempState();
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(3)), {
      transport,
      journal: state.journal,
      compose: composer(),
      newMessageId,
      concurrency: 2,
      retry: fastRetry,
    });
    await state.close();
    expect(report.sent).toBe(3);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(readers(3).map(outboxFileName).sort());
    const first = readFileSync(join(dir, outboxFileName('reader1@example.org')), 'utf8');
    expect(first).toMatch(/^From: City Network <news@example\.org>\r\nTo: Reader 1 <reader1@example\.org>\r\n/);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it.each([
    ['reader1@example.org', /^reader1@example\.org-[0-9a-f]{8}\.eml$/],
    ['we/ird\\name@example.org', /^we_ird_name@example\.org-[0-9a-f]{8}\.eml$/],
  ])('names %s safely', (key, pattern) => {
    expect(outboxFileName(key)).toMatch(pattern);
  });

  it('gives two keys that look alike after cleaning different names', () => {
    expect(outboxFileName('a/b@example.org')).not.toBe(outboxFileName('a\\b@example.org'));
  });
});
