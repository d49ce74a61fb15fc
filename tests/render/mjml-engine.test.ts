import { createRequire } from 'node:module';
import { COMPONENT_PACKAGES, compileWithMjml, DEFERRED_HELPERS } from '../../src/render/mjml-engine.js';

const require = createRequire(import.meta.url);
const mjmlRequire = createRequire(require.resolve('mjml'));
const presetRequire = createRequire(mjmlRequire.resolve('mjml-preset-core'));
const coreRequire = createRequire(mjmlRequire.resolve('mjml-core'));

/** Every preset component at once, plus the features that need the deferred helpers. */
const EVERYTHING = `<mjml>
  <mj-head>
    <mj-title>All of it</mj-title>
    <mj-preview>Preview text</mj-preview>
    <mj-font name="Lato" href="https://fonts.example.org/lato.css" />
    <mj-breakpoint width="480px" />
    <mj-attributes><mj-all font-family="Lato, Arial" /><mj-class name="blue" color="#0000ff" /></mj-attributes>
    <mj-style inline="inline">.red p { color: #ff0000; }</mj-style>
    <mj-style>.hidden { display: none; }</mj-style>
    <mj-html-attributes><mj-selector path=".tagged div"><mj-html-attribute name="data-tagged">yes</mj-html-attribute></mj-selector></mj-html-attributes>
    <mj-raw><meta name="x-test" content="1"></mj-raw>
  </mj-head>
  <mj-body>
    <mj-wrapper>
      <mj-section>
        <mj-group>
          <mj-column><mj-text css-class="red"><p>Red by inlining</p></mj-text></mj-column>
          <mj-column><mj-text css-class="tagged" mj-class="blue">Tagged</mj-text></mj-column>
        </mj-group>
      </mj-section>
    </mj-wrapper>
    <mj-hero background-url="https://example.org/hero.jpg" background-height="200px" background-width="600px">
      <mj-button href="https://example.org/">Go</mj-button>
    </mj-hero>
    <mj-section>
      <mj-column>
        <mj-image src="https://example.org/a.png" alt="A" />
        <mj-divider />
        <mj-spacer height="10px" />
        <mj-table><tr><td>cell</td></tr></mj-table>
        <mj-social><mj-social-element name="github" href="https://example.org/gh">GitHub</mj-social-element></mj-social>
        <mj-navbar><mj-navbar-link href="/a">A</mj-navbar-link></mj-navbar>
        <mj-accordion><mj-accordion-element><mj-accordion-title>Q</mj-accordion-title><mj-accordion-text>A</mj-accordion-text></mj-accordion-element></mj-accordion>
        <mj-carousel><mj-carousel-image src="https://example.org/c.png" /></mj-carousel>
        <mj-raw><p>raw</p></mj-raw>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

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
      const real = coreRequire(coreRequire.resolve(helper.name));
      expect([helper.name, Boolean(real.__esModule)]).toEqual([helper.name, helper.esModule]);
      for (const name of helper.functions ?? []) expect([helper.name, name, typeof real[name]]).toEqual([helper.name, name, 'function']);
    }
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
