// A partial run (`--only pg,million`) updates only its rows: the blocks of results.json it
// measured replace the old ones, every other block stays as it was, with the date and commit
// it was measured on.
import { existsSync, readFileSync } from 'node:fs';
import { TARGETS } from './targets.mjs';

/** Every row of the bench, in the order a full run measures them (`--only` takes these names). */
export const SECTIONS = ['send', 'pg', 'journal', 'build', 'personalize', 'memory', 'million'];

/** The previous results in `file`, or null when there are none (or they cannot be read). */
export function readPrevious(file) {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** `results` with every block that has no `measured` stamp given the run's date, commit and machine (files from before the stamps). */
export function withMeasured(results) {
  const out = { ...results };
  for (const name of SECTIONS) {
    const block = out[name];
    if (block && !block.measured) out[name] = { ...block, measured: { date: results.date, commit: results.commit, machine: results.machine } };
  }
  return out;
}

/**
 * The results to write after a run of the rows `ran`: `fresh`'s blocks for those rows,
 * `previous`'s for the others (stamped with the previous run's date and commit when they
 * carry no `measured` of their own). Commands and profiles are merged the same way; the
 * run's own date, commit, machine and duration are kept at the top.
 */
export function mergeResults(previous, fresh, ran) {
  if (!previous) return fresh;
  const stamped = withMeasured(previous);
  const merged = { ...fresh };
  for (const name of SECTIONS) if (!ran.includes(name)) merged[name] = stamped[name] ?? null;
  const ranTarget = (id) => ran.includes(TARGETS.find((t) => t.id === id)?.section);
  const keptProfiles = Object.fromEntries(Object.entries(previous.profiles ?? {}).filter(([id]) => !ranTarget(id)));
  merged.profiles = { ...keptProfiles, ...(fresh.profiles ?? {}) };
  merged.commands = { ...(previous.commands ?? {}), ...(fresh.commands ?? {}) };
  return merged;
}
