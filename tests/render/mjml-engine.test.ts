import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EVERYTHING } from '../helpers/mjml-fixtures.js';
import { COMPONENT_PACKAGES, compileWithMjml, DEFERRED_HELPERS, LIGHT_FP_FUNCTIONS, type HelperParent } from '../../src/render/mjml-engine.js';

const require = createRequire(import.meta.url);
const mjmlRequire = createRequire(require.resolve('mjml'));
const presetRequire = createRequire(mjmlRequire.resolve('mjml-preset-core'));
const coreRequire = createRequire(mjmlRequire.resolve('mjml-core'));
const parserRequire = createRequire(coreRequire.resolve('mjml-parser-xml'));
const parents: Record<HelperParent, NodeRequire> = { 'mjml-core': coreRequire, htmlparser2: createRequire(parserRequire.resolve('htmlparser2')) };

const OPTIONS = { validationLevel: 'soft', keepComments: false, fonts: {}, minify: false, beautify: false };

describe('MJML loaded for what a document uses', () => {
  test('knows the package of every component of the mjml preset, and no others', () => {
    const preset = presetRequire('mjml-preset-core');
    const components: any[] = (preset.default ?? preset).components;
    const tags = components.map((c) => c.componentName as string).sort();
    expect(Object.keys(COMPONENT_PACKAGES).sort()).toEqual(tags);
    for (const component of components) {
      const exported = presetRequire(COMPONENT_PACKAGES[component.componentName]);
      const classes = typeof exported === 'function' ? [exported] : Object.values(exported);
      expect(classes).toContain(component);
    }
  });

  test('says of each deferred helper what its real module says about the interop flag', () => {
    for (const helper of DEFERRED_HELPERS) {
      const real = parents[helper.from](helper.name);
      expect([helper.name, Boolean(real.__esModule)]).toEqual([helper.name, helper.esModule]);
      for (const name of helper.functions ?? []) expect([helper.name, name, typeof real[name]]).toEqual([helper.name, name, 'function']);
    }
  });

  test('names every lodash/fp function that the loaded MJML packages call', () => {
    const packages = ['mjml-parser-xml', ...new Set(Object.values(COMPONENT_PACKAGES))];
    const called = new Set<string>();
    for (const pkg of packages) {
      const from = pkg === 'mjml-parser-xml' ? coreRequire : presetRequire;
      const source = readFileSync(from.resolve(pkg), 'utf8');
      if (!/require\("lodash\/fp"\)/.test(source)) continue;
      for (const [, name] of source.matchAll(/_fp\.(\w+)/g)) called.add(name);
    }
    expect([...called].sort()).toEqual([...LIGHT_FP_FUNCTIONS].sort());
  });

  test('compiles every component, inlines styles and sets HTML attributes, as the mjml package does', async () => {
    const ours = await compileWithMjml(EVERYTHING, OPTIONS);
    expect(ours.errors).toEqual([]);
    expect(ours.html).toMatch(/<p style="color: ?#ff0000;?">Red by inlining<\/p>/);
    expect(ours.html).toMatch(/<div[^>]*data-tagged="yes"/);
    const mjml2html = require('mjml');
    const theirs = await mjml2html(EVERYTHING, OPTIONS);
    // the carousel names its radio buttons with random ids
    const stable = (html: string) => html.replace(/(mj-carousel-(?:radio-)?)[0-9a-f]{16}/g, '$1ID');
    expect(stable(ours.html)).toBe(stable(theirs.html));
  });

  test('reports an unknown tag as the mjml package does', async () => {
    const doc = '<mjml><mj-body><mj-section><mj-column><mj-txet>Hi</mj-txet></mj-column></mj-section></mj-body></mjml>';
    const { errors } = await compileWithMjml(doc, OPTIONS);
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('mj-txet')]);
  });
});
