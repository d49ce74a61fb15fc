import type { StateDatabase } from '../state/database.js';
import { normalizeAddress } from '../subscribers/email-address.js';

/** Why an address gets no more mail: the reader's own click, a page's button, an editor, a hard bounce. */
export type SuppressionReason = 'one-click' | 'confirm-page' | 'by-hand' | 'bounced';

export const SUPPRESSION_REASONS: readonly SuppressionReason[] = ['one-click', 'confirm-page', 'by-hand', 'bounced'];

export interface SuppressionEntry {
  /** The address as first recorded. */
  email: string;
  /** Lower-cased, domain in punycode: what the list compares. */
  key: string;
  reason: SuppressionReason;
  /** E.g. the server's reply for a bounce. */
  detail?: string;
  listId?: string;
  /** ISO 8601, UTC. */
  createdAt: string;
}

/** Everyone who must not get mail again; always wins over a CSV that still lists them. */
export interface SuppressionList {
  has(key: string): boolean;
  get(key: string): SuppressionEntry | undefined;
  /** Records an address; an address already on the list keeps its first entry (`added: false`). */
  add(email: string, reason: SuppressionReason, detail?: string, listId?: string): { added: boolean; entry: SuppressionEntry };
  /** Takes an address off the list; false when it was not on it. */
  remove(email: string): boolean;
  /** Every entry, oldest first. */
  list(): SuppressionEntry[];
  /** Readers who unsubscribed (themselves or by hand) and hard bounces, counted apart. */
  counts(): { unsubscribed: number; bounced: number };
  /** Key → reason of every entry, for planning a send. */
  keys(): Map<string, SuppressionReason>;
}

/** `Anna@München.example` → `anna@xn--mnchen-3ya.example`; anything unparsable just trimmed and lower-cased. */
export function suppressionKey(email: string): string {
  const address = normalizeAddress(email);
  return address.ok ? address.key : email.trim().toLowerCase();
}

interface Row {
  email_key: string;
  email: string;
  reason: SuppressionReason;
  detail: string | null;
  list_id: string | null;
  created_at: string;
}

function toEntry(row: Row): SuppressionEntry {
  return {
    email: row.email,
    key: row.email_key,
    reason: row.reason,
    ...(row.detail === null ? {} : { detail: row.detail }),
    ...(row.list_id === null ? {} : { listId: row.list_id }),
    createdAt: row.created_at,
  };
}

/** The suppression list kept in the state database (statements prepared once: `has` is called per recipient). */
export function openSuppressionList(db: StateDatabase): SuppressionList {
  const selectOne = db.prepare<[string], Row>('SELECT * FROM suppression WHERE email_key = ?');
  const insert = db.prepare(
    `INSERT INTO suppression (email_key, email, reason, detail, list_id, created_at)
     VALUES (@key, @email, @reason, @detail, @listId, @createdAt)
     ON CONFLICT (email_key) DO NOTHING`,
  );
  const remove = db.prepare('DELETE FROM suppression WHERE email_key = ?');
  const selectAll = db.prepare<[], Row>('SELECT * FROM suppression ORDER BY created_at, rowid');
  const countByReason = db.prepare<[], { reason: SuppressionReason; n: number }>(
    'SELECT reason, COUNT(*) AS n FROM suppression GROUP BY reason',
  );
  const allKeys = db.prepare<[], { email_key: string; reason: SuppressionReason }>('SELECT email_key, reason FROM suppression');

  const get = (key: string): SuppressionEntry | undefined => {
    const row = selectOne.get(suppressionKey(key));
    return row ? toEntry(row) : undefined;
  };

  return {
    has: (key) => selectOne.get(suppressionKey(key)) !== undefined,
    get,
    add(email, reason, detail, listId) {
      const address = normalizeAddress(email);
      const written = address.ok ? address.email : email.trim();
      const key = suppressionKey(email);
      const result = insert.run({
        key,
        email: written,
        reason,
        detail: detail ?? null,
        listId: listId ?? null,
        createdAt: new Date().toISOString(),
      });
      return { added: result.changes > 0, entry: get(key)! };
    },
    remove: (email) => remove.run(suppressionKey(email)).changes > 0,
    list: () => selectAll.all().map(toEntry),
    counts() {
      const counts = { unsubscribed: 0, bounced: 0 };
      for (const { reason, n } of countByReason.all()) {
        if (reason === 'bounced') counts.bounced += n;
        else counts.unsubscribed += n;
      }
      return counts;
    },
    keys: () => new Map(allKeys.all().map((row) => [row.email_key, row.reason])),
  };
}
