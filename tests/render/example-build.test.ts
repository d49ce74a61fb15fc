import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import { loadIssueSet } from '../../src/issue/load-issue.js';
import { renderIssue } from '../../src/render/render-issue.js';
import type { RenderedIssue } from '../../src/render/types.js';
import { buildFiles, writeBuild } from '../../src/render/write-build.js';
import { repoRoot } from '../helpers/cli.js';

async function renderExample(): Promise<RenderedIssue[]> {
  const { value: config, problems } = await loadConfig({ cwd: repoRoot });
  expect(problems).toEqual([]);
  const set = await loadIssueSet(join(repoRoot, 'issues', '2020-12-nr34.de.yaml'), config as Config);
  expect(set.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return Promise.all(set.value!.issues.map((issue) => renderIssue(issue, config as Config)));
}

/** Everything a build writes, by relative path. */
function snapshotOf(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else files[rel] = readFileSync(join(dir, rel));
    }
  };
  walk('');
  return files;
}

describe('the bundled example, issue 34', () => {
  let rendered: RenderedIssue[];
  beforeAll(async () => {
    rendered = await renderExample();
  });

  test('has German and English, with the reader\'s first name and the unsubscribe link as slots', () => {
    expect(rendered.map((r) => [r.id, r.lang])).toEqual([
      ['2020-12-nr34', 'de'],
      ['2020-12-nr34', 'en'],
    ]);
    for (const r of rendered) {
      expect(r.html.slots.filter((s) => s.kind === 'field').map((s) => s.kind === 'field' && s.field)).toEqual(['first_name']);
      expect(r.html.slots.filter((s) => s.kind === 'unsubscribe')).toHaveLength(1);
      expect(r.text.slots.map((s) => s.kind)).toEqual(['field', 'unsubscribe']);
      expect(r.assets.map((a) => a.name)).toEqual(['riverside-skyline.png', 'logo.png']);
    }
  });

  // Normalised: the built files have no random parts; slots carry their fallbacks, the link a placeholder.
  test.each(['de', 'en'])('rendered %s text part matches the snapshot', (lang) => {
    expect(buildFiles(rendered.find((r) => r.lang === lang)!).text).toMatchSnapshot();
  });

  test.each(['de', 'en'])('rendered %s HTML matches the snapshot', (lang) => {
    expect(buildFiles(rendered.find((r) => r.lang === lang)!).html).toMatchSnapshot();
  });

  test('the build is deterministic: rendering and writing twice gives the same bytes', async () => {
    const first = mkdtempSync(join(tmpdir(), 'newsletter-build-a-'));
    const second = mkdtempSync(join(tmpdir(), 'newsletter-build-b-'));
    await writeBuild(rendered, first);
    await writeBuild(await renderExample(), second);
    const a = snapshotOf(first);
    const b = snapshotOf(second);
    expect(Object.keys(a).sort()).toEqual([
      '2020-12-nr34/de/index.html',
      '2020-12-nr34/de/index.txt',
      '2020-12-nr34/de/logo.png',
      '2020-12-nr34/de/riverside-skyline.png',
      '2020-12-nr34/en/index.html',
      '2020-12-nr34/en/index.txt',
      '2020-12-nr34/en/logo.png',
      '2020-12-nr34/en/riverside-skyline.png',
    ]);
    for (const [path, bytes] of Object.entries(a)) expect(bytes.equals(b[path])).toBe(true);
  });

  test('writeBuild reports sizes, links the copied image relatively and leaves no temp files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'newsletter-build-'));
    const outputs = await writeBuild(rendered, out);
    expect(outputs.map((o) => [o.lang, o.html, o.text])).toEqual([
      ['de', join(out, '2020-12-nr34', 'de', 'index.html'), join(out, '2020-12-nr34', 'de', 'index.txt')],
      ['en', join(out, '2020-12-nr34', 'en', 'index.html'), join(out, '2020-12-nr34', 'en', 'index.txt')],
    ]);
    for (const output of outputs) {
      const html = readFileSync(output.html, 'utf8');
      expect(output.bytes).toBe(Buffer.byteLength(html));
      expect(html).toContain('src="riverside-skyline.png"');
      // images are linked beside the file; only "view in browser" leads to the archive page
      expect(html).not.toMatch(/src="[^"]*\/archive\/2020-12-nr34\//);
      expect(html).toContain(`href="https://newsletter.example.org/archive/2020-12-nr34/${output.lang}/"`);
      expect(existsSync(join(out, '2020-12-nr34', output.lang, 'riverside-skyline.png'))).toBe(true);
    }
    expect(Object.keys(snapshotOf(out)).filter((p) => p.endsWith('.tmp'))).toEqual([]);
  });
});
