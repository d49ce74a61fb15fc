import { basename } from 'node:path';
import { findConfigFile } from '../../config/load-config.js';
import type { Config } from '../../config/types.js';
import { suppressionKind } from '../../state/types.js';
import type { StateLocation } from '../../state/state-location.js';
import { readSubscriberList, unknownLanguages, type SubscriberList, type UnknownLanguage } from '../../subscribers/index.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail } from '../context.js';
import { plural, printJson, say } from '../output.js';
import { unknownLanguageLines } from '../language-lines.js';
import { openCliState, stateLocationOf } from '../state.js';

/** Rows of each kind listed in the human report before "… and N more". */
const SHOWN = 20;

/** The project's config when there is one: list commands also work in a folder without a project. */
export function configIfAny(globals: Record<string, any>): Config | undefined {
  return globals.config || findConfigFile(process.cwd()) ? loadConfigOrFail(globals) : undefined;
}

/** `newsletter subscribers check <csv>`: what a send would make of the list; exit 0 whenever it could be read. */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const file = args[0] as string;
  const config = configIfAny(globals);
  const list = await readSubscriberList(file, { encoding: options.encoding, columns: config?.subscribers?.columns });
  const suppressed = await countSuppressed(list, stateLocationOf(config, globals), config?.list_id);
  // without a config the languages an issue comes in are not known: nothing to compare with
  const unknown = config ? unknownLanguages(list.subscribers, config.languages) : undefined;

  if (options.json) {
    printJson({
      file: list.file,
      rows: list.rows,
      valid: list.subscribers.length,
      invalid: list.invalid.map(({ line, value, reason }) => ({ line, value, reason })),
      duplicates: list.duplicates.map(({ line, email, firstLine }) => ({ line, email, first_line: firstLine })),
      unsubscribed: suppressed.unsubscribed,
      bounced: suppressed.bounced,
      ...(unknown ? { unknown_languages: unknown } : {}),
    });
    return 0;
  }

  const name = basename(file);
  say(`${name}: ${list.rows} ${plural(list.rows, 'row')}, ${list.subscribers.length} ${plural(list.subscribers.length, 'valid address', 'valid addresses')}`);
  if (list.invalid.length > 0) {
    say(`invalid (skipped): ${list.invalid.length} ${plural(list.invalid.length, 'row')}`);
    for (const row of list.invalid.slice(0, SHOWN)) say(`  line ${row.line}: ${row.value === '' ? '(empty)' : `"${row.value}"`}: ${row.reason}`);
    more(list.invalid.length);
  }
  if (list.duplicates.length > 0) {
    say(`duplicates (mailed once): ${list.duplicates.length} ${plural(list.duplicates.length, 'row')}`);
    for (const row of list.duplicates.slice(0, SHOWN)) say(`  line ${row.line}: ${row.email} (first on line ${row.firstLine})`);
    more(list.duplicates.length);
  }
  if (unknown && unknown.length > 0 && config) sayUnknownLanguages(unknown, config);
  say(`unsubscribed: ${suppressed.unsubscribed}, bounced: ${suppressed.bounced} (on the suppression list: never mailed)`);
  say(`would be mailed: ${list.subscribers.length - suppressed.unsubscribed - suppressed.bounced}`);
  return 0;
}

function sayUnknownLanguages(unknown: readonly UnknownLanguage[], config: Config): void {
  for (const line of unknownLanguageLines(unknown, config)) say(line);
}

async function countSuppressed(list: SubscriberList, location: StateLocation, listId?: string): Promise<{ unsubscribed: number; bounced: number }> {
  const counts = { unsubscribed: 0, bounced: 0 };
  const state = await openCliState(location, { existingOnly: true, readOnly: true });
  if (!state) return counts;
  try {
    const keys = await state.suppression.keys(listId);
    for (const subscriber of list.subscribers) {
      const reason = keys.get(subscriber.key);
      if (reason && suppressionKind(reason) === 'bounced') counts.bounced++;
      else if (reason) counts.unsubscribed++;
    }
    return counts;
  } finally {
    await state.close();
  }
}


function more(total: number): void {
  if (total > SHOWN) say(`  … and ${total - SHOWN} more (--json lists them all)`);
}
