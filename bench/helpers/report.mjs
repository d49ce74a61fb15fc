// results.json and RESULTS.md: the same figures, once for machines and once for people.
import { writeFileSync } from 'node:fs';
import { checkTargets, fmt } from './targets.mjs';
import { ratio } from './stats.mjs';

const spread = (s, unit = '') => (s ? `${fmt(s.median)}${unit} (${fmt(s.min)}–${fmt(s.max)}, ${s.runs.length} runs)` : '—');

/** Writes `results.json` and `RESULTS.md` into `dir`; returns the Markdown. */
export function writeReport(dir, results) {
  writeFileSync(`${dir}/results.json`, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderMarkdown(results);
  writeFileSync(`${dir}/RESULTS.md`, markdown);
  return markdown;
}

/**
 * Where a send's peak came from, from the peak until its first progress line (5 s into the
 * delivery) and the peak of the whole process; '' when the run printed no progress line.
 */
export function phaseSentence(peakMb, beforeMb, beforeS, who = 'it') {
  if (beforeMb == null || peakMb == null) return '';
  const before = `Until its first progress line (at ${fmt(beforeS)} s, 5 s into the delivery: start-up, rendering, the list read into the plan) ${who} peaked at ${fmt(beforeMb)} MB`;
  return peakMb - beforeMb >= 1
    ? `${before}; the delivery after that raised the peak by ${fmt(peakMb - beforeMb)} MB.`
    : `${before}, and the delivery after that stayed below it: the peak is not the delivery's.`;
}

/** The summary table alone, for the terminal. */
export function renderSummary(results) {
  const rows = checkTargets(results).map((t) => `| ${t.label} | ${fmt(t.value)}${t.value === null ? '' : t.unit} | ${t.better === 'higher' ? '≥' : '≤'} ${fmt(t.bound)}${t.unit}${t.note ? ` (${t.note})` : ''} | ${verdict(t)} |`);
  return ['| measure | result (median) | target | |', '|---|---|---|---|', ...rows].join('\n');
}

function verdict(t) {
  if (t.met === null) return t.shortBy || 'not measured';
  return t.met ? 'met' : t.shortBy;
}

function renderMarkdown(r) {
  const m = r.machine;
  const s = r.send ?? {};
  const out = [];
  out.push('# Benchmark results', '');
  out.push('Written by `npm run bench` (bench/run.mjs); every figure below is a measurement, not typed in. A run of some rows (`--only`) replaces only those; each section says when, on which commit and in how long it was measured.', '');
  out.push(`- last run: ${r.date}, commit ${r.commit}, rows ${(r.rows_run ?? ['all']).join(', ')} (${Math.round(r.duration_s)} s)`);
  out.push(`- machine: ${machineText(m)}`);
  out.push(`- sink: ${s.sink === 'smtp-sink' ? "Postfix's smtp-sink" : s.sink === 'node' ? 'in-process Node sink (smtp-server; it can be the bottleneck)' : '—'}`);
  if (r.note) out.push(`- note: ${r.note}`);
  out.push('', '## Summary', '', renderSummary(r), '');

  const measured = (block) => {
    const when = block?.measured;
    if (!when) return;
    const other = when.machine && machineText(when.machine) !== machineText(m) ? `, on ${machineText(when.machine)}` : '';
    out.push(`_Measured ${when.date} on commit ${when.commit}${when.duration_s != null ? ` in ${Math.round(when.duration_s)} s` : ''}${when.quick ? ' (quick: small lists)' : ''}${other}._`, '');
  };
  out.push('## 1. Send throughput', '');
  measured(r.send);
  out.push(`${s.n ?? '—'} readers (de and en alternating), \`--concurrency ${s.concurrency ?? '—'}\`, journal on, message of ${s.message_bytes ?? '—'} bytes (${s.message_source ?? '—'}); each sender a whole process timed from start to exit, the three run in turn in every round.`, '');
  out.push('| sender | msg/s, median (min–max) |', '|---|---|');
  out.push(`| \`newsletter send\` | ${spread(s.runs?.newsletter)} |`);
  out.push(`| naive nodemailer loop | ${spread(s.runs?.naive)} |`);
  out.push(`| \`smtp-source\` (the limit) | ${s.smtp_source_missing ? `not measured: ${s.smtp_source_missing}` : spread(s.runs?.smtpSource)} |`);
  if (s.newsletter_startup_s != null) out.push(`| (\`newsletter send\` to 10 readers: the fixed cost in each run) | ${spread(s.runs?.startup, ' s')} |`);
  out.push('', `Ratios of medians: newsletter ÷ naive = ${fmt(s.ratio_vs_naive)}×, newsletter ÷ smtp-source = ${fmt(s.ratio_vs_limit)}×. The baseline sent ${s.baseline_content === 'synthetic' ? 'synthetic content of a typical size, because `newsletter build` did not work' : 'the HTML and text that `newsletter build` wrote for the example'}.`);
  if (s.newsletter_after_start_msgs_per_s != null) out.push('', `Less its fixed cost of ${fmt(s.newsletter_startup_s)} s, \`newsletter send\` delivered at ${fmt(s.newsletter_after_start_msgs_per_s)} msg/s (${fmt(ratio(s.newsletter_after_start_msgs_per_s, s.naive_nodemailer_msgs_per_s))}× the naive loop, ${fmt(ratio(s.newsletter_after_start_msgs_per_s, s.smtp_source_msgs_per_s))}× smtp-source); the targets use the whole-process figure.`);
  pushErrors(out, s.errors);

  const mem = r.memory ?? {};
  out.push('', '## 2. Memory', '');
  measured(r.memory);
  out.push(mem.peak_rss_mb != null ? `Peak RSS of \`newsletter send\` to ${mem.n} readers: **${fmt(mem.peak_rss_mb)} MB** (${mem.method}); that run took ${fmt(mem.wall_s)} s (${fmt(mem.msgs_per_s)} msg/s). ${phaseSentence(mem.peak_rss_mb, mem.before_delivery_peak_rss_mb, mem.before_delivery_s)}`.trim() : `Not measured: ${mem.error ?? 'skipped'}.`);
  if (mem.send_10_readers_peak_rss_mb != null) {
    out.push('', `For scale, in the same run: \`newsletter send\` to 10 readers peaked at ${fmt(mem.send_10_readers_peak_rss_mb)} MB (the fixed cost: Node, the loaded modules, deriving the unsubscribe key from the secret, rendering both languages with MJML), \`newsletter build\` at ${fmt(mem.build_peak_rss_mb)} MB, the mjml CLI only loading its modules (\`mjml --version\`) at ${fmt(mem.mjml_loaded_peak_rss_mb)} MB; so ${fmt(mem.peak_rss_mb - mem.send_10_readers_peak_rss_mb)} MB of the peak grow with the list.`);
  }

  const b = r.build ?? {};
  out.push('', '## 3. Build', '');
  measured(r.build);
  out.push('| what | median (min–max) |', '|---|---|');
  out.push(`| \`newsletter build\`, de + en, cold process | ${spread(b.runs?.newsletter, ' s')} |`);
  if (b.newsletter_first_s != null) out.push(`| the same, the project's first build (no image cache yet) | ${fmt(b.newsletter_first_s)} s (1 run) |`);
  out.push(`| \`mjml\` CLI, de only, cold process | ${spread(b.runs?.mjml, ' s')} |`);
  out.push(`| warm rebuild in-process (as \`--watch\`/preview) | ${spread(b.runs?.warm, ' ms')} |`);
  out.push(`| \`build --watch\`: from saving the issue to "built" (watcher and debounce included) | ${spread(b.runs?.watch, ' ms')} |`);
  out.push('', `Ratio of cold medians: ${fmt(b.ratio)}×.${b.newsletter_first_s != null && b.mjml_cli_cold_s ? ` The cold builds find the images compressed by the project's first build in its image cache (.newsletter/cache/images), as every build after a user's first does; the first build compresses them (sharp): ${fmt(b.newsletter_first_s / b.mjml_cli_cold_s)}× the mjml CLI's median.` : ''}${b.warm_how ? ` Warm rebuild: ${b.warm_how}.` : ''}`);
  pushErrors(out, b.errors);

  const p = r.personalize ?? {};
  out.push('', '## 4. Personalisation', '');
  measured(r.personalize);
  out.push(p.msgs_per_s != null ? `${spread(p.runs, ' msg/s')}: ${p.how}.` : `Not measured: ${p.error ?? 'skipped'}.`);

  const j = r.journal ?? {};
  out.push('', '## 5. Journal overhead', '');
  measured(r.journal);
  out.push(j.overhead_pct != null ? `${fmt(j.overhead_pct)} % slower with the SQLite journal than with a no-op journal (${spread(j.runs?.journal, ' msg/s')} against ${spread(j.runs?.noop, ' msg/s')}); ${j.how}.` : `Not measured: ${j.error ?? 'skipped'}.`);

  out.push('', '## 6. PostgreSQL state', '');
  measured(r.pg);
  out.push(...postgresText(r.pg));
  out.push('', '## 7. A million readers', '');
  measured(r.million);
  out.push(...millionText(r.million));

  const missed = checkTargets(r).filter((t) => t.met === false);
  out.push('', '## Missed targets and what bounds them', '');
  if (missed.length === 0) out.push('None of the measured targets was missed.');
  const shown = new Map();
  for (const t of missed) {
    out.push(`### ${t.label}: ${t.shortBy}`, '');
    const prof = r.profiles?.[t.id];
    if (prof?.note) out.push(prof.note, '');
    if (prof?.error) out.push(`The profile could not be taken: ${prof.error}`, '');
    if (prof?.functions && shown.has(prof.command)) out.push(`Same profile as under "${shown.get(prof.command)}" above.`, '');
    else if (prof?.functions) {
      shown.set(prof.command, t.label);
      const scope = prof.focus ? `, only samples inside \`${prof.focus}()\`, the measured loop` : ', the whole process';
      out.push(`CPU profile of \`${prof.command}\` (${prof.totalMs} ms sampled${scope}). Self time by package:`, '');
      out.push(prof.packages.slice(0, 6).map((e) => `${e.name} ${e.pct} %`).join(', '), '');
      out.push('| function | where | self ms | % |', '|---|---|---|---|');
      for (const f of prof.functions.slice(0, 10)) out.push(`| \`${f.name}\` | ${f.where || '—'} | ${f.selfMs} | ${f.pct} |`);
      out.push('');
    }
    if (r.analysis?.[t.id]) out.push(r.analysis[t.id], '');
  }

  out.push('', '## Commands', '', 'Run from the repository root; `$TMP` is the bench\'s temp folder, `PORT` the sink\'s port.', '', '```sh');
  for (const [name, command] of Object.entries(r.commands ?? {})) out.push(`# ${name}`, command);
  out.push('```', '');
  out.push('## Method', '');
  out.push('Each figure is the median of several runs, with min–max. Contenders of one comparison run alternately in the same invocation, so drift on a shared machine hits both; ratios are of medians. Everything binds to 127.0.0.1; lists, state folders and outputs live in a temp folder that is removed at the end.', '');
  return out.join('\n');
}

function machineText(m) {
  return m ? `${m.cpus} × ${m.cpu_model}, ${m.memory_gb} GB RAM, ${m.os}; Node ${m.node}` : '—';
}

function postgresText(pg) {
  if (pg?.ratio == null) return [`Not measured: ${pg?.error ?? Object.values(pg?.errors ?? {})[0] ?? 'skipped'}.`];
  const out = [
    `The same \`newsletter send\` (${pg.n} readers, \`--concurrency ${pg.concurrency}\`, ${pg.sink}) with its state in ${pg.server}, and with the default SQLite state (\`--state\` folder), in turn in every round.`, '',
    '| state | msg/s, median (min–max) |', '|---|---|',
    `| PostgreSQL (\`NEWSLETTER_DATABASE_URL\`) | ${spread(pg.runs?.postgres)} |`,
    `| SQLite | ${spread(pg.runs?.sqlite)} |`, '',
    `Ratio of medians: PostgreSQL ÷ SQLite = ${fmt(pg.ratio)}×.`,
  ];
  pushErrors(out, pg.errors);
  return out;
}

function millionText(mm) {
  if (mm?.peak_rss_mb == null && mm?.sent == null) return [`Not measured: ${mm?.error ?? 'skipped'}.`];
  const count = (n) => n.toLocaleString('en-US');
  const out = [
    `One \`newsletter send\` to ${count(mm.n)} readers (SQLite state, ${mm.sink} sink, \`--concurrency ${mm.concurrency}\`), the list streamed to a temp file; ` +
      (mm.finished ? `it finished in ${fmt(mm.wall_s)} s.` : `**it did not finish**: ${mm.stopped}, after ${fmt(mm.wall_s)} s with ${count(mm.sent)} sent (time limit ${fmt(mm.time_limit_s)} s).`),
    '',
    '| what | figure |', '|---|---|',
    `| peak RSS, ${count(mm.n)} readers${mm.finished ? '' : ' (until it ended)'} | ${fmt(mm.peak_rss_mb)} MB (${mm.rss_method}) |`,
    `| peak RSS, ${count(mm.baseline_n)} readers, same run | ${fmt(mm.baseline_peak_rss_mb)} MB |`,
    `| ratio of the peaks | ${fmt(mm.rss_vs_baseline)}× |`,
    `| whole run${mm.finished ? '' : ' (until it ended)'} | ${fmt(mm.msgs_per_s)} msg/s |`,
    `| \`smtp-source\`, ${count(mm.smtp_source_n)} messages, before and after | ${mm.smtp_source_missing ? `not measured: ${mm.smtp_source_missing}` : `${spread(mm.runs?.smtpSource, ' msg/s')}; before ${fmt(mm.runs?.smtpSourceBefore?.median)}, after ${fmt(mm.runs?.smtpSourceAfter?.median)}`} |`,
    `| whole run ÷ smtp-source | ${fmt(mm.ratio_vs_limit)}× |`,
  ];
  const phases = phaseSentence(mm.peak_rss_mb, mm.before_delivery_peak_rss_mb, mm.before_delivery_s, `the ${count(mm.n)}-reader send`);
  if (phases) out.push('', phases);
  if (mm.rss_timeline?.length) out.push('', `Resident memory during the run (seconds: MB): ${mm.rss_timeline.map((p) => `${p.s}: ${p.mb}`).join(', ')}.`);
  return out;
}

function pushErrors(out, errors) {
  for (const [name, message] of Object.entries(errors ?? {})) out.push('', `${name} could not be measured: ${message.split('\n').join(' ')}`);
}
