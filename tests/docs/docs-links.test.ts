import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };

function filesUnder(folder: string): string[] {
  const dir = join(repoRoot, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(relative(repoRoot, path)) : [path];
  });
}

const docs = [join(repoRoot, 'README.md'), ...filesUnder('docs').filter((f) => f.endsWith('.md'))];
const shipped = ['bin', 'src', 'docs', 'templates', 'locales', 'schema', 'tests', 'scripts', '.ci'].flatMap(filesUnder);

describe('the project stands on its own', () => {
  test('no file points outside the repository at ../shared', () => {
    const self = join(repoRoot, 'tests/docs/docs-links.test.ts');
    const pointing = [...docs, ...shipped, join(repoRoot, 'package.json')]
      .filter((f) => f !== self && readFileSync(f, 'utf8').includes('../shared'))
      .map((f) => relative(repoRoot, f));
    expect(pointing).toEqual([]);
  });

  test('every relative link in the README and docs/ names a file of the repository', () => {
    const broken: string[] = [];
    for (const file of docs) {
      // code (fenced blocks and `spans`) shows Markdown syntax, such as `[text](…)`: not links
      const prose = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
      for (const [, target] of prose.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        if (!existsSync(join(dirname(file), target))) broken.push(`${relative(repoRoot, file)} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('install commands name the package as published, which installs the `newsletter` command', () => {
    // "newsletter" on the npm registry is an unrelated library without an executable
    expect(pkg.name).toBe('newsletter-cli');
    expect(pkg.bin).toEqual({ newsletter: 'bin/newsletter' });
    const wrong: string[] = [];
    for (const file of docs) {
      const text = readFileSync(file, 'utf8');
      for (const [command] of text.matchAll(/npm (?:install|i)\b[^\n`]*/g)) {
        const words = command.split(/\s*(?:&&|;|\||#)/)[0].split(/\s+/).slice(2);
        const names = words.filter((w) => w !== '' && !w.startsWith('-') && !w.startsWith('./'));
        for (const name of names) if (name.replace(/@[^@/]*$/, '') !== pkg.name) wrong.push(`${relative(repoRoot, file)}: ${command}`);
      }
      for (const [path] of text.matchAll(/node_modules\/[\w@.-]+(?:\/[\w.-]+)?/g)) {
        if (!path.startsWith(`node_modules/${pkg.name}/`) && !path.startsWith('node_modules/.bin/')) wrong.push(`${relative(repoRoot, file)}: ${path}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
