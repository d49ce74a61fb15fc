/** Shared pieces of the delivery tests: a list, a plan through the real planner, a tiny composer, a journal in a temp dir. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/state/sqlite/store.js';
import type { StateStore } from '../../src/state/types.js';
import type { Journal } from '../../src/send/journal.js';
import { planDelivery } from '../../src/send/plan.js';
import type { DeliveryPlan, OutgoingMessage, PlannedRecipient } from '../../src/send/types.js';
import type { Subscriber, SubscriberList } from '../../src/subscribers/types.js';

export const ISSUE = '2020-12-nr34';

export function readers(count: number, domain = 'example.org'): string[] {
  return Array.from({ length: count }, (_, i) => `reader${i + 1}@${domain}`);
}

export function listOf(emails: string[], contentHash = 'list-hash-1'): SubscriberList {
  const subscribers: Subscriber[] = emails.map((email, i) => ({ email, key: email.toLowerCase(), name: `Reader ${i + 1}`, fields: {}, line: i + 2 }));
  return { file: '/tmp/list.csv', rows: emails.length, subscribers, invalid: [], duplicates: [], contentHash };
}

/** A plan through the real `planDelivery`, reading what the journal knows. */
export async function planFor(
  journal: Journal,
  destination: string,
  emails: string[],
  options: { mode?: DeliveryPlan['mode']; issueHash?: string; listHash?: string } = {},
): Promise<DeliveryPlan> {
  const list = listOf(emails, options.listHash);
  return planDelivery({
    issueId: ISSUE,
    languages: ['de'],
    list,
    suppressed: new Map(),
    journal: await journal.job(ISSUE, destination).view(),
    defaultLanguage: 'de',
    mode: options.mode ?? 'send',
    destination,
    issueHash: options.issueHash ?? 'issue-hash-1',
    listHash: list.contentHash,
  });
}

let sequence = 0;
/** A fresh Message-ID at the sender's domain. */
export const newMessageId = (_r: PlannedRecipient) => `<${Date.now().toString(36)}.${++sequence}@news.example.org>`;

/** A small but real RFC 5322 message; `bodyBytes` pads the text part to test big messages. */
export function composer(options: { bodyBytes?: number } = {}) {
  return (recipient: PlannedRecipient, messageId: string): OutgoingMessage => {
    const padding = options.bodyBytes ? `${'x'.repeat(76)}\r\n`.repeat(Math.ceil(options.bodyBytes / 78)) : '';
    const raw = Buffer.from(
      [
        'From: City Network <news@example.org>',
        `To: ${recipient.subscriber.name} <${recipient.subscriber.email}>`,
        'Subject: Newsletter 34',
        `Message-ID: ${messageId}`,
        'Date: Tue, 01 Dec 2020 10:00:00 +0000',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        `Content-Language: ${recipient.lang}`,
        '',
        `Hallo ${recipient.subscriber.name},`,
        '.a line starting with a dot survives dot-stuffing',
        padding,
      ].join('\r\n'),
    );
    return { key: recipient.subscriber.key, envelope: { from: 'bounces@example.org', to: recipient.subscriber.email }, messageId, raw };
  };
}

/** Retries without real waiting. */
export const fastRetry = { firstDelayMs: 5, maxAttempts: 5, maxTotalMs: 10_000 };

export interface TempState {
  dir: string;
  store: StateStore;
  journal: Journal;
  close(): Promise<void>;
}

/** A fresh SQLite state in a temp folder. */
export function tempState(): TempState {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-deliver-'));
  const store = openSqliteStore(dir);
  return { dir, store, journal: store.journal, close: () => store.close() };
}
