// 2. Memory: peak resident set of one `newsletter send` to a large list (streamed list,
//    journal on), as the kernel counts it for the whole process. Beside it, what bounds
//    it: the same send to 10 readers (the fixed cost: modules, rendering), a build, and
//    the mjml CLI doing nothing but loading (`mjml --version`).
import { startSink } from '../helpers/sinks.mjs';
import { writeReaderList } from '../helpers/readers.mjs';
import { runTimed, assertSucceeded } from '../helpers/processes.mjs';
import { cliPath, configArgs, mjmlCliPath, repoRoot } from '../helpers/example.mjs';
import { beforeDelivery, runNewsletterSend } from './send.mjs';

/** Resolves the `memory` block of results.json. */
export async function benchMemory({ ws, example, list, n, concurrency, sinkKind, secret, log, timeoutMs }) {
  const sink = await startSink(sinkKind);
  log(`memory: newsletter send to ${n} readers (${sink.kind} sink)`);
  try {
    const run = await runNewsletterSend({ example, ws, list, port: sink.port, concurrency, secret, n, tag: 'memory', peakRss: true, timeoutMs });
    log(`  peak RSS ${run.peakRssMb?.toFixed(1)} MB (${run.atMark?.peakRssMb?.toFixed(1) ?? '?'} MB until the first progress line), ${Math.round(run.wallMs / 1000)} s`);
    const small = await writeReaderList(ws.path('readers-10.csv'), 10);
    const fixed = await runNewsletterSend({ example, ws, list: small, port: sink.port, concurrency, secret, n: 10, tag: 'memory-10', peakRss: true });
    const build = assertSucceeded(
      await runTimed(process.execPath, [cliPath, ...configArgs(example), 'build', example.issueFile, '--out', ws.dir('memory-build')], { cwd: repoRoot, peakRss: true }),
      'newsletter build',
    );
    const mjmlOnly = assertSucceeded(await runTimed(process.execPath, [mjmlCliPath, '--version'], { cwd: repoRoot, peakRss: true }), 'mjml --version');
    log(`  for comparison: send to 10 readers ${fixed.peakRssMb?.toFixed(1)} MB, build ${build.peakRssMb?.toFixed(1)} MB, loading mjml alone ${mjmlOnly.peakRssMb?.toFixed(1)} MB`);
    return {
      n,
      peak_rss_mb: run.peakRssMb,
      method: run.rssMethod,
      wall_s: run.wallMs / 1000,
      ...beforeDelivery(run),
      msgs_per_s: n / (run.wallMs / 1000),
      sink: sink.kind,
      send_10_readers_peak_rss_mb: fixed.peakRssMb,
      send_10_readers_wall_s: fixed.wallMs / 1000,
      build_peak_rss_mb: build.peakRssMb,
      mjml_loaded_peak_rss_mb: mjmlOnly.peakRssMb,
    };
  } finally {
    await sink.stop();
  }
}
