import { normalizeFieldName } from './types.js';

/** The columns the reader knows by meaning; all others are passed through as fields. */
export type KnownColumn = 'email' | 'name' | 'first_name' | 'last_name' | 'language' | 'salutation';

// Header names as Excel exports and CRMs write them, normalised (no case, spaces, - or _).
const ALIASES: Record<KnownColumn, string[]> = {
  email: ['email', 'mail', 'emailadresse', 'emailaddress', 'mailadresse', 'emailadress'],
  name: ['name', 'fullname', 'vollername'],
  first_name: ['firstname', 'vorname', 'givenname', 'rufname'],
  last_name: ['lastname', 'nachname', 'surname', 'familyname', 'familienname'],
  language: ['language', 'sprache', 'lang', 'locale'],
  salutation: ['salutation', 'anrede'],
};

export type ColumnIndex = Partial<Record<KnownColumn, number>>;

/**
 * Which header position holds which known column. A config map
 * (`{first_name: 'Rufname'}`) wins over the built-in aliases; the first matching header wins.
 */
export function resolveColumns(header: string[], configured: Record<string, string> = {}): ColumnIndex {
  const normalized = header.map(normalizeFieldName);
  const index: ColumnIndex = {};
  const known = Object.keys(ALIASES) as KnownColumn[];
  for (const column of known) {
    const mapped = Object.entries(configured).find(([key]) => normalizeFieldName(key) === normalizeFieldName(column))?.[1];
    if (mapped !== undefined) {
      const at = normalized.indexOf(normalizeFieldName(mapped));
      if (at >= 0) index[column] = at;
    }
  }
  for (const column of known) {
    if (index[column] !== undefined) continue;
    const at = normalized.findIndex((name) => ALIASES[column].includes(name));
    if (at >= 0 && !Object.values(index).includes(at)) index[column] = at;
  }
  return index;
}

/** `first_name` → `firstname`: the key a known column also gets in `Subscriber.fields`. */
export function fieldKeyOf(column: KnownColumn): string {
  return normalizeFieldName(column);
}
