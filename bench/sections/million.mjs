// 7. A million readers: one `newsletter send` (SQLite state, the sink) to a list streamed to a
//    temp file, its peak RSS against the same send to 10 000 readers, and its whole-run speed
//    against smtp-source measured before and after it. A send that runs out of time or
//    crashes is reported with what it reached (sent so far, peak so far), never as a figure
//    of a finished run.
import { existsSync } from 'node:fs';
import { ratio, summarize } from '../helpers/stats.mjs';
import { startSink, SMTP_SOURCE, POSTFIX_HINT } from '../helpers/sinks.mjs';
import { writeReaderList } from '../helpers/readers.mjs';
import { beforeDelivery, spawnNewsletterSend, runNewsletterSend, smtpSourceRate } from './send.mjs';

export const BASELINE_N = 10_000;

/** Resolves the `million` block of results.json. */
export async function benchMillion({ ws, example, n, rounds, concurrency, sinkKind, sample, secret, log, timeoutS, rssCapMb }) {
  log(`million: writing ${n.toLocaleString('en-US')} readers to a temp file`);
  const list = await writeReaderList(ws.path(`readers-million-${n}.csv`), n);
  const baselineList = await writeReaderList(ws.path(`readers-million-baseline-${BASELINE_N}.csv`), BASELINE_N);
  const sink = await startSink(sinkKind);
  log(`million: newsletter send to ${n.toLocaleString('en-US')} readers (SQLite state, ${sink.kind} sink), time limit ${timeoutS} s`);
  const haveSource = existsSync(SMTP_SOURCE);
  const limitN = Math.min(n, BASELINE_N);
  const limitRuns = async (when) => {
    const rates = [];
    for (let i = 0; haveSource && i < rounds; i++) rates.push(await smtpSourceRate({ n: limitN, concurrency, sampleFile: sample.file, port: sink.port }));
    if (rates.length) log(`  smtp-source ${when}: ${rates.map(Math.round).join(', ')} msg/s`);
    return rates;
  };
  try {
    const before = await limitRuns('before');
    const baseline = await runNewsletterSend({ example, ws, list: baselineList, port: sink.port, concurrency, secret, n: BASELINE_N, tag: 'million-baseline', peakRss: true });
    log(`  ${BASELINE_N.toLocaleString('en-US')} readers: peak RSS ${baseline.peakRssMb?.toFixed(1)} MB, ${Math.round(BASELINE_N / (baseline.wallMs / 1000))} msg/s`);
    // the cap spares a shared machine gigabytes and the rest of an hour when the send is not flat
    const run = await spawnNewsletterSend({ example, ws, list, port: sink.port, concurrency, secret, tag: 'million', peakRss: true, rssEveryMs: 2000, rssCapMb, timeoutMs: timeoutS * 1000 });
    const outcome = millionOutcome(run, n, rssCapMb);
    log(`  ${n.toLocaleString('en-US')} readers: ${outcome.finished ? 'finished' : `not finished (${outcome.stopped})`}, ${outcome.sent.toLocaleString('en-US')} sent in ${Math.round(run.wallMs / 1000)} s, peak RSS ${outcome.peakRssMb?.toFixed(1)} MB`);
    const after = await limitRuns('after');
    const limit = summarize([...before, ...after]);
    const msgsPerS = outcome.sent / (run.wallMs / 1000);
    const result = {
      n,
      baseline_n: BASELINE_N,
      concurrency,
      sink: sink.kind,
      finished: outcome.finished,
      ...(outcome.finished ? {} : { stopped: outcome.stopped }),
      sent: outcome.sent,
      wall_s: run.wallMs / 1000,
      time_limit_s: timeoutS,
      rss_cap_mb: rssCapMb,
      msgs_per_s: msgsPerS,
      peak_rss_mb: outcome.peakRssMb,
      rss_method: outcome.rssMethod,
      ...beforeDelivery(run),
      baseline_peak_rss_mb: baseline.peakRssMb,
      baseline_before_delivery_peak_rss_mb: baseline.atMark?.peakRssMb ?? null,
      baseline_msgs_per_s: BASELINE_N / (baseline.wallMs / 1000),
      rss_vs_baseline: ratio(outcome.peakRssMb, baseline.peakRssMb),
      smtp_source_msgs_per_s: limit?.median ?? null,
      smtp_source_n: limitN,
      ratio_vs_limit: ratio(msgsPerS, limit?.median ?? null),
      rss_timeline: run.rssTimeline?.map(({ s, mb }) => ({ s: Math.round(s), mb: Math.round(mb) })),
      runs: { smtpSourceBefore: summarize(before), smtpSourceAfter: summarize(after), smtpSource: limit },
      ...(haveSource ? {} : { smtp_source_missing: POSTFIX_HINT }),
    };
    return {
      result,
      commands: { million: `NEWSLETTER_SECRET=… node bin/newsletter --config newsletter.config.yaml --state $TMP/state send issues/2020-12-nr34.de.yaml --to $TMP/readers-${n}.csv --smtp smtp://127.0.0.1:PORT --yes --concurrency ${concurrency} --json   # under GNU time -f %M, and the same to ${BASELINE_N} readers` },
    };
  } finally {
    await sink.stop();
  }
}

/**
 * What a big send reached: `{ finished, stopped, sent, peakRssMb, rssMethod }`. Finished means
 * exit 0 with every reader sent; otherwise `sent` comes from the last progress line and the
 * peak from polling /proc (GNU time dies with the killed process group).
 */
export function millionOutcome(run, n, rssCapMb) {
  let report = null;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    /* no report: killed or crashed */
  }
  const finished = run.code === 0 && !run.timedOut && report?.sent === n;
  const progress = [...run.stderr.matchAll(/progress: [\d,]+ of [\d,]+ \(\d+%\), sent ([\d,]+)/g)].pop();
  const sent = report?.sent ?? (progress ? Number(progress[1].replace(/,/g, '')) : 0);
  const stopped = finished
    ? undefined
    : run.overRssCap
      ? `stopped when its resident memory passed ${rssCapMb} MB`
      : run.timedOut
        ? 'stopped at the time limit'
        : `exited with ${run.code ?? run.signal}${report ? ` (sent ${report.sent}, failed ${report.failed}, unknown ${report.unknown})` : `: ${run.stderr.trim().split('\n').filter((l) => !l.startsWith('progress:')).slice(-3).join(' ')}`}`;
  const useKernel = finished && run.peakRssMb != null;
  return {
    finished,
    stopped,
    sent,
    peakRssMb: useKernel ? run.peakRssMb : Math.max(run.polledPeakRssMb ?? 0, run.peakRssMb ?? 0) || null,
    rssMethod: useKernel ? run.rssMethod : 'VmHWM polled every 2 s (the peak until the process ended)',
  };
}
