// The targets, checked against measured figures: met, or missed by how much.

/** Each target: where its figure sits in results.json, the bound, and which way is better. */
export const TARGETS = [
  { id: 'send-vs-naive', label: 'send ÷ naive nodemailer loop', get: (r) => r.send?.ratio_vs_naive, bound: 3, better: 'higher', unit: '×', note: 'aim 4×' },
  { id: 'send-vs-limit', label: 'send ÷ smtp-source (the limit)', get: (r) => r.send?.ratio_vs_limit, bound: 0.3, better: 'higher', unit: '×' },
  { id: 'memory', label: 'peak RSS of send', get: (r) => r.memory?.peak_rss_mb, bound: 150, better: 'lower', unit: ' MB' },
  { id: 'build-cold', label: 'cold build (2 langs) ÷ mjml CLI (1 lang)', get: (r) => r.build?.ratio, bound: 1.0, better: 'lower', unit: '×' },
  { id: 'build-warm', label: 'warm rebuild', get: (r) => r.build?.warm_rebuild_ms, bound: 100, better: 'lower', unit: ' ms' },
  { id: 'personalize', label: 'personalisation', get: (r) => r.personalize?.msgs_per_s, bound: 20000, better: 'higher', unit: ' msg/s' },
];

/**
 * `{ id, label, value, bound, met, shortBy }` per target; `shortBy` says how far off a
 * missed one is, e.g. 'missed: 2.10× against ≥ 3.00×, 70 % of the target (needs 1.43× more)'. A figure not measured is `met: null`.
 */
export function checkTargets(results) {
  return TARGETS.map((t) => {
    const value = t.get(results);
    if (value === null || value === undefined) return { ...t, value: null, met: null, shortBy: 'not measured' };
    const met = t.better === 'higher' ? value >= t.bound : value <= t.bound;
    const shown = `${fmt(value)}${t.unit} against ${t.better === 'higher' ? '≥' : '≤'} ${fmt(t.bound)}${t.unit}`;
    const shortBy = met
      ? ''
      : t.better === 'higher'
        ? `missed: ${shown}, ${Math.round((value / t.bound) * 100)} % of the target (needs ${fmt(t.bound / value)}× more)`
        : `missed: ${shown}, ${Math.round((value / t.bound - 1) * 100)} % over`;
    return { ...t, value, met, shortBy };
  });
}

/** A figure for a table: 3 significant digits, thin thousands separators. */
export function fmt(value) {
  if (value === null || value === undefined) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
