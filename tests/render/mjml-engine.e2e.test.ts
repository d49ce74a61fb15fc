import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/cli.js';
import { EVERYTHING } from '../helpers/mjml-fixtures.js';

const engine = pathToFileURL(join(repoRoot, 'lib', 'render', 'mjml-engine.js')).href;

/**
 * Compiles `doc` with the compiled engine in a fresh process and says which files of the
 * deferred helpers and of the component packages that process has loaded.
 */
function loadedFor(doc: string): { helpers: string[]; components: string[]; html: string; fullFp: boolean } {
  const script = `
    import { createRequire } from 'node:module';
    import { compileWithMjml } from ${JSON.stringify(engine)};
    const { html } = await compileWithMjml(${JSON.stringify(doc)}, { validationLevel: 'soft', fonts: {} });
    const files = Object.keys(createRequire(import.meta.url).cache);
    // a stand-in occupies the entry file only; the real module brings its own files
    const helpers = [...new Set(files.map((f) => /node_modules\\/(juice|cheerio|htmlnano|cssnano-preset-lite|js-beautify|domhandler|domutils)\\/(?!index\\.js$|dist\\/commonjs\\/index\\.js$|dist\\/index\\.js$|src\\/index\\.js$|js\\/index\\.js$|lib\\/index\\.js$)/.exec(f)?.[1]).filter(Boolean))].sort();
    // the whole of lodash/fp builds a second lodash from lodash.min.js
    const fullFp = files.some((f) => f.endsWith('/lodash/lodash.min.js'));
    const components = [...new Set(files.map((f) => /node_modules\\/(mjml-[a-z-]+)\\//.exec(f)?.[1]).filter((p) => p && !/^mjml-(core|validator|parser-xml|preset-core)$/.test(p)))].sort();
    process.stdout.write(JSON.stringify({ helpers, components, html, fullFp }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

describe('MJML loads what the document uses, in a real process', () => {
  test('a plain document loads neither the inliner nor the minifiers nor the whole of lodash/fp, and only its components', () => {
    const { helpers, components, fullFp } = loadedFor('<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>');
    expect(helpers).toEqual([]);
    expect(components).toEqual(['mjml-body', 'mjml-column', 'mjml-section', 'mjml-text']);
    expect(fullFp).toBe(false);
  });

  test('gives the same HTML as the stock mjml package in a process of its own, for every component', () => {
    const ours = loadedFor(EVERYTHING).html;
    const script = `
      import { createRequire } from 'node:module';
      const mjml2html = createRequire(import.meta.url)('mjml');
      const { html } = await mjml2html(${JSON.stringify(EVERYTHING)}, { validationLevel: 'soft', fonts: {} });
      process.stdout.write(html);
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (run.status !== 0) throw new Error(run.stderr);
    // the carousel names its radio buttons with random ids
    const stable = (html: string) => html.replace(/(mj-carousel-(?:radio-)?)[0-9a-f]{16}/g, '$1ID');
    expect(stable(ours)).toBe(stable(run.stdout));
  });

  test('inline styles and HTML attributes load the inliner and cheerio on first use, and work', () => {
    const { helpers, html } = loadedFor(
      '<mjml><mj-head><mj-style inline="inline">.red p { color: #ff0000; }</mj-style>' +
        '<mj-html-attributes><mj-selector path=".red div"><mj-html-attribute name="data-x">1</mj-html-attribute></mj-selector></mj-html-attributes></mj-head>' +
        '<mj-body><mj-section><mj-column><mj-text css-class="red"><p>Red</p></mj-text></mj-column></mj-section></mj-body></mjml>',
    );
    expect(helpers).toEqual(expect.arrayContaining(['cheerio', 'juice']));
    expect(html).toMatch(/<p style="color: ?#ff0000;?">Red<\/p>/);
    expect(html).toMatch(/data-x="1"/);
  });
});
