import { streamSubscriberList, type ReadListOptions } from './list-stream.js';
import type { DuplicateRow, InvalidRow, Subscriber, SubscriberList } from './types.js';

export type { ReadListOptions } from './list-stream.js';

/**
 * Reads a whole subscriber CSV into memory (see streamSubscriberList for what it accepts):
 * the distinct valid readers, invalid rows and duplicates with their file line. For the
 * preview and small lists; a send streams the list into its plan instead.
 */
export async function readSubscriberList(file: string, options: ReadListOptions = {}): Promise<SubscriberList> {
  const seen = new Map<string, number>();
  const subscribers: Subscriber[] = [];
  const invalid: InvalidRow[] = [];
  const duplicates: DuplicateRow[] = [];
  let path = '';
  let columns: string[] = [];
  for await (const event of streamSubscriberList(file, options)) {
    switch (event.kind) {
      case 'header':
        path = event.file;
        columns = event.columns;
        break;
      case 'invalid':
        invalid.push(event.row);
        break;
      case 'reader': {
        const { subscriber } = event;
        const firstLine = seen.get(subscriber.key);
        if (firstLine !== undefined) duplicates.push({ line: subscriber.line, email: subscriber.email, firstLine });
        else {
          seen.set(subscriber.key, subscriber.line);
          subscribers.push(subscriber);
        }
        break;
      }
      case 'end':
        return { file: path, rows: event.rows, columns, subscribers, invalid, duplicates, contentHash: event.contentHash };
    }
  }
  throw new Error('the list ended without its end event');
}
