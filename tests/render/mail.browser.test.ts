/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import { loadIssueSet } from '../../src/issue/load-issue.js';
import { renderIssue } from '../../src/render/render-issue.js';
import { writeBuild, type BuildOutput } from '../../src/render/write-build.js';
import { artifactPath, launchChromium } from '../helpers/browser.js';
import { repoRoot } from '../helpers/cli.js';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let browser: Browser;
let outputs: BuildOutput[];

beforeAll(async () => {
  const { value: config } = await loadConfig({ cwd: repoRoot });
  const set = await loadIssueSet(join(repoRoot, 'issues', '2020-12-nr34.de.yaml'), config as Config);
  const rendered = await Promise.all(set.value!.issues.map((issue) => renderIssue(issue, config as Config)));
  outputs = await writeBuild(rendered, mkdtempSync(join(tmpdir(), 'newsletter-browser-')));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function open(lang: string, width: number, colorScheme: 'light' | 'dark' = 'light') {
  const output = outputs.find((o) => o.lang === lang)!;
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
  await page.goto(pathToFileURL(output.html).href);
  return page;
}

describe.each(['de', 'en'])('the built example mail (%s) in Chromium', (lang) => {
  test('axe-core finds no serious or critical accessibility problem', async () => {
    const page = await open(lang, 1000);
    await page.addScriptTag({ path: join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js') });
    const violations = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    })) as AxeViolation[];
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    expect(serious).toEqual([]);
    await page.screenshot({ path: artifactPath('render', `example-${lang}-desktop.png`), fullPage: true });
    await page.close();
  });

  test('on a 375 px phone: one column, no horizontal scrolling', async () => {
    const page = await open(lang, 375);
    const layout = await page.evaluate(() => {
      const columns = [...document.querySelectorAll('[class*="mj-column-per"]')].map((el) => el.getBoundingClientRect());
      return {
        scrollWidth: document.documentElement.scrollWidth,
        widest: Math.max(...columns.map((r) => r.right)),
        sideBySide: columns.some((a, i) => columns.some((b, j) => i !== j && a.width > 0 && b.width > 0 && Math.abs(a.top - b.top) < 1 && a.left !== b.left)),
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(375);
    expect(layout.widest).toBeLessThanOrEqual(375);
    expect(layout.sideBySide).toBe(false);
    await page.screenshot({ path: artifactPath('render', `example-${lang}-phone.png`), fullPage: true });
    await page.close();
  });

  test('on a desktop the connect block has two columns side by side, and every image has alt and width', async () => {
    const page = await open(lang, 1000);
    const facts = await page.evaluate(() => ({
      connectColumns: [...document.querySelectorAll('.nl-connect-column')].map((el) => Math.round(el.getBoundingClientRect().top)),
      images: [...document.images].map((img) => ({ alt: img.alt, width: img.getAttribute('width'), loaded: img.naturalWidth > 0 })),
      title: document.title,
      lang: document.documentElement.lang,
      preheaderHidden: [...document.querySelectorAll('div')].some((d) => d.style.display === 'none' && (d.textContent ?? '').trim().length > 20),
    }));
    expect(facts.connectColumns).toHaveLength(2);
    expect(facts.connectColumns[0]).toBe(facts.connectColumns[1]);
    expect(facts.images.length).toBeGreaterThan(0);
    for (const image of facts.images) {
      expect(image.alt.length).toBeGreaterThan(10);
      expect(Number(image.width)).toBeGreaterThan(0);
      expect(image.loaded).toBe(true);
    }
    expect(facts.title).toMatch(lang === 'de' ? /^Städte im Dialog Nr\. 34/ : /^Cities in Dialogue No\. 34/);
    expect(facts.lang).toBe(lang);
    expect(facts.preheaderHidden).toBe(true);
    await page.close();
  });

  test('a "view in browser" link to the issue\'s archive page, buttons a screen reader tells apart, and the logo', async () => {
    const page = await open(lang, 1000);
    const viewInBrowser = page.getByRole('link', { name: lang === 'de' ? 'Im Browser ansehen' : 'View in your browser', exact: true });
    expect(await viewInBrowser.getAttribute('href')).toBe(`https://newsletter.example.org/archive/2020-12-nr34/${lang}/`);
    expect(await viewInBrowser.isVisible()).toBe(true);

    // every "Mehr" / "Read more" button is named by its item's title; the title is not seen
    const more = lang === 'de' ? 'Mehr' : 'Read more';
    const snapshot = await page.locator('body').ariaSnapshot();
    const names = [...snapshot.matchAll(/link "([^"]*)"/g)].map((m) => m[1]).filter((name) => new RegExp(`^${more}\\s*: \\S`).test(name));
    expect(names.length).toBeGreaterThanOrEqual(7);
    expect(new Set(names).size).toBe(names.length);
    const button = page.getByRole('link', { name: names[0], exact: true });
    const title = button.locator('span').last();
    expect(await title.evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(1);

    const logo = await page.evaluate(() => {
      const img = [...document.images].find((i) => i.alt.startsWith('Logo'));
      return img && { loaded: img.naturalWidth > 0, shown: img.getBoundingClientRect().width };
    });
    expect(logo).toEqual({ loaded: true, shown: 64 });
    await page.close();
  });

  test('in dark mode the text keeps its contrast (axe, colour contrast only)', async () => {
    const page = await open(lang, 1000, 'dark');
    await page.addScriptTag({ path: join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js') });
    const violations = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
      return (await axe.run(document, { runOnly: ['color-contrast'], resultTypes: ['violations'] })).violations;
    })) as AxeViolation[];
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    await page.screenshot({ path: artifactPath('render', `example-${lang}-desktop-dark.png`), fullPage: true });
    await page.close();
  });
});
