import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot, tempProject } from './cli.js';

/** The example project in a temp folder, with a small list: Anna reads German, John English. */
export function exampleProject(): { dir: string; list: string; stateDir: string } {
  const dir = tempProject(['newsletter.config.yaml', 'issues']);
  const list = join(dir, 'subscribers.csv');
  writeFileSync(
    list,
    'email,first_name,last_name,language\n' +
      'anna.beispiel@example.org,Anna,Beispiel,de\n' +
      'john.example@example.org,John,Example,en-GB\n',
  );
  const stateDir = join(dir, '.newsletter');
  return { dir, list, stateDir };
}

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Screenshots are kept for people to look at, never compared. */
export function artifactPath(name: string): string {
  const dir = join(repoRoot, 'test-artifacts', 'preview');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
