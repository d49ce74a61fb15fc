import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasErrors, UsageError, UserError } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import { resolveStateDir } from '../state/database.js';
import { checkPersonalFields } from '../render/personal-field-check.js';
import { readSubscriberList } from '../subscribers/read-subscriber-list.js';
import type { SubscriberList } from '../subscribers/types.js';
import { loadKeyring } from '../unsubscribe/keyring.js';
import { findReader, readersFromList, sampleReaders, type PreviewReader } from './readers.js';
import { startPreviewServer } from './server.js';
import { PreviewSession } from './session.js';
import { previewState } from './state.js';
import { buildInputs, watchFiles } from './watch-files.js';
import { displayPath } from '../source/paths.js';

export interface PreviewOptions {
  issueFile: string;
  /** `--config`. */
  configFile?: string;
  /** `--state`: only the development unsubscribe key may be written there. */
  stateDir?: string;
  /** `--to`: the readers to pick from; without it, sample readers. */
  listFile?: string;
  encoding?: string;
  /** `--as`: the reader shown first. */
  as?: string;
  /** `--lang`: the language shown first. */
  lang?: string;
  /** First port to try; 0 for any free one. */
  port: number;
  /** `--host`: the address to listen on (default 127.0.0.1). */
  host?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface RunningPreview {
  url: string;
  port: number;
  usingDevKey: boolean;
  readerCount: number;
  /** The list the readers come from (`--to`, else the project's subscribers.csv), or undefined for sample readers. */
  listFile?: string;
  /** Every path watched for saves. */
  watching: string[];
  /** Resolves once the watcher is in place: saves from then on reach the page. */
  ready: Promise<void>;
  close(): Promise<void>;
}


/** The project's own list, when it has one with readers: what the preview shows without --to. */
export const PROJECT_LIST = 'subscribers.csv';

/** The list to show: `--to`, else the project's subscribers.csv when it has a valid reader, else none (sample readers). */
async function chooseList(options: PreviewOptions, projectDir: string, columns: Record<string, string> | undefined): Promise<string | undefined> {
  if (options.listFile) return options.listFile;
  const own = join(projectDir, PROJECT_LIST);
  if (!existsSync(own)) return undefined;
  // a list that cannot be read, or only has its header (as init writes it), is no reason to stop a preview
  const list = await readSubscriberList(own, { encoding: options.encoding, columns }).catch(() => undefined);
  return list && list.subscribers.length > 0 ? displayPath(own) : undefined;
}

/** Reads the list (--to or the project's); a reader named by --as must be on it. */
async function loadReaders(options: PreviewOptions, columns: Record<string, string> | undefined, onList?: (list: SubscriberList) => void): Promise<PreviewReader[]> {
  if (!options.listFile) {
    if (options.as) throw new UsageError(`--as picks a reader of a list: add --to LIST (the project has no ${PROJECT_LIST} with readers)`);
    return sampleReaders();
  }
  const list = await readSubscriberList(resolve(options.cwd ?? '.', options.listFile), { encoding: options.encoding, columns });
  onList?.(list);
  const readers = readersFromList(list);
  if (options.as && !findReader(readers, options.as)) {
    throw new UserError(`${options.as} is not a valid reader of ${options.listFile}`, {
      hint: `check the address, or leave out --as to start with the first reader (${readers[0]?.subscriber.email ?? 'the list has none'})`,
    });
  }
  if (readers.length === 0) throw new UserError(`${options.listFile} has no valid reader to show the mail to`, { hint: 'run "newsletter subscribers check" on it' });
  return readers;
}

/**
 * Starts the live preview: the server, a session that reads and renders the issue on
 * demand, and a watcher that announces every save of the issue, its language siblings,
 * the config, the theme, the locales or the list. Nothing is written except, when
 * NEWSLETTER_SECRET is unset, the development key in the state folder.
 */
export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const config = await loadConfig({ file: options.configFile, cwd });
  if (!config.value || hasErrors(config.problems)) {
    const [only] = config.problems;
    if (config.missing) throw new UserError(only.message, { hint: only.hint });
    throw new UserError('the preview needs the project\'s config, and it could not be read.', { problems: config.problems });
  }
  const project = config.value;
  // a mistyped path is worth stopping for; a file with mistakes is what the page is for
  const issuePath = resolve(cwd, options.issueFile);
  if (!existsSync(issuePath)) {
    throw new UserError(`${options.issueFile} does not exist`, { hint: `check the path; the issues are usually in ${join(project.dir, 'issues')}` });
  }
  let list: SubscriberList | undefined;
  const keepList = (read: SubscriberList) => (list = read);
  const session = new PreviewSession(displayPath(issuePath), {
    configFile: options.configFile,
    cwd,
    checkFields: (set, config) =>
      list ? set.issues.flatMap((issue) => checkPersonalFields(issue, list!, { languages: config.languages, defaultLanguage: config.default_language })) : [],
  });
  const first = await session.load();
  if (options.lang && first.ok && !first.set.issues.some((issue) => issue.lang.toLowerCase() === options.lang?.toLowerCase())) {
    throw new UsageError(`--lang: issue "${first.set.id}" has no "${options.lang}" version; it has ${first.set.issues.map((i) => i.lang).join(', ')}`);
  }
  // every check before the keyring: a wrong flag should stop the preview before it writes a dev key
  options = { ...options, listFile: await chooseList({ ...options, cwd }, project.dir, project.subscribers?.columns) };
  let readers = await loadReaders({ ...options, cwd }, project.subscribers?.columns, keepList);
  session.invalidate();
  const { keyring, usingDevKey } = loadKeyring({
    env: options.env,
    stateDir: resolveStateDir(project.dir, options.stateDir, options.env),
    allowDevKey: true,
  });

  const server = await startPreviewServer(
    {
      initial: { reader: options.as?.trim().toLowerCase(), lang: options.lang },
      state: (query) =>
        previewState({ session, readers: () => readers, listFile: options.listFile, keyring, usingDevKey, initialReader: options.as }, query),
      async asset(lang, name) {
        const rendered = await session.render(lang);
        return rendered.ok ? rendered.rendered.assets.find((a) => a.name === name)?.source : undefined;
      },
    },
    { port: options.port, host: options.host },
  );

  const listPath = options.listFile ? resolve(cwd, options.listFile) : undefined;
  const watching = [...new Set([...buildInputs([session.issueFile], project), ...(listPath ? [listPath] : [])])];
  const watcher = watchFiles(watching, (changed) => {
    void (async () => {
      if (listPath && changed.includes(listPath)) {
        // a list saved half-way keeps the readers it had; the next save brings the new ones
        readers = await loadReaders({ ...options, cwd, as: undefined }, project.subscribers?.columns, keepList).catch(() => readers);
      }
      session.invalidate();
      server.announce(session.version);
    })();
  });

  return {
    url: server.url,
    port: server.port,
    usingDevKey,
    readerCount: readers.length,
    listFile: options.listFile,
    watching,
    ready: watcher.ready,
    async close() {
      await watcher.close();
      await server.close();
    },
  };
}
