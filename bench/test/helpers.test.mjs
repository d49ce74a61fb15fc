// The bench's own arithmetic, checked: `node --test bench/test/`. (Not part of `npm test`:
// the bench is not shipped and CI does not run it.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alternate, ratio, summarize } from '../helpers/stats.mjs';
import { checkTargets } from '../helpers/targets.mjs';
import { summarizeProfile } from '../helpers/profile.mjs';

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
