import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomFeed } from '../../src/archive/atom-feed.js';
import { runCli, tempProject, hasStackTrace } from '../helpers/cli.js';

const EXAMPLE = ['issues', 'newsletter.config.yaml'];

describe('atomFeed', () => {
  test('escapes text, orders entries newest first, dates at noon UTC', () => {
    const xml = atomFeed({
      title: 'Städte & Dialog',
      url: 'https://example.org/archive/',
      self: 'https://example.org/archive/feed.xml',
      entries: [
        { url: 'https://example.org/archive/a/de/', title: 'Old <one>', lang: 'de', date: '2020-01-05' },
        { url: 'https://example.org/archive/b/en/', title: 'New "one"', lang: 'en', date: '2020-12-01' },
      ],
    });
    expect(xml).toContain('<title>Städte &amp; Dialog</title>');
    expect(xml).toContain('<updated>2020-12-01T12:00:00Z</updated>');
    expect(xml.indexOf('New &quot;one&quot;')).toBeLessThan(xml.indexOf('Old &lt;one&gt;'));
    expect(xml).toContain('<entry xml:lang="en">');
  });
});

describe('newsletter archive', () => {
  test('writes every issue and language, an index and a feed, with images beside each copy', async () => {
    const dir = tempProject(EXAMPLE);
    const result = await runCli(['archive', '--out', 'public'], { cwd: dir });
    expect(result.code).toBe(0);
    const out = join(dir, 'public');
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('href="2020-12-nr34/de/index.html"');
    expect(index).toContain('href="2020-12-nr34/en/index.html"');
    expect(index).toContain('<html lang="de">');
    const feed = readFileSync(join(out, 'feed.xml'), 'utf8');
    expect(feed.match(/<entry /g)).toHaveLength(2);
    expect(feed).toContain('<id>https://newsletter.example.org/archive/2020-12-nr34/en/</id>');
    const mail = readFileSync(join(out, '2020-12-nr34', 'de', 'index.html'), 'utf8');
    // a public copy: no personal link, no placeholder, the reader sent to their own mail instead
    expect(mail).toContain('href="../../unsubscribe.de.html"');
    expect(mail).not.toContain('PLACEHOLDER');
    expect(existsSync(join(out, 'unsubscribe.en.html'))).toBe(true);
  });

  test('an invalid issue writes nothing and is located', async () => {
    const dir = tempProject(EXAMPLE);
    const file = join(dir, 'issues', '2020-12-nr34.en.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^subject:/m, 'subjcet:'));
    const result = await runCli(['archive', '--out', 'public'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/2020-12-nr34\.en\.yaml:\d+:\d+: .*subjcet/);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(existsSync(join(dir, 'public'))).toBe(false);
  });
});
