// Evidence for every missed target: a CPU profile of the command that missed it.
import { writeReaderList } from '../helpers/readers.mjs';
import { startSink } from '../helpers/sinks.mjs';
import { profileNode } from '../helpers/profile.mjs';
import { cliPath, configArgs, repoRoot } from '../helpers/example.mjs';
import { probePath } from '../helpers/probes.mjs';
import { checkTargets } from '../helpers/targets.mjs';
import { newsletterSendArgs } from './send.mjs';

/** Profiles what each missed target of the rows in `sections` measured; resolves `{ [targetId]: summary | {error} }`. */
export async function profileMisses({ ws, example, results, sections, sendN, concurrency, sinkKind, secret, log }) {
  const missed = new Set(checkTargets(results).filter((t) => t.met === false && sections.has(t.section)).map((t) => t.id));
  const profiles = {};
  const attempt = async (ids, what, fn) => {
    const wanted = ids.filter((id) => missed.has(id));
    if (wanted.length === 0) return;
    log(`profile: ${what}`);
    let summary;
    try {
      summary = await fn();
    } catch (error) {
      summary = { error: error.message };
    }
    for (const id of wanted) profiles[id] = summary;
  };
  const env = { NEWSLETTER_SECRET: secret };

  await attempt(['send-vs-naive', 'send-vs-limit'], `newsletter send to ${sendN} readers`, async () => {
    const list = await writeReaderList(ws.path('profile-readers.csv'), sendN);
    const sink = await startSink(sinkKind);
    try {
      const args = newsletterSendArgs({ example, stateDir: ws.dir('profile-state'), list, port: sink.port, concurrency });
      return await profileNode(cliPath, args, { cwd: repoRoot, env, dir: ws.dir('prof-send'), repoRoot, tmpRoot: ws.root });
    } finally {
      await sink.stop();
    }
  });
  await attempt(['build-cold'], 'cold newsletter build', () =>
    profileNode(cliPath, [...configArgs(example), 'build', example.issueFile, '--out', ws.dir('prof-build-out')], { cwd: repoRoot, env, dir: ws.dir('prof-build'), repoRoot, tmpRoot: ws.root }),
  );
  await attempt(['build-warm'], 'warm rebuild', () =>
    profileNode(probePath('warm-rebuild'), ['--config', example.config, '--issue', example.issueFile, '--out', ws.dir('prof-warm-out'), '--reps', '30'], { cwd: repoRoot, env, dir: ws.dir('prof-warm'), repoRoot, tmpRoot: ws.root, focus: 'rebuild' }),
  );
  await attempt(['personalize'], 'personalisation', () =>
    profileNode(probePath('personalize'), ['--config', example.config, '--issue', example.issueFile, '--n', '20000', '--runs', '2'], { cwd: repoRoot, env, dir: ws.dir('prof-personalize'), repoRoot, tmpRoot: ws.root, focus: 'composeMany' }),
  );
  if (missed.has('memory')) profiles.memory = { note: 'A CPU profile does not explain memory: section 2 compares the peak with a send to 10 readers (the fixed cost) and a build.' };
  return profiles;
}
