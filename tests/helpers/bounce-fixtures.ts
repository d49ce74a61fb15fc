/**
 * The hand-written bounce, complaint and reply samples of tests/fixtures/bounces/, with
 * their placeholders filled in (see the README there).
 *
 *   bounceFixture('hard-5.1.1', { to: 'bounces+abc@news.example.org', recipient: 'gone@example.com', message_id: '<1@x>' })
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

export type BounceFixtureName =
  | 'hard-5.1.1'
  | 'disabled-5.2.1'
  | 'soft-4.2.2'
  | 'delayed'
  | 'policy-5.7.1'
  | 'complaint-arf'
  | 'out-of-office'
  | 'automatic-reply-exchange'
  | 'human-reply'
  | 'guessed-plain-text'
  | 'guessed-phrase-only'
  | 'unsubscribe-mailto'
  | 'broken';

export interface BounceValues {
  to: string;
  recipient?: string;
  message_id?: string;
  from?: string;
  date?: string;
}

export const BOUNCE_FIXTURES = join(repoRoot, 'tests', 'fixtures', 'bounces');

/** The sample as raw bytes (CRLF), placeholders replaced. */
export function bounceFixture(name: BounceFixtureName, values: BounceValues): Buffer {
  const filled: Required<BounceValues> = {
    recipient: 'reader@example.com',
    message_id: '<kx1.00000000-0000-4000-8000-000000000000@news.example.org>',
    from: '"City Network" <news@news.example.org>',
    date: 'Tue, 01 Dec 2020 10:00:00 +0100',
    ...values,
  };
  const text = readFileSync(join(BOUNCE_FIXTURES, `${name}.eml`), 'latin1');
  return Buffer.from(text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (filled as unknown as Record<string, string>)[key] ?? whole), 'latin1');
}
