/** One valid, distinct reader of a list. */
export interface Subscriber {
  /** Trimmed, domain in punycode: what goes to SMTP and into `To`. */
  email: string;
  /** Lower-cased `email`: the key for duplicates, the suppression list and the journal. */
  key: string;
  name?: string;
  firstName?: string;
  lastName?: string;
  salutation?: string;
  /** The `language` column as written (`en-GB`); matched to an issue language by the plan. */
  language?: string;
  /** Every column by its normalised name (`normalizeFieldName`), for `{{subscriber.<column>}}`. */
  fields: Record<string, string>;
  /** Line of the row in the file (header = line 1). */
  line: number;
}

export interface InvalidRow {
  line: number;
  value: string;
  reason: string;
}

export interface DuplicateRow {
  line: number;
  email: string;
  firstLine: number;
}

/** A CSV read in full: the distinct valid readers, and what was skipped and why. */
export interface SubscriberList {
  /** Absolute path. */
  file: string;
  /** Non-blank data rows. */
  rows: number;
  /** The header's column names as written (blank ones left out). */
  columns?: string[];
  subscribers: Subscriber[];
  invalid: InvalidRow[];
  duplicates: DuplicateRow[];
  /** sha256 of the file's bytes, for the send journal. */
  contentHash: string;
}

/** The name to address a reader by: the name column, else first and last name, else none. */
export function displayNameOf(subscriber: Pick<Subscriber, 'name' | 'firstName' | 'lastName'>): string | undefined {
  return subscriber.name ?? ([subscriber.firstName, subscriber.lastName].filter(Boolean).join(' ') || undefined);
}

/**
 * Column names are matched without regard to case, spaces, `-` and `_`:
 * `normalizeFieldName('First-Name') === 'firstname'`.
 */
export function normalizeFieldName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}
