import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TINY_PNG } from '../helpers/issue-project.js';
import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

const CONFIG = `name: Städtenetz
from: "Städtenetz <news@example.org>"
base_url: https://news.example.org
languages: [de]
`;

function issueWith(src: string): string {
  return `number: 1\ndate: 2021-01-01\nsubject: Bilder\nreview:\n  - title: Ein Bild\n    image: {src: "${src}", alt: Ein Bild}\n`;
}

describe('an issue file cannot publish a file that is not an image of the project', () => {
  let dir: string;
  let outside: string;
  beforeAll(() => {
    dir = tempProject();
    outside = tempProject();
    writeFileSync(join(dir, 'newsletter.config.yaml'), CONFIG);
    mkdirSync(join(dir, 'issues'), { recursive: true });
    mkdirSync(join(dir, '.newsletter'), { recursive: true });
    // a state file with readers' addresses in it, as the real one holds
    writeFileSync(join(dir, '.newsletter', 'state.sqlite'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.from('anna@example.org')]));
    writeFileSync(join(outside, 'secret.png'), TINY_PNG);
    symlinkSync(join(outside, 'secret.png'), join(dir, 'issues', 'linked.png'));
    writeFileSync(join(dir, 'issues', 'state.png'), Buffer.from('SQLite format 3\0'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  test.each([
    ['the state database by a path out of issues/', '../.newsletter/state.sqlite', 'issues/a.de.yaml:6:18: image "../.newsletter/state.sqlite" is in a hidden file or folder; those are never published'],
    ['a database renamed .png', 'state.png', 'issues/a.de.yaml:6:18: "state.png" is not an image: its content is not PNG, JPEG, GIF or WebP'],
    ['a link to a file outside the project', 'linked.png', 'issues/a.de.yaml:6:18: image "linked.png" is a link to a file outside the project folder'],
    ['an absolute path', '/etc/passwd', 'issues/a.de.yaml:6:18: image "src" must be a path relative to the file, found the absolute path "/etc/passwd"'],
  ])('%s: validate refuses it with its position, build writes nothing', async (_what, src, expected) => {
    writeFileSync(join(dir, 'issues', 'a.de.yaml'), issueWith(src));
    const validate = await runCli(['validate', 'issues/a.de.yaml'], { cwd: dir });
    expect(validate.code).toBe(1);
    expect(validate.stderr.split('\n')[0]).toBe(expected);

    const build = await runCli(['build', 'issues/a.de.yaml'], { cwd: dir });
    expect(build.code).toBe(1);
    expect(hasStackTrace(build.stderr)).toBe(false);
    expect(build.stderr).toContain(expected);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});
