/** The one way the browser layer starts Chromium, and where its screenshots go. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from './cli.js';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium (`/usr/bin/chromium`), headless, with nothing that reaches the network on its own. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`the browser tests need Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** `test-artifacts/<area>/<name>`: screenshots kept for people to look at, never compared. */
export function artifactPath(area: string, name: string): string {
  const dir = join(repoRoot, 'test-artifacts', area);
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
