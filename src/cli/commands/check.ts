import { basename } from 'node:path';
import { configReadiness } from '../../config/readiness.js';
import { secretReadiness } from '../../unsubscribe/keyring.js';
import type { Config } from '../../config/types.js';
import { BASE_URL_NOT_HTTPS, formatProblem, hasErrors, UserError, type Problem } from '../../errors.js';
import type { Issue } from '../../issue/types.js';
import type { CommandInput } from '../command.js';
import { note, printJson, say, style, visible } from '../output.js';
import { checkUrls, describeAnswer, urlCheckSkipped } from '../url-check.js';
import { publishedUrls } from '../../archive/published-urls.js';
import type { RenderedIssue } from '../../render/types.js';
import { displayPath } from '../../source/paths.js';
import { countProblems, problemsJson, validateFiles, type ValidationRun } from './validate.js';
import { describeReturnPath } from '../send-output.js';
import { returnPathOf } from '../../unsubscribe/verp-token.js';

/** Problems of what the issue will look like once rendered: the theme's complaints, size. */
async function renderProblems(issue: Issue, config: Config, display: string, renderedSink: RenderedIssue[]): Promise<Problem[]> {
  const [{ renderIssue, buildFiles, GMAIL_CLIP_BYTES }, { gmailClipMessage }] = await Promise.all([import('../../render/index.js'), import('./build.js')]);
  try {
    const rendered = await renderIssue(issue, config);
    renderedSink.push(rendered);
    const problems = [...rendered.warnings];
    // measured as build writes it: slots filled with the fallbacks and a placeholder link
    const bytes = Buffer.byteLength(buildFiles(rendered).html, 'utf8');
    if (bytes > GMAIL_CLIP_BYTES) {
      problems.push({
        file: display,
        line: 1,
        column: 1,
        severity: 'warning',
        message: gmailClipMessage(`the ${issue.lang} mail's HTML`, bytes),
        hint: 'shorten the texts or move items to the next issue',
      });
    }
    return problems;
  } catch (error) {
    if (error instanceof UserError) {
      return error.problems.length > 0
        ? error.problems
        : [{ file: display, line: 1, column: 1, severity: 'error', message: error.message, ...(error.hint ? { hint: error.hint } : {}) }];
    }
    throw error;
  }
}

/** Things an editor should know about the content before sending, beyond validity. */
function contentNotes(issue: Issue, display: string): Problem[] {
  const notes: Problem[] = [];
  if (!issue.preheader) {
    notes.push({
      file: display,
      line: 1,
      column: 1,
      severity: 'warning',
      message: `no "preheader": inbox lists will show the first words of the ${issue.lang} mail instead`,
      hint: 'add preheader: one line that makes people open the mail',
    });
  }
  return notes;
}

/** The personal fields of every issue held against the list given with --to. */
async function listProblems(result: ValidationRun, options: Record<string, any>): Promise<Problem[]> {
  const config = result.config as Config;
  const [{ withScratchPlan }, { PersonalFieldTally }] = await Promise.all([import('../scratch-plan.js'), import('../../render/personal-field-check.js')]);
  const choice = { languages: config.languages, defaultLanguage: config.default_language };
  const tally = new PersonalFieldTally(
    result.sets.flatMap((set) => set.value?.issues ?? []),
    choice,
  );
  // streamed, duplicates found by a scratch plan's index: a reader listed twice counts once
  const { plan } = await withScratchPlan({ file: options.to as string, encoding: options.encoding, columns: config.subscribers?.columns }, config, (reader) => tally.add(reader), async () => undefined);
  return tally.problems(plan.list);
}

/**
 * Does `base_url` answer where the mails will point: the endpoint's /healthz (an error when
 * not: unsubscribe links would fail), the issue's web version and one image (warnings: a real
 * send publishes them first). Bounded in time; skipped with NEWSLETTER_SKIP_URL_CHECK.
 */
async function urlProblems(result: ValidationRun, rendered: RenderedIssue[], options: Record<string, any>): Promise<Problem[]> {
  const config = result.config as Config;
  const skipped = urlCheckSkipped(options);
  if (skipped) {
    note(`note: URL check skipped (${skipped}): whether ${config.base_url} serves the unsubscribe links and images was not checked`);
    return [];
  }
  // with errors elsewhere the issue was not rendered above: render the first language for its image's address
  const first = result.sets.flatMap((set) => set.value?.issues ?? [])[0];
  if (rendered.length === 0 && first) {
    const { renderIssue } = await import('../../render/index.js');
    const one = await renderIssue(first, config).catch(() => undefined);
    if (one) rendered.push(one);
  }
  const pages = rendered.length > 0 ? rendered : first ? [{ id: first.id, lang: first.lang, assets: [] }] : [];
  const file = config.file ? displayPath(config.file) : 'newsletter.config.yaml';
  return (await checkUrls(publishedUrls(config, pages)))
    .filter((answer) => !answer.ok)
    .map((answer): Problem => {
      const endpoint = answer.what === 'endpoint';
      return {
        file,
        line: 0,
        column: 0,
        severity: endpoint ? 'error' : 'warning',
        message: `base_url does not answer: ${describeAnswer(answer)}`,
        hint: endpoint
          ? '"newsletter serve" must answer at base_url (behind your HTTPS proxy): readers\' unsubscribe links go there'
          : `the mails link the web version and images there: a real send publishes them into dist/archive/ first; where "newsletter serve" does not serve this project, publish dist/archive/ at ${config.base_url}/archive/`,
      };
    });
}

/** A problem located in a file prints as file:line:column; one in the environment just names it. */
function formatLine(problem: Problem): string {
  if (problem.line > 0) return formatProblem(problem);
  const kind = problem.severity === 'warning' ? 'warning: ' : '';
  return `${problem.file}: ${kind}${problem.message}${problem.hint ? `\n  hint: ${problem.hint}` : ''}`;
}

/**
 * `newsletter check <files…> [--strict] [--json]`: validation, config readiness, and the
 * rendered mail's warnings; exit 1 on errors (and on warnings with --strict).
 */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const files = (args[0] as string[] | undefined) ?? [];
  const result = await validateFiles(files, globals);
  const problems = [...result.problems];
  if (result.noConfig) {
    problems.unshift({
      file: 'newsletter.config.yaml',
      line: 0,
      column: 0,
      severity: 'error',
      message: 'no newsletter.config.yaml here or in a parent folder: an issue cannot be sent without one',
      hint: 'run "newsletter init" to create one, or pass --config FILE',
    });
  }
  if (result.config) {
    const readiness = configReadiness(result.config);
    // readiness says it more strongly than the config's own http warning: keep one
    if (readiness.some((p) => p.code === BASE_URL_NOT_HTTPS)) {
      problems.splice(0, problems.length, ...problems.filter((p) => p.code !== BASE_URL_NOT_HTTPS));
    }
    problems.push(...readiness, ...secretReadiness());
  }
  const rendered: RenderedIssue[] = [];
  if (result.config && !hasErrors(problems)) {
    for (const set of result.sets) {
      for (const issue of set.value?.issues ?? []) {
        const display = set.files.find((f) => basename(f) === basename(issue.file)) ?? issue.file;
        problems.push(...contentNotes(issue, display), ...(await renderProblems(issue, result.config, display, rendered)));
      }
    }
  }
  if (result.config && options.to) problems.push(...(await listProblems(result, options)));
  if (result.config) problems.push(...(await urlProblems(result, rendered, options)));

  const failed = hasErrors(problems) || (Boolean(options.strict) && problems.length > 0);
  const returnPath = result.config ? returnPathOf(result.config) : undefined;
  if (options.json) {
    printJson({ ok: !failed, strict: Boolean(options.strict), problems: problemsJson(problems), ...(returnPath ? { return_path: returnPath } : {}) });
    return failed ? 1 : 0;
  }
  for (const problem of problems) {
    const text = visible(formatLine(problem));
    process.stderr.write(`${problem.severity === 'error' ? style.red(text) : style.yellow(text)}\n`);
  }
  const checked = result.sets.flatMap((s) => s.files).join(', ');
  const returnPathLine = result.config ? describeReturnPath(result.config) : undefined;
  if (returnPathLine) say(returnPathLine);
  if (!failed) {
    say(`${checked}: ready to send${problems.length > 0 ? ` (${countProblems(problems)})` : ''}`);
    return 0;
  }
  const why = hasErrors(problems) ? '' : ' (--strict counts warnings)';
  say(`${checked}: not ready to send: ${countProblems(problems)}${why}`);
  return 1;
}
