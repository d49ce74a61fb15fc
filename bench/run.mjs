// `npm run bench`: measures send throughput, memory, build, personalisation and journal
// overhead against the peers and the limit, then writes bench/results.json and
// bench/RESULTS.md. Options: --quick (small lists, a smoke test that writes nothing
// unless --out is given), --only send,memory,build,personalize,journal, --rounds N,
// --send-n N, --memory-n N, --out DIR, --no-profile, --sink smtp-sink|node,
// --report-only (RESULTS.md again from results.json, measuring nothing).
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
import { profileMisses } from './sections/profiles.mjs';
import { analyse } from './helpers/analysis.mjs';

const SECTIONS = ['send', 'memory', 'build', 'personalize', 'journal'];
const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string' },
    'send-n': { type: 'string' },
    'memory-n': { type: 'string' },
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
  saved.analysis = analyse(saved);
  writeReport(dir, saved);
  process.stderr.write(`wrote ${join(dir, 'RESULTS.md')} from ${join(dir, 'results.json')}\n`);
  process.exit(0);
}
const only = new Set(opts.only ? opts.only.split(',') : SECTIONS);
const quick = opts.quick;
const rounds = Number(opts.rounds ?? (quick ? 2 : 3));
const sendN = Number(opts['send-n'] ?? (quick ? 500 : 10_000));
const memoryN = Number(opts['memory-n'] ?? (quick ? 2_000 : 100_000));
const outDir = opts.out ?? (quick ? null : join(repoRoot, 'bench'));
const concurrency = 4;
const log = (line) => process.stderr.write(`${line}\n`);

const started = performance.now();
const ws = createWorkspace();
const secret = randomBytes(32).toString('hex');
const example = exampleIssue();
const sinkKind = opts.sink ?? availableSink();
if (!['smtp-sink', 'node'].includes(sinkKind)) throw new Error(`--sink ${sinkKind}: expected smtp-sink or node`);
if (sinkKind === 'node') log(`note: ${POSTFIX_HINT}\n      Using the in-process Node sink meanwhile.`);
const results = { send: null, memory: null, build: null, personalize: null, journal: null };
const commands = {};
const context = { ws, example, concurrency, sinkKind, secret, log, rounds };

// A section that fails leaves its block with the reason; the others still run.
async function section(name, fn) {
  if (!only.has(name)) return;
  try {
    const { result, commands: used } = await fn();
    results[name] = result;
    Object.assign(commands, used ?? {});
  } catch (error) {
    log(`${name} failed: ${error.message}`);
    results[name] = { error: error.message };
  }
}

try {
  log(`newsletter bench in ${ws.root}${quick ? ' (quick)' : ''}`);
  const content = await prepareContent(ws, example);
  if (content.source === 'synthetic') log(`note: the baseline sends synthetic content (${content.why})`);
  const sample = await sampleMessage(ws, example, content, secret);
  const sendList = only.has('send') ? await writeReaderList(ws.path(`readers-${sendN}.csv`), sendN) : null;
  const journalN = Math.min(sendN, 3000);
  const journalList = only.has('journal') ? await writeReaderList(ws.path(`readers-${journalN}.csv`), journalN) : null;

  // the longest part, the memory run, goes last
  await section('send', () => benchSend({ ...context, list: sendList, n: sendN, sample, content }));
  await section('journal', () => benchJournal({ ...context, list: journalList, n: journalN }));
  await section('build', () => benchBuild({ ...context, rounds: Math.max(rounds, 5) }));
  await section('personalize', () => benchPersonalize({ ...context, rounds: Math.max(rounds, 5) }));
  await section('memory', async () => {
    const list = await writeReaderList(ws.path(`readers-${memoryN}.csv`), memoryN);
    return { result: await benchMemory({ ...context, list, n: memoryN, timeoutMs: 480_000 }) };
  });

  results.targets = checkTargets(results).map(({ id, label, value, bound, met, shortBy }) => ({ id, label, value, bound, met, shortBy }));
  if (!opts['no-profile']) results.profiles = await profileMisses({ ...context, results, sendN: Math.min(sendN, 3000) });
  results.analysis = analyse(results);
} finally {
  ws.remove();
}

results.machine = {
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model.trim() ?? 'unknown',
  memory_gb: Math.round(totalmem() / 2 ** 30),
  os: `${osType()} ${release()}`,
  node: process.versions.node,
};
results.date = new Date().toISOString();
results.commit = gitCommit();
results.duration_s = (performance.now() - started) / 1000;
results.quick = quick;
results.commands = commands;

process.stdout.write(`\n${renderSummary(results)}\n\n`);
if (outDir) {
  writeReport(outDir, results);
  log(`wrote ${join(outDir, 'results.json')} and ${join(outDir, 'RESULTS.md')} (${Math.round(results.duration_s)} s)`);
} else {
  log(`quick run: nothing written (pass --out DIR to keep it); ${Math.round(results.duration_s)} s`);
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
