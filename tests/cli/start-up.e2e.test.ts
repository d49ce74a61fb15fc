import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliPath, repoRoot, tempProject } from '../helpers/cli.js';

/**
 * Which packages of node_modules a command loads, as the process itself saw them: ES modules
 * through a resolve hook, CommonJS ones from require's cache at exit. `entry` is the bundled
 * CLI that users run (bin/newsletter), or lib/cli/main.js, whose lazy imports the bundle's
 * chunks follow (the bundle itself holds zod, yaml, marked, handlebars and commander, so
 * those are only visible in lib/).
 */
function packagesLoaded(entry: 'bin' | 'lib', args: string[]): { packages: string[]; code: number | null; stdout: string } {
  const dir = tempProject();
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}
`,
  );
  const preload = join(dir, 'preload.mjs');
  writeFileSync(
    preload,
    `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register(${JSON.stringify(pathToFileURL(hooks).href)});
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(${JSON.stringify(log)}, Object.keys(cache).join('\\n') + '\\n'));
`,
  );
  const script =
    entry === 'bin'
      ? cliPath
      : (() => {
          const starter = join(dir, 'start-lib.mjs');
          writeFileSync(starter, `import { main } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'lib', 'cli', 'main.js')).href)};\nmain(process.argv).then((code) => process.exit(code));\n`);
          return starter;
        })();
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, script, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' },
  });
  const packages = new Set<string>();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (match) packages.add(match[1]);
  }
  return { packages: [...packages].sort(), code: run.status, stdout: run.stdout };
}

const RENDERING = ['handlebars', 'mjml', 'mjml-core', 'mjml-parser-xml', 'sharp', 'html-to-text'];
const STATE_AND_NETWORK = ['better-sqlite3', 'pg', 'nodemailer', 'imapflow', 'mailparser', 'chokidar'];

describe('what a command loads at start', () => {
  test('--version loads commander only', () => {
    for (const entry of ['bin', 'lib'] as const) {
      const { packages, code, stdout } = packagesLoaded(entry, ['--version']);
      expect(code).toBe(0);
      expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      expect([entry, packages]).toEqual([entry, entry === 'lib' ? ['commander'] : []]);
    }
  });

  test('validate reads and checks the issue without loading rendering, state or network libraries', () => {
    const args = ['--config', 'newsletter.config.yaml', 'validate', 'issues/2020-12-nr34.de.yaml'];
    const lib = packagesLoaded('lib', args);
    expect(lib.code).toBe(0);
    expect(lib.packages).toEqual(['commander', 'marked', 'yaml', 'zod']);
    const bin = packagesLoaded('bin', args);
    expect(bin.code).toBe(0);
    expect(bin.packages.filter((p) => [...RENDERING, ...STATE_AND_NETWORK].includes(p))).toEqual([]);
  });

  test('build loads MJML but no state or network library', () => {
    const out = tempProject();
    const { packages, code } = packagesLoaded('bin', ['--config', 'newsletter.config.yaml', 'build', 'issues/2020-12-nr34.de.yaml', '--out', out]);
    expect(code).toBe(0);
    expect(packages).toContain('mjml-core');
    expect(packages.filter((p) => STATE_AND_NETWORK.includes(p))).toEqual([]);
  });
});

describe('the bundled CLI', () => {
  test('is built beside lib/cli/main.js, and every chunk it imports is there', () => {
    const dir = join(repoRoot, 'lib', 'cli');
    const chunks = readdirSync(dir).filter((f) => f.startsWith('main.bundle'));
    expect(chunks).toContain('main.bundle.js');
    for (const chunk of chunks) {
      for (const [, name] of readFileSync(join(dir, chunk), 'utf8').matchAll(/from "\.\/(main\.bundle[^"]*)"/g)) {
        expect([chunk, existsSync(join(dir, name))]).toEqual([chunk, true]);
      }
    }
  });
});
