// The bench's own arithmetic, checked: `npm run bench:test` (`node --test bench/test/`). (Not part of `npm test`:
// the bench is not shipped and CI does not run it.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alternate, ratio, summarize } from '../helpers/stats.mjs';
import { checkTargets } from '../helpers/targets.mjs';
import { summarizeProfile } from '../helpers/profile.mjs';
import { mergeResults } from '../helpers/merge.mjs';
import { runTimed, thin } from '../helpers/processes.mjs';
import { millionOutcome } from '../sections/million.mjs';
import { phaseSentence, writeReport } from '../helpers/report.mjs';

test('summarize gives median, min and max, and skips failed runs', () => {
  assert.deepEqual(summarize([3, 1, 2]), { median: 2, min: 1, max: 3, runs: [3, 1, 2] });
  assert.equal(summarize([4, 1, 3, 2]).median, 2.5);
  assert.deepEqual(summarize([null, 5]).runs, [5]);
  assert.equal(summarize([null]), null);
});

test('alternate runs the contenders in turn, round after round', async () => {
  const order = [];
  const stats = await alternate({ a: async (r) => (order.push(`a${r}`), 1 + r), b: async (r) => (order.push(`b${r}`), 10) }, 2);
  assert.deepEqual(order, ['a0', 'b0', 'a1', 'b1']);
  assert.equal(stats.a.median, 1.5);
  assert.equal(ratio(stats.a.median, stats.b.median), 0.15);
  assert.equal(ratio(1, null), null);
});

test('targets say met, missed by how much, or not measured', () => {
  const rows = checkTargets({ send: { ratio_vs_naive: 2.1, ratio_vs_limit: 0.5 }, memory: { peak_rss_mb: 165 } });
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  assert.equal(byId['send-vs-naive'].shortBy, 'missed: 2.10× against ≥ 3.00×, 70 % of the target (needs 1.43× more)');
  assert.equal(byId['send-vs-limit'].met, true);
  assert.equal(byId.memory.shortBy, 'missed: 165 MB against ≤ 150 MB, 10 % over');
  assert.equal(byId.personalize.met, null);
});

test('a profile is summed by function and package, optionally inside one function only', () => {
  const frame = (functionName, url = '') => ({ functionName, url, lineNumber: 0 });
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 4] },
      { id: 2, callFrame: frame('loop', 'file:///repo/bench/probe.mjs'), children: [3] },
      { id: 3, callFrame: frame('encode', 'file:///repo/node_modules/nodemailer/x.js') },
      { id: 4, callFrame: frame('wrapSafe', 'node:internal/modules/cjs/loader') },
    ],
    samples: [3, 3, 2, 4],
    timeDeltas: [1000, 1000, 1000, 1000],
  };
  const all = summarizeProfile(profile, { repoRoot: '/repo' });
  assert.equal(all.totalMs, 4);
  assert.deepEqual(all.functions[0], { name: 'encode', where: 'node_modules/nodemailer/x.js:1', selfMs: 2, pct: 50 });
  assert.equal(all.moduleLoadingPct, 25);
  const focused = summarizeProfile(profile, { repoRoot: '/repo', focus: 'loop' });
  assert.equal(focused.totalMs, 3);
  assert.deepEqual(focused.packages.map((p) => p.name), ['nodemailer', 'bench (the probe itself)']);
});

test('a million-reader send that did not finish misses its speed, misses a ceiling it passed, proves no other', () => {
  const million = (peak) => ({ million: { n: 1_000_000, baseline_n: 10_000, finished: false, stopped: 'stopped at the time limit', sent: 400_000, wall_s: 3334, peak_rss_mb: peak, rss_vs_baseline: peak / 120, ratio_vs_limit: 0.2 } });
  const byId = (r) => Object.fromEntries(checkTargets(r).map((t) => [t.id, t]));
  const big = byId(million(900));
  assert.equal(big['million-rss'].label, 'peak RSS of send to 1,000,000 readers');
  assert.equal(big['million-rss'].met, false);
  assert.match(big['million-rss'].shortBy, /^missed: at least 900 MB against ≤ 150 MB; the send did not finish \(stopped at the time limit; 400,000 of 1,000,000 sent in 3,334 s\)$/);
  assert.equal(big['million-speed'].met, false);
  const small = byId(million(125));
  assert.equal(small['million-rss'].met, null);
  assert.match(small['million-rss'].shortBy, /^not shown: the send did not finish/);
  assert.equal(small['million-rss-vs-baseline'].met, null);
  const done = byId({ million: { n: 1_000_000, baseline_n: 10_000, finished: true, peak_rss_mb: 140, rss_vs_baseline: 1.04, ratio_vs_limit: 0.65 }, pg: { ratio: 0.69 } });
  assert.deepEqual([done['million-rss'].met, done['million-rss-vs-baseline'].met, done['million-speed'].met], [true, true, true]);
  assert.equal(done['pg-vs-sqlite'].shortBy, 'missed: 0.69× against ≥ 0.70×, 99 % of the target (needs 1.01× more)');
});

test('a partial run replaces only its rows and keeps when the others were measured', () => {
  const previous = {
    date: '2026-01-01T00:00:00Z', commit: 'aaa', machine: { cpus: 2 },
    send: { ratio_vs_limit: 0.5 }, pg: { ratio: 0.5, measured: { date: '2026-01-02T00:00:00Z', commit: 'bbb' } }, memory: null,
    profiles: { 'send-vs-naive': { totalMs: 1 }, 'pg-vs-sqlite': { totalMs: 2 } },
    commands: { newsletter: 'old', pgSend: 'old' },
  };
  const fresh = { date: '2026-02-01T00:00:00Z', commit: 'ccc', send: null, pg: { ratio: 0.8, measured: { date: '2026-02-01T00:00:00Z', commit: 'ccc' } }, profiles: {}, commands: { pgSend: 'new' } };
  const merged = mergeResults(previous, fresh, ['pg']);
  assert.deepEqual(merged.send, { ratio_vs_limit: 0.5, measured: { date: '2026-01-01T00:00:00Z', commit: 'aaa', machine: { cpus: 2 } } });
  assert.equal(merged.pg.ratio, 0.8);
  assert.equal(merged.memory, null);
  assert.deepEqual(Object.keys(merged.profiles), ['send-vs-naive']);
  assert.deepEqual(merged.commands, { newsletter: 'old', pgSend: 'new' });
  assert.equal(merged.commit, 'ccc');
  assert.equal(mergeResults(null, fresh, ['pg']), fresh);
});

test('what an unfinished big send reached comes from its last progress line and the polled peak', () => {
  const stderr = 'progress: 1,000 of 50,000 (2%), sent 998, failed 2, 85/s\nprogress: 2,000 of 50,000 (4%), sent 1,996, failed 4, 85/s, about 9 min left\n';
  const killed = millionOutcome({ code: null, signal: 'SIGKILL', timedOut: true, stdout: '', stderr, peakRssMb: null, polledPeakRssMb: 812.5 }, 50_000);
  assert.deepEqual(killed, { finished: false, stopped: 'stopped at the time limit', sent: 1996, peakRssMb: 812.5, rssMethod: 'VmHWM polled every 2 s (the peak until the process ended)' });
  const crashed = millionOutcome({ code: 134, timedOut: false, stdout: '', stderr: `${stderr}FATAL ERROR: Reached heap limit\n`, peakRssMb: 2100, polledPeakRssMb: 2050 }, 50_000);
  assert.equal(crashed.stopped, 'exited with 134: FATAL ERROR: Reached heap limit');
  assert.equal(crashed.peakRssMb, 2100);
  const capped = millionOutcome({ code: null, signal: 'SIGKILL', timedOut: false, overRssCap: true, stdout: '', stderr, peakRssMb: null, polledPeakRssMb: 1030 }, 50_000, 1024);
  assert.equal(capped.stopped, 'stopped when its resident memory passed 1024 MB');
  const report = JSON.stringify({ sent: 50_000, failed: 0, unknown: 0 });
  const done = millionOutcome({ code: 0, timedOut: false, stdout: report, stderr, peakRssMb: 140, polledPeakRssMb: 139, rssMethod: 'GNU time %M' }, 50_000);
  assert.deepEqual(done, { finished: true, stopped: undefined, sent: 50_000, peakRssMb: 140, rssMethod: 'GNU time %M' });
});

test('thin keeps at most max evenly spread points, first and last included', () => {
  assert.deepEqual(thin([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4), [1, 4, 7, 10]);
  assert.deepEqual(thin([1, 2], 4), [1, 2]);
});

test('RESULTS.md says a million-reader send did not finish, and what it reached', async () => {
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'bench-report-test-'));
  try {
    const million = { n: 1_000_000, baseline_n: 10_000, concurrency: 4, sink: 'smtp-sink', finished: false, stopped: 'stopped when its resident memory passed 1024 MB', sent: 41_000, wall_s: 95, time_limit_s: 3334, msgs_per_s: 431.6, peak_rss_mb: 1030, rss_method: 'VmHWM polled every 2 s (the peak until the process ended)', baseline_peak_rss_mb: 160, rss_vs_baseline: 6.44, smtp_source_msgs_per_s: 900, smtp_source_n: 10_000, ratio_vs_limit: 0.48, runs: {}, measured: { date: '2026-11-29T21:40:00Z', commit: 'abc1234' } };
    const machine = { cpus: 2, cpu_model: 'X', memory_gb: 24, os: 'Linux', node: '20.20.2' };
    const markdown = writeReport(dir, { million, machine, date: '2026-11-29T21:40:00Z', commit: 'abc1234', duration_s: 200, rows_run: ['million'] });
    assert.match(markdown, /\*\*it did not finish\*\*: stopped when its resident memory passed 1024 MB, after 95\.0 s with 41,000 sent/);
    assert.match(markdown, /_Measured 2026-11-29T21:40:00Z on commit abc1234\._/);
    assert.match(markdown, /\| peak RSS of send to 1,000,000 readers \| 1,030 MB \| ≤ 150 MB \| missed: at least 1,030 MB against ≤ 150 MB; the send did not finish/);
    assert.match(readFileSync(join(dir, 'results.json'), 'utf8'), /"stopped": "stopped when its resident memory passed 1024 MB"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run split at its first progress line: the peak until then, and whether the delivery raised it', async () => {
  // a process that grows by about 40 MB only after it printed the line
  const script = "process.stderr.write('starting\\nprogress: 1 of 2\\n'); setTimeout(() => { globalThis.k = Buffer.alloc(40 * 2 ** 20, 1); setTimeout(() => {}, 300); }, 300);";
  const run = await runTimed(process.execPath, ['-e', script], { peakRss: true, mark: /^progress: /m });
  assert.equal(run.code, 0);
  assert.ok(run.atMark.s > 0 && run.atMark.s < run.wallMs / 1000);
  assert.ok(run.peakRssMb - run.atMark.peakRssMb > 30, `peak ${run.peakRssMb} MB, until the line ${run.atMark.peakRssMb} MB`);
  assert.equal(phaseSentence(150, 120, 31), 'Until its first progress line (at 31.0 s, 5 s into the delivery: start-up, rendering, the list read into the plan) it peaked at 120 MB; the delivery after that raised the peak by 30.0 MB.');
  assert.match(phaseSentence(120.4, 120, 31), /stayed below it: the peak is not the delivery's\.$/);
  assert.equal(phaseSentence(120, null, null), '');
});
