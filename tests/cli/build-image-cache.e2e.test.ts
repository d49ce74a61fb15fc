import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { runCli, tempProject } from '../helpers/cli.js';

const CONFIG = 'name: Städtenetz\nfrom: "Städtenetz <news@example.org>"\nbase_url: https://news.example.org\nlanguages: [de, en]\n';
const issue = (lang: string) => `number: 1\ndate: 2021-01-01\nsubject: Bilder ${lang}\nreview:\n  - title: Bild\n    image:\n      src: images/banner.png\n      alt: Ein Bild\n      width: 300\n`;

describe('newsletter build keeps compressed images for the next build', () => {
  let dir: string;
  const cache = () => join(dir, '.newsletter', 'cache', 'images');
  const built = (out: string, lang: string) => readFileSync(join(dir, out, '2021-01', lang, 'banner.png'));

  beforeAll(async () => {
    dir = tempProject();
    mkdirSync(join(dir, 'issues', 'images'), { recursive: true });
    writeFileSync(join(dir, 'newsletter.config.yaml'), CONFIG);
    writeFileSync(join(dir, 'issues', '2021-01.de.yaml'), issue('de'));
    writeFileSync(join(dir, 'issues', '2021-01.en.yaml'), issue('en'));
    writeFileSync(join(dir, 'issues', 'images', 'banner.png'), await sharp({ create: { width: 2400, height: 600, channels: 3, background: '#0E4D5C' } }).png().toBuffer());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('one entry per image and width, for both languages; the next build gives the same bytes from it', async () => {
    expect((await runCli(['build', 'issues/2021-01.de.yaml', '--out', 'one'], { cwd: dir })).code).toBe(0);
    expect(readdirSync(cache()).sort()).toEqual([expect.stringMatching(/^v1-[0-9a-f]{64}-png-300\.bin$/), expect.stringMatching(/^v1-[0-9a-f]{64}-png-300\.json$/)]);
    expect((await runCli(['build', 'issues/2021-01.de.yaml', '--out', 'two'], { cwd: dir })).code).toBe(0);
    expect(built('two', 'de').equals(built('one', 'de'))).toBe(true);
    expect(built('two', 'en').equals(built('one', 'de'))).toBe(true);
    expect((await sharp(built('two', 'en')).metadata()).width).toBe(600);
  });

  test('a changed image is compressed again; a broken entry is passed by', async () => {
    writeFileSync(join(dir, 'issues', 'images', 'banner.png'), await sharp({ create: { width: 1800, height: 600, channels: 3, background: '#F4B38A' } }).png().toBuffer());
    for (const entry of readdirSync(cache()).filter((f) => f.endsWith('.json'))) writeFileSync(join(cache(), entry), '{ not json');
    expect((await runCli(['build', 'issues/2021-01.de.yaml', '--out', 'three'], { cwd: dir })).code).toBe(0);
    const { width } = await sharp(built('three', 'de')).metadata();
    expect(width).toBe(600);
    expect(built('three', 'de').equals(built('one', 'de'))).toBe(false);
    expect(readdirSync(cache()).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  });
});
