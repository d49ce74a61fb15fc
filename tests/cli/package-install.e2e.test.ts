import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, tempProject } from '../helpers/cli.js';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };

/**
 * Installs the packed tarball into `dir` from npm's local cache. `--offline` first (the cache
 * holds the tarballs once the project itself was installed); when the cache lacks some
 * registry metadata, `--prefer-offline` fetches only that from the npm registry. Install
 * scripts are skipped: better-sqlite3's native build takes minutes and is its own concern;
 * `init` and `build` do not open the state.
 */
async function installTarball(dir: string, tarball: string): Promise<string> {
  const args = ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', tarball];
  try {
    await run('npm', [...args, '--offline'], { cwd: dir });
    return 'offline';
  } catch (error) {
    if (!/ENOTCACHED/.test(String((error as { stderr?: string }).stderr ?? error))) throw error;
    await run('npm', [...args, '--prefer-offline'], { cwd: dir });
    return 'prefer-offline';
  }
}

describe('the packed package (npm pack) in an empty folder', () => {
  let dir = '';
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  test('installs under its own registry name, and its `newsletter` command inits and builds a project', async () => {
    dir = tempProject();
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repoRoot });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    // "newsletter" on the registry is an unrelated package without an executable
    expect(packed.filename).toBe(`newsletter-cli-${pkg.version}.tgz`);
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['bin/newsletter', 'lib/cli/main.js', 'schema/issue.schema.json', 'templates/layout.hbs']));
    expect(paths.filter((p) => p.startsWith('tests/') || p.startsWith('src/') || p.startsWith('.newsletter/'))).toEqual([]);

    const home = join(dir, 'home');
    mkdirSync(home);
    writeFileSync(join(home, 'package.json'), '{"private": true}\n');
    await installTarball(home, join(dir, packed.filename));
    expect(existsSync(join(home, 'node_modules/newsletter-cli/schema/issue.schema.json'))).toBe(true);

    const bin = join(home, 'node_modules/.bin/newsletter');
    const env = { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' };
    expect((await run(bin, ['--version'], { cwd: home, env })).stdout.trim()).toBe(pkg.version);

    const project = join(home, 'letter');
    await run(bin, ['init', 'letter', '--yes', '--name', 'Packed', '--languages', 'en'], { cwd: home, env });
    const issue = readdirSync(join(project, 'issues')).find((f) => f.endsWith('.en.yaml'))!;
    const build = await run(bin, ['build', join('issues', issue), '--json'], { cwd: project, env });
    const outputs = (JSON.parse(build.stdout) as { outputs: { html: string }[] }).outputs;
    expect(outputs).toHaveLength(1);
    expect(readFileSync(outputs[0].html, 'utf8')).toContain('Packed');
  }, 300_000);
});
