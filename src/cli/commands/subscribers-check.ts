import { basename } from 'node:path';
import { findConfigFile } from '../../config/load-config.js';
import type { Config } from '../../config/types.js';
import { suppressionKind } from '../../state/types.js';
import type { StateLocation } from '../../state/state-location.js';
import type { StoredPlan } from '../../send/types.js';
import { UnknownLanguageTally, type UnknownLanguage } from '../../subscribers/unknown-languages.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail } from '../context.js';
import { plural, printJson, say } from '../output.js';
import { unknownLanguageLines } from '../language-lines.js';
import { withScratchPlan } from '../scratch-plan.js';
import { openCliState, stateLocationOf } from '../state.js';

/** The project's config when there is one: list commands also work in a folder without a project. */
export function configIfAny(globals: Record<string, any>): Config | undefined {
  return globals.config || findConfigFile(process.cwd()) ? loadConfigOrFail(globals) : undefined;
}

/** `newsletter subscribers check <csv>`: what a send would make of the list; exit 0 whenever it could be read. */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const file = args[0] as string;
  const config = configIfAny(globals);
  // without a config the languages an issue comes in are not known: nothing to compare with
  const unknownTally = config ? new UnknownLanguageTally(config.languages) : undefined;
  const checked = await withScratchPlan({ file, encoding: options.encoding, columns: config?.subscribers?.columns }, config, (reader) => unknownTally?.add(reader), (plan) =>
    countSuppressed(plan, stateLocationOf(config, globals), config?.list_id),
  );
  const { plan, suppressed } = checked;
  const { summary } = plan;
  const invalid = summary.examples.skipped.filter((row) => row.reason === 'invalid');
  const duplicates = summary.examples.skipped.filter((row) => row.reason === 'duplicate');
  const unknown = unknownTally?.result();

  if (options.json) {
    printJson({
      file: plan.list.file,
      rows: plan.list.rows,
      valid: summary.recipients,
      invalid: invalid.map(({ line, email, detail }) => ({ line, value: email, reason: detail })),
      duplicates: duplicates.map(({ line, email, firstLine }) => ({ line, email, first_line: firstLine })),
      invalid_rows: summary.skipped.invalid,
      duplicate_rows: summary.skipped.duplicate,
      unsubscribed: suppressed.unsubscribed,
      bounced: suppressed.bounced,
      ...(unknown ? { unknown_languages: unknown } : {}),
    });
    return 0;
  }

  const name = basename(file);
  const valid = summary.recipients;
  say(`${name}: ${plan.list.rows} ${plural(plan.list.rows, 'row')}, ${valid} ${plural(valid, 'valid address', 'valid addresses')}`);
  if (summary.skipped.invalid > 0) {
    say(`invalid (skipped): ${summary.skipped.invalid} ${plural(summary.skipped.invalid, 'row')}`);
    for (const row of invalid) say(`  line ${row.line}: ${row.email === '' ? '(empty)' : `"${row.email}"`}: ${row.detail}`);
    more(summary.skipped.invalid, invalid.length);
  }
  if (summary.skipped.duplicate > 0) {
    say(`duplicates (mailed once): ${summary.skipped.duplicate} ${plural(summary.skipped.duplicate, 'row')}`);
    for (const row of duplicates) say(`  line ${row.line}: ${row.email} (first on line ${row.firstLine})`);
    more(summary.skipped.duplicate, duplicates.length);
  }
  if (unknown && unknown.length > 0 && config) sayUnknownLanguages(unknown, config);
  say(`unsubscribed: ${suppressed.unsubscribed}, bounced: ${suppressed.bounced} (on the suppression list: never mailed)`);
  say(`would be mailed: ${valid - suppressed.unsubscribed - suppressed.bounced}`);
  return 0;
}

function sayUnknownLanguages(unknown: readonly UnknownLanguage[], config: Config): void {
  for (const line of unknownLanguageLines(unknown, config)) say(line);
}

async function countSuppressed(plan: StoredPlan, location: StateLocation, listId?: string): Promise<{ unsubscribed: number; bounced: number }> {
  const counts = { unsubscribed: 0, bounced: 0 };
  const state = await openCliState(location, { existingOnly: true, readOnly: true });
  if (!state) return counts;
  try {
    let keys: string[] = [];
    const lookup = async () => {
      for (const reason of (await state.suppression.lookup(keys, listId)).values()) {
        if (suppressionKind(reason) === 'bounced') counts.bounced++;
        else counts.unsubscribed++;
      }
      keys = [];
    };
    for await (const recipient of plan.cursor()) {
      keys.push(recipient.subscriber.key);
      if (keys.length === 1000) await lookup();
    }
    await lookup();
    return counts;
  } finally {
    await state.close();
  }
}

function more(total: number, shown: number): void {
  if (total > shown) say(`  … and ${total - shown} more (the first ${shown} are shown)`);
}
