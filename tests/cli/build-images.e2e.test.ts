import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

const CONFIG = `name: Städtenetz
from: "Städtenetz <news@example.org>"
base_url: https://news.example.org
languages: [de]
`;

function issue(images: { src: string; width?: number }[]): string {
  const items = images
    .map((image, i) => `  - title: Bild ${i + 1}\n    image:\n      src: ${image.src}\n      alt: Ein Bild\n${image.width ? `      width: ${image.width}\n` : ''}`)
    .join('');
  return `number: 1\ndate: 2021-01-01\nsubject: Bilder\nreview:\n${items}`;
}

/** A photo-like image: noise compresses badly, as real photos do. */
function noisyJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

function smoothPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#0E4D5C' } }).png().toBuffer();
}

describe('newsletter build: images are resized to twice their width in the mail and compressed', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempProject();
    mkdirSync(join(dir, 'issues', 'images'), { recursive: true });
    writeFileSync(join(dir, 'newsletter.config.yaml'), CONFIG);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a 3000 px photo becomes 1072 px (536 × 2), the original stays as it was, and one over the budget is a warning with its size', async () => {
    const photo = await noisyJpeg(3000, 3000);
    const banner = await smoothPng(2400, 600);
    writeFileSync(join(dir, 'issues', 'images', 'Foto vom Fluß.JPG'), photo);
    writeFileSync(join(dir, 'issues', 'images', 'banner.png'), banner);
    writeFileSync(join(dir, 'issues', '2021-01.de.yaml'), issue([{ src: 'images/Foto vom Fluß.JPG' }, { src: 'images/banner.png', width: 300 }]));

    const result = await runCli(['build', 'issues/2021-01.de.yaml'], { cwd: dir });
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.code).toBe(0);

    const out = join(dir, 'dist', '2021-01', 'de');
    const builtPhoto = readFileSync(join(out, 'foto-vom-fluss.jpg'));
    expect((await sharp(builtPhoto).metadata()).width).toBe(1072);
    const builtBanner = readFileSync(join(out, 'banner.png'));
    expect((await sharp(builtBanner).metadata()).width).toBe(600);
    expect(builtBanner.length).toBeLessThan(banner.length);
    // the editor's files are untouched
    expect(readFileSync(join(dir, 'issues', 'images', 'Foto vom Fluß.JPG')).equals(photo)).toBe(true);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('src="foto-vom-fluss.jpg"');

    const kb = (builtPhoto.length / 1024).toFixed(1);
    expect(result.stderr).toContain(
      `warning: the image issues/images/Foto vom Fluß.JPG is ${kb} KB in the mail even after resizing to 1072 px wide (budget 200.0 KB): every reader downloads it when opening the mail`,
    );
    expect(result.stderr).not.toContain('banner.png');
  });
});
