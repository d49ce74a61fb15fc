// Writes the MJML the render stage produces for one language of an issue, for the mjml
// CLI to compile cold. `node bench/probes/mjml-source.mjs --config F --issue F --lang de --write OUT`
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { finish, loadExample, renderer } from './api.mjs';

const { values } = parseArgs({ options: { config: { type: 'string' }, issue: { type: 'string' }, lang: { type: 'string' }, write: { type: 'string' } } });

finish(
  (async () => {
    const renderIssue = await renderer();
    const { config, set } = await loadExample(values.config, values.issue);
    const issue = set.issues.find((i) => i.lang === values.lang);
    if (!issue) throw new Error(`the example has no "${values.lang}" language`);
    const rendered = await renderIssue(issue, config);
    if (typeof rendered.mjml !== 'string' || rendered.mjml === '') throw new Error('renderIssue() returned no mjml');
    writeFileSync(values.write, rendered.mjml);
    return { bytes: Buffer.byteLength(rendered.mjml) };
  })(),
);
