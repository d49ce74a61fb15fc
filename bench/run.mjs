// `npm run bench`: measures send throughput (SQLite and PostgreSQL state), memory (up to a
// million readers), build, personalisation and journal overhead against the peers and the
// limit, then writes bench/results.json and bench/RESULTS.md; a run of some rows
// (`--only pg,million`) updates only those. Options: --quick (small lists, a smoke test
// that writes nothing unless --out is given), --only ROWS (see SECTIONS), --rounds N,
// --send-n N, --memory-n N, --million-n N, --million-timeout S, --million-rss-cap MB, --out DIR, --no-profile,
// --sink smtp-sink|node, --report-only (RESULTS.md again from results.json, measuring nothing).
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createWorkspace } from './helpers/workspace.mjs';
import { writeReaderList } from './helpers/readers.mjs';
import { availableSink, POSTFIX_HINT } from './helpers/sinks.mjs';
import { exampleIssue, prepareContent, repoRoot } from './helpers/example.mjs';
import { sampleMessage } from './helpers/sample-message.mjs';
import { writeReport, renderSummary } from './helpers/report.mjs';
import { checkTargets } from './helpers/targets.mjs';
import { benchSend } from './sections/send.mjs';
import { benchMemory } from './sections/memory.mjs';
import { benchBuild } from './sections/build.mjs';
import { benchPersonalize } from './sections/personalize.mjs';
import { benchJournal } from './sections/journal.mjs';
import { benchPostgres } from './sections/postgres.mjs';
import { benchMillion } from './sections/million.mjs';
import { profileMisses } from './sections/profiles.mjs';
import { analyse } from './helpers/analysis.mjs';
import { SECTIONS, mergeResults, readPrevious, withMeasured } from './helpers/merge.mjs';
import { onInterrupt } from './helpers/interrupt.mjs';

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string' },
    'send-n': { type: 'string' },
    'memory-n': { type: 'string' },
    'million-n': { type: 'string' },
    'million-timeout': { type: 'string' },
    'million-rss-cap': { type: 'string' },
    out: { type: 'string' },
    'no-profile': { type: 'boolean', default: false },
    sink: { type: 'string' },
    'report-only': { type: 'boolean', default: false },
  },
});
// --report-only: write RESULTS.md again from the measurements in results.json (no new run)
if (opts['report-only']) {
  const dir = opts.out ?? join(repoRoot, 'bench');
  const saved = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  writeReport(dir, withVerdicts(withMeasured(saved)));
  process.stderr.write(`wrote ${join(dir, 'RESULTS.md')} from ${join(dir, 'results.json')}\n`);
  process.exit(0);
}
const log = (line) => process.stderr.write(`${line}\n`);
const asked = opts.only ? opts.only.split(',').map((name) => name.trim()).filter(Boolean) : SECTIONS;
const unknownRows = asked.filter((name) => !SECTIONS.includes(name));
if (unknownRows.length > 0 || asked.length === 0) {
  log(`--only ${opts.only}: unknown row ${unknownRows.join(', ') || '(none named)'}; the rows are ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const only = new Set(asked);
const quick = opts.quick;
const rounds = Number(opts.rounds ?? (quick ? 2 : 3));
const sendN = Number(opts['send-n'] ?? (quick ? 500 : 10_000));
const memoryN = Number(opts['memory-n'] ?? (quick ? 2_000 : 100_000));
const millionN = Number(opts['million-n'] ?? (quick ? 20_000 : 1_000_000));
// generous: a send at half the speed target still finishes; a slower one is reported as such
const millionTimeoutS = Number(opts['million-timeout'] ?? Math.max(300, Math.ceil(millionN / 300)));
// far above the 150 MB target: a send past it has missed, whatever it would reach
const millionRssCapMb = Number(opts['million-rss-cap'] ?? 1024);
const outDir = opts.out ?? (quick ? null : join(repoRoot, 'bench'));
const concurrency = 4;

const started = performance.now();
const ws = createWorkspace();
const secret = randomBytes(32).toString('hex');
const example = exampleIssue();
const sinkKind = opts.sink ?? availableSink();
if (!['smtp-sink', 'node'].includes(sinkKind)) throw new Error(`--sink ${sinkKind}: expected smtp-sink or node`);
if (sinkKind === 'node') log(`note: ${POSTFIX_HINT}\n      Using the in-process Node sink meanwhile.`);
const forgetWorkspace = onInterrupt(ws.remove);
const results = Object.fromEntries(SECTIONS.map((name) => [name, null]));
const commands = {};
const context = { ws, example, concurrency, sinkKind, secret, log, rounds };
const commit = gitCommit();
const machine = {
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model.trim() ?? 'unknown',
  memory_gb: Math.round(totalmem() / 2 ** 30),
  os: `${osType()} ${release()}`,
  node: process.versions.node,
};
const timings = [];

// A section that fails leaves its block with the reason; the others still run. Each block
// says when, on which commit and in how long it was measured.
async function section(name, fn) {
  if (!only.has(name)) return;
  const began = performance.now();
  const date = new Date().toISOString();
  try {
    const { result, commands: used } = await fn();
    results[name] = result;
    Object.assign(commands, used ?? {});
  } catch (error) {
    log(`${name} failed: ${error.message}`);
    results[name] = { error: error.message };
  }
  const seconds = (performance.now() - began) / 1000;
  results[name].measured = { date, commit, machine, duration_s: seconds, ...(quick ? { quick: true } : {}) };
  timings.push([name, seconds]);
  log(`${name}: ${Math.round(seconds)} s`);
}

try {
  log(`newsletter bench in ${ws.root}${quick ? ' (quick)' : ''}`);
  const content = await prepareContent(ws, example);
  if (content.source === 'synthetic') log(`note: the baseline sends synthetic content (${content.why})`);
  const sample = await sampleMessage(ws, example, content, secret);
  const sendList = only.has('send') || only.has('pg') ? await writeReaderList(ws.path(`readers-${sendN}.csv`), sendN) : null;
  const journalN = Math.min(sendN, 3000);
  const journalList = only.has('journal') ? await writeReaderList(ws.path(`readers-${journalN}.csv`), journalN) : null;

  // the longest part, the memory run, goes last
  await section('send', () => benchSend({ ...context, list: sendList, n: sendN, sample, content }));
  await section('pg', () => benchPostgres({ ...context, list: sendList, n: sendN }));
  await section('journal', () => benchJournal({ ...context, list: journalList, n: journalN }));
  await section('build', () => benchBuild({ ...context, rounds: Math.max(rounds, 5) }));
  await section('personalize', () => benchPersonalize({ ...context, rounds: Math.max(rounds, 5) }));
  await section('memory', async () => {
    const list = await writeReaderList(ws.path(`readers-${memoryN}.csv`), memoryN);
    return { result: await benchMemory({ ...context, list, n: memoryN, timeoutMs: 480_000 }) };
  });
  await section('million', () => benchMillion({ ...context, n: millionN, sample, timeoutS: millionTimeoutS, rssCapMb: millionRssCapMb }));

  if (!opts['no-profile']) results.profiles = await profileMisses({ ...context, results, sections: only, sendN: Math.min(sendN, 3000) });
} finally {
  ws.remove();
  forgetWorkspace();
}

results.machine = machine;
results.date = new Date().toISOString();
results.commit = commit;
results.duration_s = (performance.now() - started) / 1000;
results.quick = quick;
results.rows_run = [...only];
results.commands = commands;

// a partial run keeps the rows it did not measure from the results already in outDir
const final = outDir ? mergeResults(readPrevious(join(outDir, 'results.json')), results, [...only]) : results;
withVerdicts(final);

process.stdout.write(`\n${renderSummary(final)}\n\n`);
log(`time per row: ${timings.map(([name, seconds]) => `${name} ${Math.round(seconds)} s`).join(', ')}`);
if (outDir) {
  writeReport(outDir, final);
  log(`wrote ${join(outDir, 'results.json')} and ${join(outDir, 'RESULTS.md')} (${Math.round(results.duration_s)} s)`);
} else {
  log(`quick run: nothing written (pass --out DIR to keep it); ${Math.round(results.duration_s)} s`);
}

/** Sets `targets` (met or missed) and `analysis` (what bounds a miss) from the measured blocks. */
function withVerdicts(r) {
  r.targets = checkTargets(r).map(({ id, section: row, label, value, bound, met, shortBy }) => ({ id, section: row, label, value, bound, met, shortBy }));
  r.analysis = analyse(r);
  return r;
}

function gitCommit() {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    return dirty ? `${sha} (with uncommitted changes in src/ or bench/)` : sha;
  } catch {
    return 'unknown';
  }
}
