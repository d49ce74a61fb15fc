import { displayNameOf, type Subscriber, type SubscriberList } from '../subscribers/types.js';

/** Someone the preview can show the mail as: a row of the list, or a built-in sample. */
export interface PreviewReader {
  /** Lower-cased address: what the page's picker sends back. */
  key: string;
  /** What the picker shows: `Anna Beispiel <anna@example.org>`. */
  label: string;
  subscriber: Subscriber;
}

function sample(email: string, label: string, extra: Partial<Subscriber>): PreviewReader {
  const subscriber: Subscriber = { email, key: email.toLowerCase(), fields: {}, line: 0, ...extra };
  subscriber.fields = Object.fromEntries(
    Object.entries({ email, name: extra.name, firstname: extra.firstName, lastname: extra.lastName }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  return { key: subscriber.key, label, subscriber };
}

/**
 * Without a list: a sample reader with a name, and one without, whose copy shows every
 * personal field's default (`{{subscriber.first_name "Leserin, Leser"}}` → the default).
 */
export function sampleReaders(): PreviewReader[] {
  return [
    sample('alex.sample@example.org', 'Alex Sample <alex.sample@example.org> (sample reader)', {
      name: 'Alex Sample',
      firstName: 'Alex',
      lastName: 'Sample',
    }),
    sample('no-name@example.org', 'no-name@example.org (reader without a name: shows the defaults)', {}),
  ];
}

/** The readers of a list, in file order. */
export function readersFromList(list: SubscriberList): PreviewReader[] {
  return list.subscribers.map((subscriber) => {
    const name = displayNameOf(subscriber);
    return { key: subscriber.key, label: name ? `${name} <${subscriber.email}>` : subscriber.email, subscriber };
  });
}

/** The reader with address `email` (case-insensitive, trimmed), if any. */
export function findReader(readers: readonly PreviewReader[], email: string | undefined): PreviewReader | undefined {
  if (!email) return undefined;
  const key = email.trim().toLowerCase();
  return readers.find((reader) => reader.key === key);
}
