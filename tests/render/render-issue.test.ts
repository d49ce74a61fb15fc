import { mkdtempSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { DEFAULT_TEMPLATES_DIR, renderIssue } from '../../src/render/render-issue.js';
import { fillSlots, placeholderValues } from '../../src/render/personalize.js';
import { loadTheme } from '../../src/render/theme.js';
import type { RenderedIssue } from '../../src/render/types.js';
import { fullItem, sampleConfig, sampleIssue } from '../fixtures/render/sample.js';

const filled = (r: RenderedIssue) => ({
  subject: fillSlots(r.subject, placeholderValues(), 'header'),
  html: fillSlots(r.html, placeholderValues(), 'html'),
  text: fillSlots(r.text, placeholderValues(), 'text'),
});

function projectWithTemplates(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-theme-'));
  mkdirSync(join(dir, 'templates'));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, 'templates', name), source);
  return dir;
}

async function renderError(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('renderIssue', () => {
  let de: RenderedIssue;
  let en: RenderedIssue;
  beforeAll(async () => {
    de = await renderIssue(sampleIssue(), sampleConfig());
    en = await renderIssue(sampleIssue({ lang: 'en', subject: 'Issue 34' }), sampleConfig());
  });

  test('personal fields and the unsubscribe link are slots, in html, text and subject', () => {
    expect(de.subject).toEqual({ parts: ['Ausgabe 34 für', ''], slots: [{ kind: 'field', field: 'first_name', fallback: 'Sie', space: true }] });
    // the subject twice: <title> and the body's aria-label (MJML names the mail for screen readers)
    expect(de.html.slots).toEqual([
      { kind: 'field', field: 'first_name', fallback: 'Sie' },
      { kind: 'field', field: 'first_name', fallback: 'Sie' },
      { kind: 'field', field: 'first_name', fallback: 'Leserin, Leser', space: true },
      { kind: 'unsubscribe' },
    ]);
    expect(de.text.slots).toEqual([{ kind: 'field', field: 'first_name', fallback: 'Leserin, Leser', space: true }, { kind: 'unsubscribe' }]);
    for (const part of [...de.html.parts, ...de.text.parts, ...de.subject.parts]) expect(part).not.toMatch(/nlslot|\{\{|\u0002/);
  });

  test('the subject is the document title and the language is on <html>', () => {
    const { html } = filled(de);
    expect(html).toMatch(/<html lang="de"/);
    expect(html).toContain('<title>Ausgabe 34 für Sie</title>');
  });

  test('the masthead, sections, item fields and footer come from issue, config and locale', () => {
    const { html } = filled(de);
    const expected = [
      'Stadtnetz Test',
      'Nachrichten aus dem Netz',
      'Ausgabe Nr. 34 · Dezember 2020',
      'Rückblick',
      'Einblick',
      'Gute Praxis',
      'Ein Reparaturcafé',
      'Im Rathaus',
      '26.10.–05.11.2020',
      'Trier',
      'Jeden <strong>Samstag</strong> offen.',
      'Mitmachen',
      'Partner Eins e. V.',
      'Hauptstraße 1, 12345 Musterstadt',
      '© 2020 Stadtnetz',
      'href="https://example.org/imprint"',
      'href="https://unsubscribe.invalid/PLACEHOLDER-personal-link"',
      'Kurz gesagt',
    ];
    expect(expected.filter((text) => !html.includes(text))).toEqual([]);
    expect(html).toMatch(/<a\s+href="https:\/\/example\.org\/more"[^>]*>\s*Mehr<span[^>]*>: [^<]+<\/span>\s*<\/a>/);
    expect(html).not.toContain('Ausblick');
  });

  test('English strings and date formats for en', () => {
    const { html } = filled(en);
    const expected = ['City Net Test', 'Issue No. 34 · December 2020', 'Review', 'Insight', '26 Oct – 5 Nov 2020', 'Join in'];
    expect(expected.filter((text) => !html.includes(text))).toEqual([]);
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toMatch(/<a\s+href="https:\/\/example\.org\/more"[^>]*>\s*Read more<span[^>]*>: [^<]+<\/span>\s*<\/a>/);
  });

  test('a local image is linked under base_url and listed as an asset; the img has width and alt', () => {
    expect(de.assets).toEqual([
      {
        source: join(sampleConfig().dir, 'images', 'skyline.png'),
        name: 'skyline.png',
        url: 'https://news.example.org/archive/2020-12-test/de/skyline.png',
        kind: 'png',
        width: 536,
      },
    ]);
    expect(filled(de).html).toMatch(/<img[^>]*alt="Eine Stadt am Fluss"[^>]*src="https:\/\/news\.example\.org\/archive\/2020-12-test\/de\/skyline\.png"[^>]*width="536"/);
  });

  test('raw HTML in content is escaped, never passed through', async () => {
    const issue = sampleIssue({ sections: { review: [fullItem({ body: 'Hi <img src=x onerror=alert(1)> there', title: '<i>T</i>' })], insight: [], outlook: [] } });
    const { html, text } = filled(await renderIssue(issue, sampleConfig()));
    expect(html).toContain('Hi &lt;img src=x onerror=alert(1)&gt; there');
    expect(html).toContain('&lt;i&gt;T&lt;/i&gt;');
    expect(html).not.toContain('<img src=x');
    expect(text).toContain('<i>T</i>');
  });

  test('an issue heading overrides the locale', async () => {
    const { html } = filled(await renderIssue(sampleIssue({ headings: { review: 'Was war' } }), sampleConfig()));
    expect(html).toContain('Was war');
    expect(html).not.toContain('Rückblick');
  });

  test('the plain-text part is written from the data', () => {
    const { text } = filled(de);
    expect(text).toContain(
      [
        '[Gute Praxis]',
        'Ein Reparaturcafé',
        'Im Rathaus',
        '26.10.–05.11.2020 · Trier',
        '',
        'Jeden Samstag offen.',
        '',
        'Kontakt: Jana, jana@example.org',
        'Mehr: https://example.org/more',
      ].join('\n'),
    );
    expect(text.startsWith('Stadtnetz Test\nNachrichten aus dem Netz\nAusgabe Nr. 34 · Dezember 2020\n\nIm Browser ansehen: https://news.example.org/archive/2020-12-test/de/\n\nHallo Leserin, Leser,\n\nwillkommen.\n\nIhr Team\n')).toBe(true);
    expect(text).toContain(`${'='.repeat(72)}\nRÜCKBLICK\n${'='.repeat(72)}`);
    expect(text.trimEnd().endsWith('Abbestellen:\nhttps://unsubscribe.invalid/PLACEHOLDER-personal-link')).toBe(true);
    for (const line of text.split('\n')) if (!line.startsWith('http')) expect(line.length).toBeLessThanOrEqual(72);
  });
});

describe('themes', () => {
  test('a project template replaces the default file of the same name, the rest stays', async () => {
    const dir = projectWithTemplates({
      'footer.hbs': '<mj-section><mj-column><mj-text>Eigene Fußzeile <a href="{{unsubscribe_url}}">{{t.unsubscribe}}</a></mj-text></mj-column></mj-section>\n',
    });
    const rendered = await renderIssue(sampleIssue(), sampleConfig({ dir }));
    const { html } = filled(rendered);
    expect(html).toContain('Eigene Fußzeile');
    expect(html).not.toContain('Partner Eins e. V.');
    expect(html).toContain('Ausgabe Nr. 34 · Dezember 2020');
    expect(rendered.html.slots.at(-1)).toEqual({ kind: 'unsubscribe' });
  });

  test('MJML complaints name the template file and line that wrote the element', async () => {
    const dir = projectWithTemplates({
      'masthead.hbs': '<mj-section>\n  <mj-column>\n    <mj-bogus />\n    <mj-text color="not-a-colour">{{name}}</mj-text>\n  </mj-column>\n</mj-section>\n',
    });
    const error = await renderError(renderIssue(sampleIssue(), sampleConfig({ dir })));
    const file = join(dir, 'templates', 'masthead.hbs');
    expect(error.problems.map((p) => [p.file, p.line, p.severity])).toEqual([
      [file, 3, 'error'],
      [file, 4, 'error'],
    ]);
    expect(error.problems[0].message).toBe("MJML: Element mj-bogus doesn't exist or is not registered");
    expect(error.problems[1].message).toMatch(/^MJML: Attribute color has invalid value: not-a-colour/);
  });

  test('a Handlebars syntax error names the template file and line', async () => {
    const dir = projectWithTemplates({ 'intro.hbs': '<mj-section>\n<mj-column>\n{{#if intro}}\n</mj-column>\n</mj-section>\n' });
    const error = await renderError(renderIssue(sampleIssue(), sampleConfig({ dir })));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].file).toBe(join(dir, 'templates', 'intro.hbs'));
    expect(error.problems[0].message).toMatch(/^template error: /);
  });

  test('the compiled theme is reused until a file changes', () => {
    const dir = projectWithTemplates({ 'preheader.hbs': '' });
    const dirs = [join(dir, 'templates'), DEFAULT_TEMPLATES_DIR];
    const first = loadTheme(dirs);
    expect(loadTheme(dirs)).toBe(first);
    const file = join(dir, 'templates', 'preheader.hbs');
    writeFileSync(file, '{{!-- changed --}}');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(loadTheme(dirs)).not.toBe(first);
  });
});

describe('render warnings', () => {
  test('an issue in a language the theme has no words for renders in English, with a warning', async () => {
    const rendered = await renderIssue(sampleIssue({ lang: 'pt-BR' }), sampleConfig());
    expect(rendered.warnings).toEqual([
      {
        file: sampleIssue({ lang: 'pt-BR' }).file,
        line: 1,
        column: 1,
        severity: 'warning',
        message: 'the theme has no words for "pt-BR": headings, buttons and dates are in "en"',
        hint: 'add locales/pt-BR.yaml beside newsletter.config.yaml (copy the default theme\'s en.yaml and translate it)',
      },
    ]);
    expect(filled(rendered).html).toMatch(/<html lang="pt-BR"/);
  });
});

describe('the masthead logo', () => {
  test('a local logo is an asset like any image, shown with its alt text and width', async () => {
    const logo = join(sampleConfig().dir, 'images', 'skyline.png');
    const rendered = await renderIssue(sampleIssue({ sections: { review: [fullItem()], insight: [], outlook: [] } }), sampleConfig({ logo: { src: logo, alt: { de: 'Stadtnetz-Logo', en: 'City Net logo' }, width: 120 } }));
    expect(rendered.assets.map((a) => [a.source, a.name])).toEqual([[logo, 'skyline.png']]);
    expect(filled(rendered).html).toMatch(/<img[^>]*alt="Stadtnetz-Logo"[^>]*src="https:\/\/news\.example\.org\/archive\/2020-12-test\/de\/skyline\.png"[^>]*width="120"/);
  });
});
