import type { Problem } from '../errors.js';
import type { Keyring } from '../unsubscribe/keyring.js';
import { matchLanguage } from '../subscribers/match-language.js';
import { GMAIL_CLIP_BYTES, mailViewFor, type MailView } from './mail-view.js';
import { findReader, type PreviewReader } from './readers.js';
import type { PreviewFailure, PreviewSession } from './session.js';

/** At most this many readers go into the page's picker; `--as` reaches any other. */
export const PICKER_LIMIT = 500;

/** Everything the page shows for one reader and language at one version of the files. */
export interface PreviewState {
  version: number;
  ok: boolean;
  id?: string;
  languages: string[];
  lang?: string;
  reader?: string;
  readers: { key: string; label: string }[];
  readerTotal: number;
  /** The list the readers come from, or undefined for the sample readers. */
  listFile?: string;
  usingDevKey: boolean;
  problems: Problem[];
  warnings: Problem[];
  message?: string;
  hint?: string;
  /** Set when `ok` is false but `mail` is the last good version, shown under the problems. */
  stale?: boolean;
  clipLimit: number;
  mail?: MailView;
}

export interface StateInputs {
  session: PreviewSession;
  readers: () => PreviewReader[];
  listFile?: string;
  keyring: Keyring;
  usingDevKey: boolean;
  initialReader?: string;
}

/**
 * The state for `query`: the reader it names (else the `--as` reader, else the first), the
 * language it names (else the reader's own, as a send would choose it), rendered and
 * personalised; or the problems that stand in the way.
 */
export async function previewState(inputs: StateInputs, query: { reader?: string; lang?: string }): Promise<PreviewState> {
  const readers = inputs.readers();
  const reader = findReader(readers, query.reader) ?? findReader(readers, inputs.initialReader) ?? readers[0];
  const base = {
    version: inputs.session.version,
    readers: readers.slice(0, PICKER_LIMIT).map(({ key, label }) => ({ key, label })),
    readerTotal: readers.length,
    listFile: inputs.listFile,
    usingDevKey: inputs.usingDevKey,
    reader: reader?.key,
    clipLimit: GMAIL_CLIP_BYTES,
    warnings: [] as Problem[],
  };
  // a reader named by --as but far down the list still belongs in the picker
  if (reader && !base.readers.some((r) => r.key === reader.key)) base.readers.push({ key: reader.key, label: reader.label });

  const failed = (failure: PreviewFailure, languages: string[] = []): PreviewState => ({
    ...base,
    ok: false,
    languages,
    problems: failure.problems,
    message: failure.message,
    hint: failure.hint,
  });

  // a broken save: its problems, above the last good version when there is one
  const brokenOverLastGood = (failure: PreviewFailure): PreviewState => {
    const known = inputs.session.lastGood()?.loaded.set.issues.map((issue) => issue.lang) ?? [];
    const good = reader ? inputs.session.lastGood(wantedLang(reader, known, query.lang, inputs)) : undefined;
    if (!good || !reader) return failed(failure, known);
    try {
      const mail = mailViewFor(good.rendered.rendered, good.loaded.config, reader, inputs.keyring);
      return { ...failed(failure, known), stale: true, id: good.loaded.set.id, lang: good.rendered.rendered.lang, mail };
    } catch {
      return failed(failure, known);
    }
  };

  const loaded = await inputs.session.load();
  if (!loaded.ok) return brokenOverLastGood(loaded);
  const languages = loaded.set.issues.map((issue) => issue.lang);
  if (!reader) return failed({ ok: false, problems: [], message: 'the subscriber list has no valid reader to show the mail to' }, languages);

  const asked = languages.find((l) => l.toLowerCase() === query.lang?.toLowerCase());
  const lang = asked ?? matchLanguage(reader.subscriber.language, languages, loaded.config.default_language);
  const rendered = await inputs.session.render(lang);
  if (!rendered.ok) return brokenOverLastGood(rendered);
  try {
    const mail = mailViewFor(rendered.rendered, loaded.config, reader, inputs.keyring);
    return { ...base, ok: true, id: loaded.set.id, languages, lang: rendered.rendered.lang, problems: [], warnings: rendered.warnings, mail };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = (error as { hint?: string }).hint;
    return { ...failed({ ok: false, problems: [], message, hint }, languages), lang };
  }
}

/** The language a reader is shown in: the one asked for, else their own, as a send would choose it. */
function wantedLang(reader: PreviewReader, languages: string[], asked: string | undefined, inputs: StateInputs): string | undefined {
  const fallback = inputs.session.lastGood()?.loaded.config.default_language ?? languages[0] ?? '';
  return languages.find((l) => l.toLowerCase() === asked?.toLowerCase()) ?? matchLanguage(reader.subscriber.language, languages, fallback);
}

/** The state as the page gets it: the mail's size and subject, not its bodies. */
export function stateSummary(state: PreviewState): Omit<PreviewState, 'mail'> & { subject?: string; preheader?: string; htmlBytes?: number; headerWarnings?: string[] } {
  const { mail, ...rest } = state;
  if (!mail) return rest;
  return { ...rest, subject: mail.subject, preheader: mail.preheader, htmlBytes: mail.htmlBytes, headerWarnings: mail.headerWarnings };
}
