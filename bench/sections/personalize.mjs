// 4. Personalisation: rendered issue → finished raw message per reader, in-process.
import { summarize } from '../helpers/stats.mjs';
import { runProbe } from '../helpers/probes.mjs';

/** Resolves the `personalize` block of results.json. */
export async function benchPersonalize({ example, rounds, secret, log }) {
  const n = 20_000;
  log(`personalize: ${rounds} runs of ${n} messages`);
  const probe = await runProbe('personalize', ['--config', example.config, '--issue', example.issueFile, '--n', String(n), '--runs', String(rounds)], {
    env: { NEWSLETTER_SECRET: secret },
  });
  const runs = summarize(probe.msgsPerS);
  log(`  ${Math.round(runs.median)} msg/s median`);
  return {
    result: { msgs_per_s: runs.median, n, message_bytes: probe.bytes, how: probe.how, runs },
    commands: { personalize: `NEWSLETTER_SECRET=… node bench/probes/personalize.mjs --config newsletter.config.yaml --issue issues/2020-12-nr34.de.yaml --n ${n} --runs ${rounds}` },
  };
}
