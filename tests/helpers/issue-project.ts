import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Config } from '../../src/config/types.js';
import type { Problem } from '../../src/errors.js';

/** A valid issue to start from; cases change one thing in it. */
export const VALID_ISSUE = `number: 34
date: 2020-12-01
subject: Hallo
review:
  - title: Workshop
`;

/** The smallest real PNG (1 × 1, white): images are recognised by content, so fixtures must be real. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC', 'base64');

/** Writes `files` (path → text) into a fresh temp folder and returns the folder. */
export function writeProject(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-issue-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A config as loadConfig would return it, for tests that only need the issue stage. */
export function testConfig(dir: string, overrides: Partial<Config> = {}): Config {
  return {
    dir,
    name: 'Städtenetz',
    from: 'Städtenetz <news@example.org>',
    base_url: 'https://news.example.org',
    default_language: 'de',
    languages: ['de', 'en'],
    list_id: 'news.example.org',
    ...overrides,
  };
}

/** `line:column: message` (with `warning: `), as pinned in the tables. */
export function brief(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`);
}
