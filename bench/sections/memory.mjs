// 2. Memory: peak resident set of one `newsletter send` to a large list (streamed list,
//    journal on), as the kernel counts it for the whole process.
import { startSink } from '../lib/sinks.mjs';
import { runNewsletterSend } from './send.mjs';

/** Resolves the `memory` block of results.json. */
export async function benchMemory({ ws, example, list, n, concurrency, sinkKind, secret, log, timeoutMs }) {
  const sink = await startSink(sinkKind);
  log(`memory: newsletter send to ${n} readers (${sink.kind} sink)`);
  try {
    const run = await runNewsletterSend({ example, ws, list, port: sink.port, concurrency, secret, n, tag: 'memory', peakRss: true, timeoutMs });
    log(`  peak RSS ${run.peakRssMb?.toFixed(1)} MB, ${Math.round(run.wallMs / 1000)} s`);
    return { n, peak_rss_mb: run.peakRssMb, method: run.rssMethod, wall_s: run.wallMs / 1000, msgs_per_s: n / (run.wallMs / 1000), sink: sink.kind };
  } finally {
    await sink.stop();
  }
}
