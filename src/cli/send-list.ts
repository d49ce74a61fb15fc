/** The subscriber list as `send` reads it: streamed, with the personal fields checked on the way. */
import { relative } from 'node:path';
import type { Config } from '../config/types.js';
import { hasErrors, UserError } from '../errors.js';
import type { IssueSet } from '../issue/types.js';
import { PersonalFieldTally } from '../render/personal-field-check.js';
import { editDistance } from '../source/did-you-mean.js';
import { normalizeAddress } from '../subscribers/email-address.js';
import { streamSubscriberList, type ReadListOptions } from '../subscribers/list-stream.js';
import type { Subscriber, SubscriberList } from '../subscribers/types.js';
import { printProblems } from './output.js';

/**
 * Personal fields held against the list while it streams: a field no column fills stops the
 * run at the header, before any reader is planned (tests and dry runs included); fields
 * some readers leave empty are warned about once the list is read.
 */
export class FieldCheck {
  private readonly tally: PersonalFieldTally;

  constructor(issueSet: IssueSet, config: Config) {
    this.tally = new PersonalFieldTally(issueSet.issues, { languages: config.languages, defaultLanguage: config.default_language });
  }

  header(list: { file: string; columns: string[] }): void {
    const problems = this.tally.columnProblems(list);
    if (hasErrors(problems)) {
      throw new UserError(`the issue names personal fields that ${relative(process.cwd(), list.file) || list.file} cannot fill; nothing was sent`, {
        problems,
        hint: 'fix the field names above, or add the column to the list',
      });
    }
  }

  add(reader: Subscriber): void {
    this.tally.add(reader);
  }

  report(list: { file: string; columns: string[] }): void {
    const problems = this.tally.problems(list);
    if (problems.length > 0) printProblems(problems);
  }
}

/**
 * `--test [--as READER]`: the list streamed once for the test addresses and the `--as`
 * reader (sent as those readers when they are on it) and for the field check. Only the
 * readers found are kept — and, while `--as` is not found, the one closest to it, so that
 * the test send can still say "did you mean …?" without a copy of the whole list.
 */
export async function testReaders(listFile: { file: string } & ReadListOptions, addresses: string[], fields: FieldCheck, as?: string): Promise<SubscriberList> {
  const keyOf = (value: string) => {
    const address = normalizeAddress(value);
    return address.ok ? address.key : undefined;
  };
  const keys = new Set(addresses.map(keyOf).filter((key): key is string => key !== undefined));
  const asKey = as === undefined ? undefined : keyOf(as);
  if (asKey) keys.add(asKey);
  // as didYouMean compares: the one with the smallest edit distance, the first of equals
  const wanted = as === undefined ? undefined : (asKey ?? as.trim().toLowerCase()).replace(/[\s-]/g, '_');
  let closest: { subscriber: Subscriber; distance: number } | undefined;
  const found = new Map<string, Subscriber>();
  const list: SubscriberList = { file: '', rows: 0, columns: [], subscribers: [], invalid: [], duplicates: [], contentHash: '' };
  for await (const event of streamSubscriberList(listFile.file, listFile)) {
    if (event.kind === 'header') {
      fields.header(event);
      Object.assign(list, { file: event.file, columns: event.columns });
    } else if (event.kind === 'reader' && !found.has(event.subscriber.key)) {
      // no set of every address is kept: a reader listed twice counts twice in the field warnings here
      if (keys.has(event.subscriber.key)) found.set(event.subscriber.key, event.subscriber);
      else if (wanted !== undefined && (asKey === undefined || !found.has(asKey))) {
        const distance = editDistance(wanted, event.subscriber.key);
        if (!closest || distance < closest.distance) closest = { subscriber: event.subscriber, distance };
      }
      fields.add(event.subscriber);
    } else if (event.kind === 'end') Object.assign(list, { rows: event.rows, contentHash: event.contentHash });
  }
  fields.report({ file: list.file, columns: list.columns ?? [] });
  list.subscribers = [...found.values(), ...(closest && !(asKey && found.has(asKey)) ? [closest.subscriber] : [])];
  return list;
}
