// The library the probes measure, imported from the compiled lib/ (as `npm run bench`
// builds it). Where a stage is not there yet, the error names what is missing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const libUrl = (path) => new URL(`../../lib/${path}`, import.meta.url);

/** Imports `lib/<path>` and returns export `name`, or throws saying which is missing. */
export async function libExport(path, name) {
  const url = libUrl(path);
  if (!existsSync(fileURLToPath(url))) throw new Error(`lib/${path} does not exist (is that stage built yet? run npm run build:code)`);
  const mod = await import(url);
  if (typeof mod[name] !== 'function') throw new Error(`lib/${path} exports no ${name}()`);
  return mod[name];
}

/** Loads the example's config and whole language set, throwing on any error problem. */
export async function loadExample(configFile, issueFile) {
  const loadConfig = await libExport('config/load-config.js', 'loadConfig');
  const loadIssueSet = await libExport('issue/load-issue.js', 'loadIssueSet');
  const config = valueOf(await loadConfig({ file: configFile }), configFile);
  const set = valueOf(await loadIssueSet(issueFile, config), issueFile);
  return { config, set };
}

/** The render stage's entry point: `renderIssue(issue, config, …)` → RenderedIssue. */
export async function renderer() {
  for (const path of ['render/render-issue.js', 'render/index.js', 'index.js']) {
    if (!existsSync(fileURLToPath(libUrl(path)))) continue;
    const mod = await import(libUrl(path));
    if (typeof mod.renderIssue === 'function') return mod.renderIssue;
  }
  throw new Error('no renderIssue() in lib/render/render-issue.js, lib/render/index.js or lib/index.js yet');
}

function valueOf(checked, what) {
  const errors = checked.problems.filter((p) => p.severity === 'error');
  if (!checked.value || errors.length) throw new Error(`${what}: ${errors.map((p) => `${p.line}:${p.column} ${p.message}`).join('; ') || 'no value'}`);
  return checked.value;
}

/** Prints the probe's one JSON line; on failure prints the reason and exits 1. */
export function finish(promise) {
  promise.then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error) => {
      process.stderr.write(`${process.env.BENCH_DEBUG ? error.stack : error.message}\n`);
      process.exitCode = 1;
    },
  );
}
