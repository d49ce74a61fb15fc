// 3. Build: a cold `newsletter build` of both languages against the mjml CLI compiling one
//    language's MJML, as whole processes run alternately; and a warm in-process rebuild.
//    The cold builds run on a copy of the example project in the temp folder: its first
//    build starts without the project's image cache (.newsletter/cache/images, what a user's
//    very first build meets) and is reported on its own; the rounds after it find the
//    compressed images there, as every later build of a project does.
import { cpSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { alternate, ratio, summarize } from '../helpers/stats.mjs';
import { createGuard } from '../helpers/guard.mjs';
import { runTimed, assertSucceeded } from '../helpers/processes.mjs';
import { cliPath, mjmlCliPath, repoRoot } from '../helpers/example.mjs';
import { runProbe } from '../helpers/probes.mjs';
import { measureWatch } from './watch.mjs';

/** More rounds than elsewhere: a process start of half a second is noisy, and the ratio sits near its target. */
const COLD_ROUNDS = 9;

/** Resolves the `build` block of results.json. */
export async function benchBuild({ ws, example, rounds: asked, log }) {
  const rounds = Math.max(asked, COLD_ROUNDS);
  log(`build: cold newsletter build (de+en) vs mjml CLI (de), a first build and ${rounds} rounds; warm rebuild`);
  const { errors, guarded } = createGuard(log);
  const mjmlFile = ws.path('issue.de.mjml');
  try {
    await runProbe('mjml-source', ['--config', example.config, '--issue', example.issueFile, '--lang', 'de', '--write', mjmlFile]);
  } catch (error) {
    errors.mjml = `no MJML to compile: ${error.message}`;
    log(`  ${errors.mjml}`);
  }
  const project = ws.dir('build-project');
  cpSync(example.config, join(project, 'newsletter.config.yaml'));
  cpSync(join(repoRoot, 'issues'), join(project, 'issues'), { recursive: true });
  const coldBuild = async (name) => {
    const out = ws.dir(name);
    const args = [cliPath, '--config', join(project, 'newsletter.config.yaml'), 'build', join(project, 'issues', basename(example.issueFile)), '--out', out];
    const run = assertSucceeded(await runTimed(process.execPath, args, { cwd: repoRoot }), 'newsletter build');
    for (const lang of example.languages) {
      if (!existsSync(join(out, example.id, lang, 'index.html'))) throw new Error(`newsletter build wrote no ${example.id}/${lang}/index.html`);
    }
    return run.wallMs / 1000;
  };
  let first = null;
  try {
    first = await coldBuild('build-first');
    log(`  first build of the project (no image cache): ${first.toFixed(2)} s`);
  } catch (error) {
    errors.first = error.message;
    log(`  first build failed: ${error.message}`);
  }
  const tasks = {
    newsletter: guarded('newsletter', (round) => coldBuild(`build-cold-${round}`)),
    mjml: guarded('mjml', async (round) => {
      const run = assertSucceeded(await runTimed(process.execPath, [mjmlCliPath, mjmlFile, '-o', ws.path(`mjml-${round}.html`)], { cwd: repoRoot }), 'mjml CLI');
      return run.wallMs / 1000;
    }),
  };
  const cold = await alternate(tasks, rounds, (name, round, v) => log(`  round ${round + 1} ${name}: ${v === null ? 'failed' : `${v.toFixed(2)} s`}`));
  let warm = null;
  let warmHow;
  try {
    const probe = await runProbe('warm-rebuild', ['--config', example.config, '--issue', example.issueFile, '--out', ws.dir('build-warm'), '--reps', String(Math.max(rounds * 3, 15))]);
    warm = summarize(probe.ms);
    warmHow = probe.how;
    log(`  warm rebuild: ${warm.median.toFixed(1)} ms median`);
  } catch (error) {
    errors.warm = error.message;
    log(`  warm rebuild failed: ${error.message}`);
  }
  let watch = null;
  try {
    watch = await measureWatch({ ws, example });
    log(`  build --watch, save to built: ${watch.median.toFixed(0)} ms median`);
  } catch (error) {
    errors.watch = error.message;
    log(`  build --watch failed: ${error.message}`);
  }
  return {
    result: {
      newsletter_cold_s: cold.newsletter?.median ?? null,
      newsletter_first_s: first,
      mjml_cli_cold_s: cold.mjml?.median ?? null,
      ratio: ratio(cold.newsletter?.median, cold.mjml?.median),
      warm_rebuild_ms: warm?.median ?? null,
      warm_how: warmHow,
      watch_save_to_built_ms: watch?.median ?? null,
      runs: { ...cold, warm, watch },
      errors,
    },
    commands: {
      build: 'node bin/newsletter --config $TMP/build-project/newsletter.config.yaml build $TMP/build-project/issues/2020-12-nr34.de.yaml --out $TMP/build   # on a copy of the example; its first build is timed on its own',
      mjml: 'node node_modules/mjml/bin/mjml $TMP/issue.de.mjml -o $TMP/mjml.html   # MJML from bench/probes/mjml-source.mjs',
      watch: 'node bin/newsletter build $TMP/watch-project/issues/2020-12-nr34.de.yaml --watch --out $TMP/watch-out   # then the issue file is saved 5 times',
      warmRebuild: 'node bench/probes/warm-rebuild.mjs --config newsletter.config.yaml --issue issues/2020-12-nr34.de.yaml --out $TMP/warm --reps N',
    },
  };
}
