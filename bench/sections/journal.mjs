// 5. Journal overhead: the delivery engine with the SQLite journal against the same code
//    path with a no-op journal, alternately, to the same sink.
import { alternate } from '../helpers/stats.mjs';
import { startSink } from '../helpers/sinks.mjs';
import { runProbe } from '../helpers/probes.mjs';

/** Resolves the `journal` block of results.json. */
export async function benchJournal({ ws, example, list, n, rounds, concurrency, sinkKind, secret, log }) {
  const sink = await startSink(sinkKind);
  log(`journal: delivery engine with the SQLite journal vs a no-op journal, ${n} readers, ${rounds} rounds`);
  let how = '';
  const run = (journal) => async (round) => {
    const probe = await runProbe('journal', [
      '--config', example.config, '--issue', example.issueFile, '--list', list, '--port', String(sink.port),
      '--concurrency', String(concurrency), '--journal', journal, '--state', ws.dir(`journal-${journal}-${round}`),
    ], { env: { NEWSLETTER_SECRET: secret } });
    if (probe.sent !== n) throw new Error(`the ${journal} run sent ${probe.sent} of ${n}`);
    how = probe.how;
    return probe.msgsPerS;
  };
  let stats;
  try {
    stats = await alternate({ journal: run('sqlite'), noop: run('noop') }, rounds, (name, round, v) => log(`  round ${round + 1} ${name}: ${Math.round(v)} msg/s`));
  } finally {
    await sink.stop();
  }
  const overhead = (1 - stats.journal.median / stats.noop.median) * 100;
  return {
    result: { overhead_pct: overhead, journal_msgs_per_s: stats.journal.median, noop_msgs_per_s: stats.noop.median, n, sink: sink.kind, how, runs: stats },
    commands: { journal: `NEWSLETTER_SECRET=… node bench/probes/journal.mjs --config newsletter.config.yaml --issue issues/2020-12-nr34.de.yaml --list $TMP/readers-${n}.csv --port PORT --concurrency ${concurrency} --journal sqlite|noop --state $TMP/state` },
  };
}
