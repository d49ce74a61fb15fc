// A warm rebuild, as `newsletter build --watch` and the preview do after a save: read the
// config and the issue set again, render every language, write the files. The first
// build warms caches (compiled theme, loaded modules); each later one is timed.
// `node bench/probes/warm-rebuild.mjs --config F --issue F --out DIR --reps 15` → {ms: [...]}
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { finish, libExport, loadExample } from './api.mjs';

const { values } = parseArgs({ options: { config: { type: 'string' }, issue: { type: 'string' }, out: { type: 'string' }, reps: { type: 'string', default: '15' } } });

finish(
  (async () => {
    const renderIssue = await libExport('render/render-issue.js', 'renderIssue');
    const writeBuild = await libExport('render/write-build.js', 'writeBuild');
    // the same steps as the build command's buildOnce(), which --watch repeats on each save
    // named, so a CPU profile can be narrowed to it (bench/helpers/profile.mjs `focus`)
    const rebuild = async function rebuild() {
      const { config, set } = await loadExample(values.config, values.issue);
      const rendered = [];
      for (const issue of set.issues) rendered.push(await renderIssue(issue, config));
      const outputs = await writeBuild(rendered, values.out);
      if (outputs.length !== set.issues.length) throw new Error(`wrote ${outputs.length} of ${set.issues.length} languages`);
    };
    await rebuild();
    const ms = [];
    for (let i = 0; i < Number(values.reps); i++) {
      const started = performance.now();
      await rebuild();
      ms.push(performance.now() - started);
    }
    return {
      ms,
      how: 'config and issue set read again, both languages rendered (Handlebars + MJML) and written, as `build --watch` does after a save (the file watcher debounce comes on top)',
    };
  })(),
);
