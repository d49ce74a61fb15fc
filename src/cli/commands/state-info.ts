import type { CommandInput } from '../command.js';
import { configIfAny } from './subscribers-check.js';
import { printJson, say } from '../output.js';
import { openCliState, stateLine, stateLocationOf } from '../state.js';

/** `newsletter state info [--json]`: which state this project uses, its schema version and what it holds. */
export async function run({ options, globals }: CommandInput): Promise<number> {
  const config = configIfAny(globals);
  const location = stateLocationOf(config, globals);
  const state = await openCliState(location, { existingOnly: true, readOnly: true });
  if (!state) {
    if (options.json) printJson({ backend: location.backend, location: location.backend === 'sqlite' ? location.dir : undefined, exists: false });
    else say(`${stateLine(location)}\nnothing recorded yet (the first send, unsubscribe or serve creates it)`);
    return 0;
  }
  try {
    const info = await state.info();
    const leases = await state.journal.leases();
    if (options.json) {
      printJson({ ...info, exists: true, locks: leases.map((l) => ({ issue: l.issueId, destination: l.destination, pid: l.pid, host: l.host, since: l.since, heartbeat: l.heartbeat, expires: l.expires })) });
      return 0;
    }
    say(
      [
        stateLine(location),
        `schema version ${info.schemaVersion}`,
        `suppression list: ${info.counts.suppressed} ${info.counts.suppressed === 1 ? 'entry' : 'entries'}`,
        `journal: ${info.counts.journalRows} ${info.counts.journalRows === 1 ? 'row' : 'rows'} in ${info.counts.runs} ${info.counts.runs === 1 ? 'run' : 'runs'}`,
        `send locks: ${leases.length === 0 ? 'none' : leases.map((l) => `${l.issueId} → ${l.destination} (process ${l.pid} on ${l.host}, last heartbeat ${l.heartbeat})`).join('; ')}`,
      ].join('\n'),
    );
    return 0;
  } finally {
    await state.close();
  }
}
