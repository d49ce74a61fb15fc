import type { PlanDecision, PlanKind, PlanRow, PlanRowInput, PlanStore, PlanTable } from '../state/plan-types.js';
import { streamSubscriberList, type ReadListOptions } from '../subscribers/list-stream.js';
import { matchLanguage } from '../subscribers/match-language.js';
import type { DuplicateRow, InvalidRow, Subscriber } from '../subscribers/types.js';
import { PLAN_SAMPLE_SIZE, type DeliveryPlan, type HeldBackRow, type PlannedRecipient, type PlanSummary, type SkippedRow, type StoredPlan } from './types.js';

export interface StoredPlanInput {
  /** The state's plans (`state.plans`). */
  plans: PlanStore;
  issueId: string;
  destination: string;
  /** Who makes it: a real send's plan is removed by the next send when a kill left it. */
  kind: PlanKind;
  /** The subscriber CSV and how to read it. */
  list: { file: string } & ReadListOptions;
  /** The languages of the issue set, in the set's order. */
  languages: readonly string[];
  defaultLanguage: string;
  /** `--lang`: only readers of this language. */
  lang?: string;
  mode: DeliveryPlan['mode'];
  issueHash: string;
  /** Whose per-list suppressions count besides the global ones; absent: every entry. */
  listId?: string;
  /** Told the header before the first row: a check that needs only the columns can stop here. */
  onHeader?(header: { file: string; columns: string[] }): void;
  /** Told each distinct valid reader with the language it gets, in file order (counts of empty fields, unknown languages). */
  onReader?(subscriber: Subscriber, lang: string): void;
  /** Rows per batch written to the state; default 2 000. */
  batchSize?: number;
}

/** Readers read back per page by the delivery's cursor. */
const PAGE = 500;

/**
 * Streams the list into a plan in the state and decides it there: invalid rows counted as
 * they pass, duplicates found by the plan table's unique index batch by batch, suppression
 * and journal decisions made by SQL (planDelivery's precedence). Memory holds one batch and
 * the bounded examples, never the list. The caller drops the plan when its run ends.
 */
export async function makeStoredPlan(input: StoredPlanInput): Promise<StoredPlan> {
  const fallback = input.languages.includes(input.defaultLanguage) ? input.defaultLanguage : input.languages[0];
  const table = await input.plans.create(input.issueId, input.destination, input.kind);
  try {
    const read = await fill(table, input, fallback);
    const decide = () => table.decide({ mode: input.mode, ...(input.listId ? { listId: input.listId } : {}), ...(input.lang ? { lang: input.lang } : {}) });
    await decide();
    const plan: StoredPlan = {
      stored: true,
      issueId: input.issueId,
      destination: input.destination,
      issueHash: input.issueHash,
      listHash: read.contentHash,
      mode: input.mode,
      list: read.list,
      summary: await summarize(table, read),
      cursor: () => cursor(table),
      addToJournal: () => table.addToJournal(),
      async refresh() {
        await decide();
        plan.summary = await summarize(table, read);
      },
      drop: () => table.drop(),
    };
    return plan;
  } catch (error) {
    await table.drop().catch(() => undefined);
    throw error;
  }
}

interface ListRead {
  list: StoredPlan['list'];
  contentHash: string;
  invalid: { count: number; examples: InvalidRow[] };
  duplicates: { count: number; examples: DuplicateRow[] };
}

async function fill(table: PlanTable, input: StoredPlanInput, fallback: string): Promise<ListRead> {
  const batchSize = input.batchSize ?? 2000;
  const read: ListRead = { list: { file: '', rows: 0, columns: [] }, contentHash: '', invalid: { count: 0, examples: [] }, duplicates: { count: 0, examples: [] } };
  let batch: { row: PlanRowInput; subscriber: Subscriber }[] = [];
  // keys of this batch only: the plan table finds duplicates of earlier batches
  let inBatch = new Map<string, number>();
  const found: DuplicateRow[] = [];
  const languages = [...input.languages];
  const flush = async () => {
    const earlier = await table.add(batch.map((b) => b.row));
    const skip = new Set(earlier.map((d) => d.line));
    if (earlier.length > 0) {
      const emailAt = new Map(batch.map((b) => [b.row.line, b.row.email]));
      for (const d of earlier) found.push({ line: d.line, email: emailAt.get(d.line)!, firstLine: d.firstLine });
    }
    for (const b of batch) if (!skip.has(b.row.line)) input.onReader?.(b.subscriber, b.row.lang);
    found.sort((a, b) => a.line - b.line);
    read.duplicates.count += found.length;
    for (const d of found) if (read.duplicates.examples.length < PLAN_SAMPLE_SIZE) read.duplicates.examples.push(d);
    found.length = 0;
    batch = [];
    inBatch = new Map();
  };
  for await (const event of streamSubscriberList(input.list.file, input.list)) {
    switch (event.kind) {
      case 'header':
        read.list = { file: event.file, rows: 0, columns: event.columns };
        input.onHeader?.({ file: event.file, columns: event.columns });
        break;
      case 'invalid':
        read.invalid.count++;
        if (read.invalid.examples.length < PLAN_SAMPLE_SIZE) read.invalid.examples.push(event.row);
        break;
      case 'reader': {
        const { subscriber } = event;
        const firstLine = inBatch.get(subscriber.key);
        if (firstLine !== undefined) {
          found.push({ line: subscriber.line, email: subscriber.email, firstLine });
          break;
        }
        inBatch.set(subscriber.key, subscriber.line);
        const lang = matchLanguage(subscriber.language, languages, fallback);
        batch.push({ row: { line: subscriber.line, key: subscriber.key, email: subscriber.email, lang, data: encodeReader(subscriber) }, subscriber });
        if (batch.length >= batchSize) await flush();
        break;
      }
      case 'end':
        await flush();
        read.list.rows = event.rows;
        read.contentHash = event.contentHash;
        break;
    }
  }
  return read;
}

const SKIPPED_IN_TABLE: PlanDecision[] = ['unsubscribed', 'bounced', 'already_sent', 'other_language'];

async function summarize(table: PlanTable, read: ListRead): Promise<PlanSummary> {
  const counts = await table.counts();
  const d = counts.decisions;
  const first = (decision: PlanDecision, lang?: string, limit = PLAN_SAMPLE_SIZE) => table.rows({ decision, ...(lang ? { lang } : {}) }, 0, limit);
  const skipped: SkippedRow[] = [
    ...read.invalid.examples.map((row): SkippedRow => ({ line: row.line, email: row.value, reason: 'invalid', detail: row.reason })),
    ...read.duplicates.examples.map((row): SkippedRow => ({ line: row.line, email: row.email, reason: 'duplicate', detail: `same address as line ${row.firstLine}`, firstLine: row.firstLine })),
  ];
  for (const decision of SKIPPED_IN_TABLE) {
    if (d[decision] === 0) continue;
    for (const row of await first(decision)) {
      skipped.push({ line: row.line, email: row.email, reason: decision as SkippedRow['reason'], ...(decision === 'other_language' ? { detail: row.lang } : {}) });
    }
  }
  const heldBack: HeldBackRow[] = [];
  for (const state of ['unknown', 'pending'] as const) {
    if (d[state] === 0) continue;
    for (const row of await first(state)) heldBack.push({ line: row.line, email: row.email, key: row.key, state, ...(row.messageId ? { messageId: row.messageId } : {}) });
  }
  const recipients: Record<string, string[]> = {};
  for (const lang of Object.keys(counts.languages)) recipients[lang] = (await first('send', lang, 3)).map((row) => row.email);
  return {
    recipients: d.send,
    languages: counts.languages,
    skipped: {
      invalid: read.invalid.count,
      duplicate: read.duplicates.count,
      unsubscribed: d.unsubscribed,
      bounced: d.bounced,
      already_sent: d.already_sent,
      other_language: d.other_language,
    },
    heldBack: { unknown: d.unknown, pending: d.pending },
    examples: { skipped: skipped.sort((a, b) => a.line - b.line), heldBack: heldBack.sort((a, b) => a.line - b.line), recipients },
  };
}

/** The readers to send in line order, one page of the plan table at a time. */
async function* cursor(table: PlanTable): AsyncGenerator<PlannedRecipient> {
  for (let after = 0; ; ) {
    const page = await table.rows({ decision: 'send' }, after, PAGE);
    if (page.length === 0) return;
    for (const row of page) yield recipientOf(row);
    after = page[page.length - 1].line;
  }
}

/** What a plan row keeps of a reader besides address, key, line and language. */
type ReaderData = Pick<Subscriber, 'name' | 'firstName' | 'lastName' | 'salutation' | 'language'> & { fields: Record<string, string> };

function encodeReader(subscriber: Subscriber): string {
  const { email: _email, ...fields } = subscriber.fields;
  const data: ReaderData = {
    name: subscriber.name,
    firstName: subscriber.firstName,
    lastName: subscriber.lastName,
    salutation: subscriber.salutation,
    language: subscriber.language,
    fields,
  };
  return JSON.stringify(data);
}

/** A plan row back as the reader the composer personalises for. */
export function recipientOf(row: PlanRow): PlannedRecipient {
  const data = JSON.parse(row.data) as ReaderData;
  // no prototype, as the list reader made it: a column named "__proto__" stays a column
  const fields = Object.assign(Object.create(null) as Record<string, string>, data.fields, { email: row.email });
  const subscriber: Subscriber = {
    email: row.email,
    key: row.key,
    ...(data.name !== undefined ? { name: data.name } : {}),
    ...(data.firstName !== undefined ? { firstName: data.firstName } : {}),
    ...(data.lastName !== undefined ? { lastName: data.lastName } : {}),
    ...(data.salutation !== undefined ? { salutation: data.salutation } : {}),
    ...(data.language !== undefined ? { language: data.language } : {}),
    fields,
    line: row.line,
  };
  return { subscriber, lang: row.lang, ...(row.messageId ? { messageId: row.messageId } : {}) };
}
