// 1. Send throughput: newsletter send, the naive nodemailer loop and smtp-source, run
//    alternately against one sink, each as a whole process timed from spawn to exit.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { alternate, ratio } from '../helpers/stats.mjs';
import { createGuard } from '../helpers/guard.mjs';
import { runTimed, assertSucceeded } from '../helpers/processes.mjs';
import { SMTP_SOURCE, POSTFIX_HINT, startSink } from '../helpers/sinks.mjs';
import { writeReaderList } from '../helpers/readers.mjs';
import { cliPath, configArgs, repoRoot } from '../helpers/example.mjs';

const NAIVE_LOOP = join(repoRoot, 'bench', 'naive-loop.mjs');

/** The `newsletter send` command line the bench runs (also printed in RESULTS.md); no `stateDir`: the state named by the environment. */
export function newsletterSendArgs({ example, stateDir, list, port, concurrency }) {
  return [
    ...configArgs(example), ...(stateDir ? ['--state', stateDir] : []), 'send', example.issueFile, '--to', list,
    '--smtp', `smtp://127.0.0.1:${port}`, '--yes', '--concurrency', String(concurrency), '--json',
    // the example's base_url is not served here: nothing to publish and check
    '--skip-url-check',
  ];
}

/**
 * The send's first progress line, 5 s into the delivery: what peaked before it is start-up,
 * rendering and reading the list into the plan (plus those 5 s of delivery).
 */
export const DELIVERY_MARK = /^progress: /m;

/**
 * Spawns `newsletter send` with a fresh SQLite `--state` folder, or with `databaseUrl` as
 * NEWSLETTER_DATABASE_URL; resolves the timed run whatever its outcome (see runTimed). With
 * `peakRss`, also the peak until the first progress line (`atMark`, see DELIVERY_MARK).
 */
export function spawnNewsletterSend({ example, ws, list, port, concurrency, secret, tag, databaseUrl, peakRss = false, rssEveryMs = 0, rssCapMb = 0, timeoutMs = 600_000 }) {
  const stateDir = databaseUrl ? undefined : ws.dir(`state-${tag}`);
  const args = newsletterSendArgs({ example, stateDir, list, port, concurrency });
  const env = { NEWSLETTER_SECRET: secret, ...(databaseUrl ? { NEWSLETTER_DATABASE_URL: databaseUrl } : {}) };
  return runTimed(process.execPath, [cliPath, ...args], { cwd: repoRoot, env, peakRss, rssEveryMs, rssCapMb, timeoutMs, ...(peakRss ? { mark: DELIVERY_MARK } : {}) });
}

/** `{ before_delivery_peak_rss_mb, before_delivery_s }` of a run with a mark (null when it printed no progress line). */
export function beforeDelivery(run) {
  return { before_delivery_peak_rss_mb: run.atMark?.peakRssMb ?? null, before_delivery_s: run.atMark?.s ?? null };
}

/** Spawns `newsletter send` and checks that every reader was sent to; resolves the run. */
export async function runNewsletterSend(options) {
  const result = assertSucceeded(await spawnNewsletterSend(options), 'newsletter send');
  const report = JSON.parse(result.stdout);
  if (report.sent !== options.n) throw new Error(`newsletter send reported ${report.sent} sent of ${options.n} (failed ${report.failed}, unknown ${report.unknown})`);
  return result;
}

/** Arguments of Postfix's `smtp-source` sending `n` copies of the sample message: the most this sink and machine take. */
export function smtpSourceArgs({ n, concurrency, sampleFile, port }) {
  return ['-4', '-s', String(concurrency), '-m', String(n), '-d', '-F', sampleFile, '-f', 'news@bench.example', '-t', 'reader@bench.example', `127.0.0.1:${port}`];
}

/** One `smtp-source` run; resolves msg/s. */
export async function smtpSourceRate({ n, concurrency, sampleFile, port }) {
  const run = assertSucceeded(await runTimed(SMTP_SOURCE, smtpSourceArgs({ n, concurrency, sampleFile, port })), 'smtp-source');
  return n / (run.wallMs / 1000);
}

/** Measures the three senders; resolves the `send` block of results.json plus details. */
export async function benchSend({ ws, example, list, n, rounds, concurrency, sinkKind, sample, content, secret, log }) {
  const sink = await startSink(sinkKind);
  log(`send: ${sink.kind} sink on 127.0.0.1:${sink.port}, ${n} readers, ${rounds} rounds`);
  const { errors, guarded: guard } = createGuard(log);
  // with the Node sink, also check that every message arrived
  const guarded = (name, fn) =>
    guard(name, async (round) => {
      const before = sink.received?.();
      const msgsPerS = await fn(round);
      if (before !== undefined && sink.received() - before < n) throw new Error(`the sink got ${sink.received() - before} of ${n} messages`);
      return msgsPerS;
    });
  const tasks = {
    newsletter: guarded('newsletter', async (round) => {
      const run = await runNewsletterSend({ example, ws, list, port: sink.port, concurrency, secret, n, tag: `send-${round}` });
      return n / (run.wallMs / 1000);
    }),
    naive: guarded('naive', async () => {
      const args = [NAIVE_LOOP, '--port', String(sink.port), '--list', list, '--content', content.dir, '--concurrency', String(concurrency)];
      const run = assertSucceeded(await runTimed(process.execPath, args, { cwd: repoRoot }), 'naive nodemailer loop');
      const { sent, failed } = JSON.parse(run.stdout);
      if (sent !== n) throw new Error(`naive loop sent ${sent} of ${n} (${failed} failed)`);
      return n / (run.wallMs / 1000);
    }),
  };
  // the same send to 10 readers: start, loading, rendering and SMTP verify, which every
  // timed send includes; in seconds, not msg/s
  const few = await writeReaderList(ws.path('readers-10-send.csv'), 10);
  const startup = guard('startup', async (round) => {
    const run = await runNewsletterSend({ example, ws, list: few, port: sink.port, concurrency, secret, n: 10, tag: `send-10-${round}` });
    return run.wallMs / 1000;
  });
  const haveSource = existsSync(SMTP_SOURCE);
  if (haveSource) {
    tasks.smtpSource = guarded('smtpSource', () => smtpSourceRate({ n, concurrency, sampleFile: sample.file, port: sink.port }));
  } else {
    log(`  ${POSTFIX_HINT}`);
  }
  tasks.startup = startup;
  let stats;
  try {
    const unit = (name, value) => (name === 'startup' ? `${value.toFixed(2)} s for 10 readers` : `${Math.round(value)} msg/s`);
    stats = await alternate(tasks, rounds, (name, round, value) => log(`  round ${round + 1} ${name}: ${value === null ? 'failed' : unit(name, value)}`));
  } finally {
    await sink.stop();
  }
  const ours = stats.newsletter?.median ?? null;
  const naive = stats.naive?.median ?? null;
  const limit = stats.smtpSource?.median ?? null;
  const startupS = stats.startup?.median ?? null;
  // what the delivery itself sustains once started: n over the wall time less the fixed part
  const afterStart = ours && startupS !== null && n / ours > startupS ? n / (n / ours - startupS) : null;
  return {
    result: {
      n,
      concurrency,
      sink: sink.kind,
      newsletter_msgs_per_s: ours,
      naive_nodemailer_msgs_per_s: naive,
      smtp_source_msgs_per_s: limit,
      ratio_vs_naive: ratio(ours, naive),
      ratio_vs_limit: ratio(ours, limit),
      newsletter_startup_s: startupS,
      newsletter_after_start_msgs_per_s: afterStart,
      message_bytes: sample.bytes,
      message_source: sample.source,
      baseline_content: content.source,
      runs: stats,
      errors,
      ...(haveSource ? {} : { smtp_source_missing: POSTFIX_HINT }),
    },
    commands: {
      newsletter: `NEWSLETTER_SECRET=… node bin/newsletter ${newsletterSendArgs({ example: { ...example, config: 'newsletter.config.yaml', issueFile: 'issues/2020-12-nr34.de.yaml' }, stateDir: '$TMP/state', list: `$TMP/readers-${n}.csv`, port: 'PORT', concurrency }).join(' ')}`,
      naive: `node bench/naive-loop.mjs --port PORT --list $TMP/readers-${n}.csv --content $TMP/content --concurrency ${concurrency}`,
      smtpSource: `smtp-source ${smtpSourceArgs({ n, concurrency, sampleFile: '$TMP/sample.eml', port: 'PORT' }).join(' ')}`,
      sink: sink.kind === 'smtp-sink' ? 'smtp-sink -4 -u nobody -m 64 127.0.0.1:PORT 128' : 'in-process smtp-server (bench/helpers/sinks.mjs)',
    },
  };
}
