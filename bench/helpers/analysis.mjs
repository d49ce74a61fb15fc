// What bounds each missed target, said with the run's own figures: the prose is fixed,
// every number comes from results.json.
import { fmt } from './targets.mjs';
import { phaseSentence } from './report.mjs';

const sumPct = (entries, test) => Math.round(entries.filter(test).reduce((a, e) => a + e.pct, 0) * 10) / 10;
const MJML_FAMILY = /^(mjml|juice|lodash|@babel\/runtime|cheerio|dom|htmlparser2|css-|slick|js-beautify|html-minifier|entities|parse5)/;

/** `{ [targetId]: sentence }` for the targets that were missed and have evidence. */
export function analyse(results) {
  const out = {};
  const s = results.send ?? {};
  const m = results.memory ?? {};
  const b = results.build ?? {};
  const p = results.profiles ?? {};
  const missed = new Set((results.targets ?? []).filter((t) => t.met === false).map((t) => t.id));

  if ((missed.has('send-vs-naive') || missed.has('send-vs-limit')) && s.message_bytes) {
    const parts = [`Each message is ${fmt(s.message_bytes / 1024)} KB (${s.message_source}), ${fmt(s.message_bytes / 40_960)}× the 40 KB of the issue's calibration; every sender here moves the same bytes.`];
    if (s.newsletter_startup_s != null) parts.push(`A send to 10 readers took ${fmt(s.newsletter_startup_s)} s: that fixed cost (start, loading, rendering both languages, SMTP verify) is in every timed send; without it the delivery ran at ${fmt(s.newsletter_after_start_msgs_per_s)} msg/s.`);
    const prof = p['send-vs-naive'] ?? p['send-vs-limit'];
    if (prof?.functions) {
      const top = prof.functions.filter((f) => !/^\((idle|program)\)$/.test(f.name)).slice(0, 3);
      const idle = sumPct(prof.functions, (f) => f.name === '(idle)');
      if (idle > 0) parts.push(`The main thread was idle ${idle} % of the sampled time: waiting on its sockets to the sink (and, at the start, on the render worker) rather than computing.`);
      parts.push(`Module loading takes ${prof.moduleLoadingPct} % of the samples; the busiest functions are ${top.map((f) => `\`${f.name}\` (${f.pct} %${f.where ? `, ${f.where}` : ''})`).join(', ')}.`);
    }
    const text = parts.join(' ');
    if (missed.has('send-vs-naive')) out['send-vs-naive'] = text;
    if (missed.has('send-vs-limit')) out['send-vs-limit'] = text;
  }
  if (missed.has('memory') && m.send_10_readers_peak_rss_mb != null) {
    const parts = [`${fmt(m.send_10_readers_peak_rss_mb)} MB of the peak are there with 10 readers already; ${fmt(m.peak_rss_mb - m.send_10_readers_peak_rss_mb)} MB more come with ${m.n} readers (the plan's and journal's database pages, buffers in flight, garbage not yet collected).`];
    const phases = phaseSentence(m.peak_rss_mb, m.before_delivery_peak_rss_mb, m.before_delivery_s);
    if (phases) parts.push(phases);
    if (m.build_peak_rss_mb != null) parts.push(`For comparison, a build peaks at ${fmt(m.build_peak_rss_mb)} MB and the mjml CLI that only loads its modules (\`mjml --version\`) at ${fmt(m.mjml_loaded_peak_rss_mb)} MB: loading and running MJML, which a send does too (in a worker thread of the same process), is most of the fixed part.`);
    out.memory = parts.join(' ');
  }
  if (missed.has('build-cold') && b.newsletter_cold_s != null) {
    const prof = p['build-cold'];
    out['build-cold'] = `\`newsletter build\` renders two languages (${fmt(b.newsletter_cold_s)} s) where the mjml CLI compiles one (${fmt(b.mjml_cli_cold_s)} s)` +
      (prof?.functions ? `; module loading is ${prof.moduleLoadingPct} % of the build's CPU time, Handlebars ${sumPct(prof.packages, (e) => e.name === 'handlebars')} %, marked ${sumPct(prof.packages, (e) => e.name === 'marked')} %.` : '.');
  }
  if (missed.has('build-warm') && p['build-warm']?.functions) {
    out['build-warm'] = `Inside the rebuild, MJML and the libraries it brings (mjml-*, juice, lodash, @babel/runtime, DOM parsers) take at least ${sumPct(p['build-warm'].packages, (e) => MJML_FAMILY.test(e.name))} % of the time: the compile of two languages' MJML is the bound, not reading or writing files.`;
  }
  if (missed.has('personalize') && p.personalize?.functions) {
    const f = p.personalize.functions;
    const copy = sumPct(f, (e) => /_copyActual|createUnsafeBuffer|allocUnsafe|concat/.test(e.name));
    const crypto = sumPct(f, (e) => /cipher|Cipher|random|final|update|getAuthTag/.test(`${e.name} ${e.where}`));
    out.personalize = `Per message the composer copies the whole ${results.personalize?.message_bytes ? `${fmt(results.personalize.message_bytes / 1024)} KB ` : ''}raw message into one new Buffer (Buffer copies: ${copy} % of the loop among the top functions) and seals an unsubscribe token with AES-GCM plus fresh random bytes for it and the Message-ID (crypto and randomness: ${crypto} %).`;
  }
  const mm = results.million ?? {};
  if ((missed.has('million-rss') || missed.has('million-rss-vs-baseline')) && mm.baseline_peak_rss_mb != null) {
    const line = mm.rss_timeline ?? [];
    const parts = [`The same send to ${mm.baseline_n.toLocaleString('en-US')} readers peaked at ${fmt(mm.baseline_peak_rss_mb)} MB in this run.`];
    const phases = phaseSentence(mm.peak_rss_mb, mm.before_delivery_peak_rss_mb, mm.before_delivery_s, `the ${mm.n.toLocaleString('en-US')}-reader send`);
    if (phases) parts.push(phases);
    if (line.length >= 2) {
      const top = line.reduce((a, b) => (b.mb > a.mb ? b : a));
      const last = line[line.length - 1];
      const grew = last.mb - line[Math.floor(line.length / 2)].mb > 5;
      parts.push(`During the ${mm.n.toLocaleString('en-US')}-reader send the resident memory (sampled every 2 s) was highest at ${top.s} s with ${fmt(top.mb)} MB and ${fmt(last.mb)} MB at ${last.s} s, the last sample: ${grew ? 'it still grew in the second half of the run, so part of it grows with the list' : 'flat in the second half of the run, so what makes the peak happened earlier, not as the delivery went on'}.`);
    }
    if (missed.has('million-rss')) out['million-rss'] = parts.join(' ');
    if (missed.has('million-rss-vs-baseline')) out['million-rss-vs-baseline'] = parts.join(' ');
  }
  return out;
}
