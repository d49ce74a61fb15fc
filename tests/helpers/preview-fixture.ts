import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject } from './cli.js';

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
