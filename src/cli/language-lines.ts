import type { Config } from '../config/types.js';
import type { UnknownLanguage } from '../subscribers/unknown-languages.js';
import { plural } from './output.js';

/** Values listed before "… and N more". */
const SHOWN = 20;

/** Rows whose language no issue comes in (`subscribers check`, the dry run): they get the default language, which may be a surprise. */
export function unknownLanguageLines(unknown: readonly UnknownLanguage[], config: Pick<Config, 'languages' | 'default_language'>): string[] {
  const rows = unknown.reduce((n, u) => n + u.count, 0);
  const lines = [`unknown language (mailed in the default, ${config.default_language}): ${rows} ${plural(rows, 'row')}`];
  for (const u of unknown.slice(0, SHOWN)) {
    const shown = u.lines.slice(0, 10).join(', ') + (u.lines.length > 10 ? ', …' : '');
    lines.push(`  "${u.value}": ${u.count} ${plural(u.count, 'row')} (${u.lines.length === 1 ? 'line' : 'lines'} ${shown})`);
  }
  if (unknown.length > SHOWN) lines.push(`  … and ${unknown.length - SHOWN} more values (--json lists them all)`);
  lines.push(`  hint: the newsletter comes in ${config.languages.join(', ')}; write one of these (en-GB counts as en), or leave the cell empty for the default`);
  return lines;
}

