// Jest's global setup and teardown: the temp projects of one test run live in one folder,
// removed when the run ends, so runs leave nothing behind in the system's temp folder.
// Plain ESM because Jest loads these before any transform.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes the run's folder and hands it to the test workers through the environment. */
export function setup() {
  const root = mkdtempSync(join(tmpdir(), 'newsletter-tests-'));
  // open to others: some tests run the CLI as `nobody` inside a project under this folder
  chmodSync(root, 0o755);
  process.env.NEWSLETTER_TEST_TMP = root;
}

/** Removes the run's folder once every test file has finished. */
export function teardown() {
  const root = process.env.NEWSLETTER_TEST_TMP;
  if (root) rmSync(root, { recursive: true, force: true });
}
