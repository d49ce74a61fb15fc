// Summaries of repeated measurements: the median says what is typical, min–max how noisy.

/** `summarize([3, 1, 2])` → `{ median: 2, min: 1, max: 3, runs: [3, 1, 2] }`. */
export function summarize(values) {
  const kept = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (kept.length === 0) return null;
  const sorted = [...kept].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: kept };
}

/**
 * Runs each named task once per round, rounds in a row, so that drift on a shared machine
 * hits every contender alike: `alternate({ a: fnA, b: fnB }, 3)` runs a, b, a, b, a, b.
 * Each task resolves to a number (or null when it could not be measured).
 */
export async function alternate(tasks, rounds, onResult = () => {}) {
  const results = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, task] of Object.entries(tasks)) {
      const value = await task(round);
      results[name].push(value);
      onResult(name, round, value);
    }
  }
  return Object.fromEntries(Object.entries(results).map(([name, values]) => [name, summarize(values)]));
}

/** Rounds to a few significant digits for the report: `round(1234.567, 1)` → 1234.6. */
export function round(value, digits = 0) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Ratio a/b of two medians, or null when either is missing. */
export function ratio(a, b) {
  if (a == null || b == null || b === 0) return null;
  return a / b;
}
