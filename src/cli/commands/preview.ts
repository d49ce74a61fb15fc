import { startPreview } from '../../preview/start-preview.js';
import type { CommandInput } from '../command.js';
import { note, plural, say, warn } from '../output.js';
import { openBrowser } from '../open-browser.js';

const DEFAULT_PORT = 4000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** `newsletter preview <issue-file>`: serves until Ctrl-C, then closes cleanly (exit 0). */
export async function run(input: CommandInput): Promise<number> {
  const [issueFile] = input.args as string[];
  const { options, globals } = input;
  const wanted = typeof options.port === 'number' ? options.port : DEFAULT_PORT;
  const preview = await startPreview({
    issueFile,
    configFile: globals.config,
    stateDir: globals.state,
    listFile: options.to,
    encoding: options.encoding,
    as: options.as,
    lang: options.lang,
    port: wanted,
    host: options.host,
  });
  await preview.ready;
  if (wanted !== 0 && preview.port !== wanted) note(`port ${wanted} is busy; using ${preview.port} instead.`);
  if (preview.usingDevKey) {
    note('NEWSLETTER_SECRET is not set: unsubscribe links use the development key in the state folder (fine for a preview).');
  }
  if (options.host && !LOOPBACK.has(options.host)) {
    warn(`the preview listens on ${options.host}: anyone who can reach this machine on port ${preview.port} sees the mail with your readers' names and addresses.`);
  }
  const readers = preview.listFile
    ? `${preview.readerCount} ${plural(preview.readerCount, 'reader')} of ${preview.listFile}${options.to ? '' : " (the project's list; --to names another)"}`
    : 'sample readers (pass --to LIST for your own)';
  note(`Watching the issue, config, templates and locales; showing ${readers}. Ctrl-C stops.`);
  say(`Preview: ${preview.url}`);
  // commander's --no-open: options.open is false only when asked
  if (options.open !== false && openBrowser(preview.url)) note('Opened in your browser (--no-open to leave it closed).');

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await preview.close();
  note('Preview stopped.');
  return 0;
}
