import { Command, InvalidArgumentError, Option } from 'commander';
import { parseRate, type RateLimit } from '../config/send-limits.js';
import type { CommandInput } from './command.js';

/** `--concurrency 4`: a whole number ≥ 1, else a usage error (exit 2). */
function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`expected a whole number of at least 1, got "${value}"`);
  }
  return n;
}

/** `--rate 30/min --rate 10000/day`: each flag parsed and collected; a bare number is per second. */
function collectRate(value: string, previous: RateLimit[] = []): RateLimit[] {
  const { value: limit, error } = parseRate(value);
  if (!limit) throw new InvalidArgumentError(error ?? `cannot read "${value}"`);
  return [...previous, limit];
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError(`expected a port number (0-65535), got "${value}"`);
  return n;
}

type Runner = (input: CommandInput) => Promise<number>;
type Loader = () => Promise<{ run: Runner }>;

/**
 * The command surface (README "Command reference"; `--json` shapes in docs/json-output.md).
 * Each action imports its module only when chosen, so `newsletter build` never loads
 * nodemailer or SQLite.
 */
export function buildProgram(version: string, done: (code: number) => void): Command {
  const program = new Command('newsletter');
  program
    .description('Write a newsletter issue as YAML, build it into a responsive mail, preview it, and send it.')
    .version(version, '-V, --version')
    .option('--config <file>', 'the config file (default: newsletter.config.yaml here or in a parent folder)')
    .option('--state <dir>', 'the state folder: journal and suppression list (default: .newsletter/ beside the config; env NEWSLETTER_STATE_DIR)')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const action = (load: Loader) =>
    async function (this: Command, ...received: unknown[]) {
      const command = received[received.length - 1] as Command;
      const args = received.slice(0, -2) as (string | string[] | undefined)[];
      const { run } = await load();
      done(await run({ args, options: command.opts(), globals: command.optsWithGlobals() }));
    };

  program
    .command('init')
    .description('scaffold a newsletter project: config, issues/, subscribers.csv, .gitignore')
    .argument('[dir]', 'folder to create the project in', '.')
    .option('-y, --yes', 'take the defaults (or the values given as flags) without asking')
    .option('--name <name>', 'the newsletter\'s name')
    .option('--from <address>', 'sender, e.g. "City Network <news@example.org>"')
    .option('--base-url <url>', 'public URL of the unsubscribe endpoint and archive')
    .option('--languages <list>', 'comma-separated language tags, e.g. de,en')
    .option('--eject-templates', 'copy the default theme into templates/ to edit it')
    .action(action(() => import('./commands/init.js')));

  program
    .command('new')
    .description('create the next issue file (number and date proposed from the last issue)')
    .option('--lang <langs...>', 'language(s) of the new issue')
    .option('-y, --yes', 'take the proposed values without asking')
    .option('--subject <text>', 'the subject')
    .option('--number <n>', 'the issue number', positiveInt)
    .option('--date <yyyy-mm-dd>', 'the publication date')
    .option('--id <id>', 'the issue id used in the file name')
    .action(action(() => import('./commands/new.js')));

  program
    .command('validate')
    .description('check issue files against the issue format; every problem as file:line:column')
    .argument('<issue-files...>')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/validate.js')));

  program
    .command('build')
    .description('render issues to dist/<id>/<lang>/index.html and index.txt')
    .argument('<issue-files...>')
    .option('--out <dir>', 'output folder (default: dist)')
    .option('--lang <lang>', 'only this language')
    .option('--watch', 'rebuild on every save of an issue, template or config file')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/build.js')));

  program
    .command('preview')
    .description('local live preview of the mail as one subscriber will get it')
    .argument('<issue-file>')
    .option('--port <port>', 'port to listen on (default 4000, or the next free one)', port)
    .option('--to <csv>', 'subscriber list to pick the reader from')
    .option('--as <email>', 'the reader of --to to show the mail as')
    .option('--lang <lang>', 'language to show first')
    .option('--encoding <enc>', 'encoding of the list (default utf-8)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1; 0.0.0.0 to look from a phone on the same network)')
    .option('--no-open', 'do not open the browser')
    .action(action(() => import('./commands/preview.js')));

  program
    .command('send')
    .description('deliver an issue to a subscriber list (outbox/ unless an SMTP server is configured)')
    .argument('<issue-file>')
    .requiredOption('--to <csv>', 'the subscriber list')
    .option('--dry-run', 'show who would get what, deliver nothing')
    .option('--test <addresses...>', 'send the personalised mail to these addresses only, marked [TEST]')
    .option('--as <email>', 'with --test: send them the mail of this reader of the list (their fields and language)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--smtp <url>', 'SMTP server, e.g. smtp://user:pass@host:587 (env NEWSLETTER_SMTP_URL)')
    .option('--outbox <dir>', 'write .eml files here instead of sending')
    .option('--concurrency <n>', 'SMTP connections (default 4)', positiveInt)
    .option('--rate <limit>', 'at most this many messages: 12 (per second), 30/min, 500/hour, 10000/day; repeat for several', collectRate)
    .option('--wait', 'when a limit or the sending window says wait, sleep until the next slot instead of stopping (exit 75)')
    .option('--resend-unknown', 'send again to recipients whose outcome is unknown, with the same Message-ID')
    .option('--resend', 'send the whole issue again (unsubscribed readers are still skipped)')
    .option('--force', 'resume although the issue or the list changed')
    .option('--lang <lang>', 'only readers of this language')
    .option('--encoding <enc>', 'encoding of the list (default utf-8)')
    .option('--skip-url-check', 'do not publish and check the web version and base_url first (test setups; env NEWSLETTER_SKIP_URL_CHECK=1)')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/send.js')));

  program
    .command('status')
    .description('what the journal knows about an issue: sent, failed, unknown, pending')
    .argument('<issue-file>')
    .option('--unknown', 'list the readers whose outcome is unknown: address, Message-ID, time, last reply')
    .option('--failed', 'list the readers whose message failed: address, Message-ID, time, last reply')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/status.js')));

  program
    .command('report')
    .description('what became of an issue, per language: sent, failed, late bounces, complaints, unsubscribes, with rates')
    .argument('<issue-file>')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/report.js')));

  program
    .command('unlock')
    .description('show who holds the send lock of an issue, and break a dead sender\'s lock')
    .argument('<issue-file>')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--force', 'break a lock whose heartbeat is still fresh')
    .action(action(() => import('./commands/unlock.js')));

  const state = program.command('state').description('where the state (suppression list, journal, locks) is and what it holds');
  state
    .command('info')
    .description('backend, location (without a password), schema version, counts and send locks')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/state-info.js')));
  state
    .command('migrate')
    .description('copy the SQLite state (this project\'s, or --state DIR) into PostgreSQL: suppression list, runs, journal')
    .option('--to <url>', 'the database, postgres://user@host:5432/db, password in PGPASSWORD or ~/.pgpass (default: NEWSLETTER_DATABASE_URL, then the config\'s state.url)')
    .option('--dry-run', 'compare and say what would be copied; write nothing')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/state-migrate.js')));
  state
    .command('export')
    .description('the suppression list as CSV (email, reason, detail, list_id, created_at, issue_id, source), for moving it to another system')
    .option('--out <file>', 'write it to this new file (default: stdout)')
    .action(action(() => import('./commands/state-export.js')));
  state
    .command('import')
    .description('merge a suppression CSV (as state export writes it) into the state: adds, never weakens; a bad row imports nothing')
    .argument('<file>')
    .option('--dry-run', 'say what would be added; write nothing')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/state-import.js')));

  const subscribers = program.command('subscribers').description('subscriber lists and the suppression list');
  subscribers
    .command('check')
    .description('report valid, invalid (with line numbers), duplicate and unsubscribed rows')
    .argument('<csv>')
    .option('--encoding <enc>', 'encoding of the file, e.g. windows-1252 (default utf-8)')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/subscribers-check.js')));
  subscribers
    .command('suppressed')
    .description('list the suppression list (unsubscribed and bounced addresses)')
    .option('--export <file>', 'write it as CSV to this file')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/subscribers-suppressed.js')));
  subscribers
    .command('restore')
    .description('take an address off the suppression list (undo a mistaken entry), or many: --reason bounced --since DATE')
    .argument('[email]')
    .option('--reason <kind>', 'restore every entry of this kind (bounced, complained, unsubscribed, manual)…')
    .option('--since <date>', '…recorded since this date (YYYY-MM-DD, UTC)')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(action(() => import('./commands/subscribers-restore.js')));

  program
    .command('bounces')
    .description('read what came back to the return path (bounces, complaints, mailed unsubscribes) and act on it')
    .argument('[files...]', '.eml files, or folders of them')
    .option('--imap <url>', 'an IMAP mailbox, e.g. imaps://user:password@host/INBOX (env NEWSLETTER_IMAP_URL)')
    .option('--maildir <dir>', 'a Maildir folder')
    .option('--mbox <file>', 'an mbox file (read only)')
    .option('--stdin', 'one message on standard input (a mail server piping the bounce address to a command)')
    .option('--folder <name>', 'where processed messages are moved (default: bounces.processed_folder or newsletter-processed)')
    .option('--dry-run', 'say what would be done; write and move nothing')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/bounces.js')));

  program
    .command('unsubscribe')
    .description('record an unsubscribe by hand')
    .argument('<email-or-link>')
    .action(action(() => import('./commands/unsubscribe.js')));

  program
    .command('serve')
    .description('the public endpoint: unsubscribe pages and one-click POST')
    .addOption(new Option('--port <port>', 'port (default 8080)').argParser(port))
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .action(action(() => import('./commands/serve.js')));

  program
    .command('check')
    .description('everything that keeps an issue from being ready to send, located')
    .argument('<issue-files...>')
    .option('--strict', 'fail on warnings too')
    .option('--skip-url-check', 'do not check that base_url answers (env NEWSLETTER_SKIP_URL_CHECK=1)')
    .option('--to <csv>', 'also check the personal fields against this subscriber list')
    .option('--encoding <enc>', 'encoding of the list (default utf-8)')
    .option('--json', 'print one JSON document')
    .action(action(() => import('./commands/check.js')));

  program
    .command('archive')
    .description('web archive of all issues with an index page and an Atom feed')
    .option('--out <dir>', 'output folder (default: dist/archive)')
    .action(action(() => import('./commands/archive.js')));

  for (const command of program.commands) {
    command.exitOverride();
    command.showHelpAfterError('(run with --help for usage)');
    for (const sub of command.commands) {
      sub.exitOverride();
      sub.showHelpAfterError('(run with --help for usage)');
    }
  }
  return program;
}
