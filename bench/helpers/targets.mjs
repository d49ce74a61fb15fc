// The targets, checked against measured figures: met, or missed by how much.

const count = (n) => n.toLocaleString('en-US');
// a send that did not finish: its figures are what it reached, not those of a whole run
const unfinished = (r) => (r.million && r.million.finished === false ? `the send did not finish (${r.million.stopped}; ${count(r.million.sent)} of ${count(r.million.n)} sent in ${fmt(r.million.wall_s)} s)` : null);

/**
 * Each target: the row (`section`) whose block of results.json holds its figure, the bound,
 * which way is better; `partial(r)` says why a figure is only what an unfinished run reached.
 */
export const TARGETS = [
  { id: 'send-vs-naive', section: 'send', label: 'send ÷ naive nodemailer loop', get: (r) => r.send?.ratio_vs_naive, bound: 3, better: 'higher', unit: '×', note: 'aim 4×' },
  { id: 'send-vs-limit', section: 'send', label: 'send ÷ smtp-source (the limit)', get: (r) => r.send?.ratio_vs_limit, bound: 0.3, better: 'higher', unit: '×' },
  { id: 'memory', section: 'memory', label: 'peak RSS of send', get: (r) => r.memory?.peak_rss_mb, bound: 150, better: 'lower', unit: ' MB' },
  { id: 'build-cold', section: 'build', label: 'cold build (2 langs) ÷ mjml CLI (1 lang)', get: (r) => r.build?.ratio, bound: 1.0, better: 'lower', unit: '×' },
  { id: 'build-warm', section: 'build', label: 'warm rebuild', get: (r) => r.build?.warm_rebuild_ms, bound: 100, better: 'lower', unit: ' ms' },
  { id: 'personalize', section: 'personalize', label: 'personalisation', get: (r) => r.personalize?.msgs_per_s, bound: 20000, better: 'higher', unit: ' msg/s' },
  { id: 'pg-vs-sqlite', section: 'pg', label: 'send with PostgreSQL state ÷ with SQLite state', get: (r) => r.pg?.ratio, bound: 0.7, better: 'higher', unit: '×' },
  { id: 'million-rss', section: 'million', label: (r) => `peak RSS of send to ${count(r.million?.n ?? 1_000_000)} readers`, get: (r) => r.million?.peak_rss_mb, bound: 150, better: 'lower', unit: ' MB', partial: unfinished },
  { id: 'million-rss-vs-baseline', section: 'million', label: (r) => `peak RSS at ${count(r.million?.n ?? 1_000_000)} ÷ at ${count(r.million?.baseline_n ?? 10_000)} readers`, get: (r) => r.million?.rss_vs_baseline, bound: 1.1, better: 'lower', unit: '×', partial: unfinished },
  { id: 'million-speed', section: 'million', label: (r) => `send to ${count(r.million?.n ?? 1_000_000)} readers ÷ smtp-source`, get: (r) => r.million?.ratio_vs_limit, bound: 0.6, better: 'higher', unit: '×', partial: unfinished },
];

/**
 * `{ id, section, label, value, bound, met, shortBy }` per target; `shortBy` says how far off a
 * missed one is, e.g. 'missed: 2.10× against ≥ 3.00×, 70 % of the target (needs 1.43× more)'.
 * A figure not measured is `met: null`. A figure of an unfinished run misses a speed target
 * (the run did not deliver), misses a ceiling it already passed, and proves no other ceiling.
 */
export function checkTargets(results) {
  return TARGETS.map((t) => {
    const label = typeof t.label === 'function' ? t.label(results) : t.label;
    const value = t.get(results);
    if (value === null || value === undefined) return { ...t, label, value: null, met: null, shortBy: 'not measured' };
    const shown = `${fmt(value)}${t.unit} against ${t.better === 'higher' ? '≥' : '≤'} ${fmt(t.bound)}${t.unit}`;
    const partial = t.partial?.(results);
    if (partial) {
      if (t.better === 'lower' && value > t.bound) return { ...t, label, value, met: false, shortBy: `missed: at least ${shown}; ${partial}` };
      if (t.better === 'higher') return { ...t, label, value, met: false, shortBy: `missed: ${partial}; ${shown} until then` };
      return { ...t, label, value, met: null, shortBy: `not shown: ${partial}; ${shown} until then` };
    }
    const met = t.better === 'higher' ? value >= t.bound : value <= t.bound;
    const shortBy = met
      ? ''
      : t.better === 'higher'
        ? `missed: ${shown}, ${Math.round((value / t.bound) * 100)} % of the target (needs ${fmt(t.bound / value)}× more)`
        : `missed: ${shown}, ${Math.round((value / t.bound - 1) * 100)} % over`;
    return { ...t, label, value, met, shortBy };
  });
}

/** A figure for a table: 3 significant digits, thin thousands separators. */
export function fmt(value) {
  if (value === null || value === undefined) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
