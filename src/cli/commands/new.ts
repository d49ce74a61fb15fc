import { checkbox, input as askText } from '@inquirer/prompts';
import { join, relative } from 'node:path';
import { hasErrors, UsageError, UserError } from '../../errors.js';
import { loadConfig } from '../../config/load-config.js';
import type { Config } from '../../config/types.js';
import { checkIsoDate, checkIssueId, checkIssueNumber, checkLanguageTag, checkSubject } from '../../scaffold/answers.js';
import { existingFiles, writePlannedFiles } from '../../scaffold/file-plan.js';
import { issueIdFor } from '../../scaffold/init-plan.js';
import { planIssueFiles, type NewIssueChoice } from '../../scaffold/issue-skeleton.js';
import { isoDay, proposeNextIssue, readKnownIssues, type IssueProposal } from '../../scaffold/next-issue.js';
import { filesNotToOverwrite, INTERRUPTED_EXIT_CODE, isPromptExit, processTerminal, type Terminal } from '../terminal.js';
import type { CommandInput } from '../command.js';
import { note, say } from '../output.js';

export async function run(input: CommandInput): Promise<number> {
  return runNew(input, processTerminal());
}

async function projectConfig(globals: Record<string, unknown>): Promise<Config> {
  const checked = await loadConfig({ file: typeof globals.config === 'string' ? globals.config : undefined });
  if (!checked.value || hasErrors(checked.problems)) {
    const [only] = checked.problems;
    // no config at all: say that plainly, with the hint to run init
    if (checked.missing) throw new UserError(only.message, { hint: only.hint });
    throw new UserError('"new" needs the project\'s config, and it could not be read.', { problems: checked.problems });
  }
  return checked.value;
}

/** The flags, checked: a bad value is wrong usage (exit 2), like a bad --number. */
function flagsOf(options: Record<string, unknown>) {
  const langs = Array.isArray(options.lang) ? (options.lang as string[]).flatMap((l) => l.split(',')).filter(Boolean) : undefined;
  for (const lang of langs ?? []) {
    const problem = checkLanguageTag(lang);
    if (problem) throw new UsageError(`--lang: ${problem}`);
  }
  const date = typeof options.date === 'string' ? options.date : undefined;
  const dateProblem = date === undefined ? undefined : checkIsoDate(date);
  if (dateProblem) throw new UsageError(`--date: ${dateProblem}`);
  const id = typeof options.id === 'string' ? options.id : undefined;
  const idProblem = id === undefined ? undefined : checkIssueId(id);
  if (idProblem) throw new UsageError(`--id: ${idProblem}`);
  const subject = typeof options.subject === 'string' ? options.subject : undefined;
  const subjectProblem = subject === undefined ? undefined : checkSubject(subject);
  if (subjectProblem) throw new UsageError(`--subject: ${subjectProblem}`);
  const number = typeof options.number === 'number' ? options.number : undefined;
  return { langs: langs && langs.length > 0 ? [...new Set(langs)] : undefined, date, id, subject, number };
}

type Flags = ReturnType<typeof flagsOf>;

/** The proposal with the flags applied: what `--yes` writes. */
function choiceFromFlags(proposal: IssueProposal, flags: Flags): NewIssueChoice {
  const number = flags.number ?? proposal.number;
  const date = flags.date ?? proposal.date;
  const languages = flags.langs ?? proposal.languages;
  const subjects = Object.fromEntries(languages.map((lang) => [lang, flags.subject]));
  return { id: flags.id ?? issueIdFor(date, number), number, date, languages, subjects };
}

/** Asks what the flags leave open, each question with the proposal as its default. */
async function askChoice(proposal: IssueProposal, flags: Flags, config: Config, terminal: Terminal): Promise<NewIssueChoice> {
  const context = { input: terminal.input, output: terminal.output };
  const number =
    flags.number ??
    Number(await askText({ message: 'Issue number', default: String(proposal.number), validate: (v) => checkIssueNumber(v) ?? true }, context));
  const date =
    flags.date ?? (await askText({ message: 'Publication date (YYYY-MM-DD)', default: proposal.date, validate: (v) => checkIsoDate(v.trim()) ?? true }, context)).trim();
  let languages = flags.langs ?? proposal.languages;
  if (!flags.langs && config.languages.length > 1) {
    languages = await checkbox(
      {
        message: 'Languages of the issue',
        choices: config.languages.map((lang) => ({ value: lang, checked: proposal.languages.includes(lang) })),
        validate: (chosen) => (chosen.length > 0 ? true : 'choose at least one language (space bar)'),
      },
      context,
    );
  }
  const subjects: Record<string, string | undefined> = {};
  for (const lang of languages) {
    subjects[lang] =
      flags.subject ??
      (await askText(
        { message: `Subject (${lang})`, validate: (v) => checkSubject(v) ?? true },
        context,
      )).trim();
  }
  return { id: flags.id ?? issueIdFor(date, number), number, date, languages, subjects };
}

/** `new` with its questions on `terminal`: what `run` does, callable from tests. */
export async function runNew(input: CommandInput, terminal: Terminal, today = isoDay(new Date())): Promise<number> {
  const yes = Boolean(input.options.yes);
  const flags = flagsOf(input.options);
  if (!yes && !terminal.interactive) {
    throw new UserError('"new" asks questions, but there is no terminal to ask them in.', {
      hint: 'pass --yes to take the proposed number and date, and --subject, --lang, --number, --date to set them',
    });
  }
  const config = await projectConfig(input.globals);
  // the issue loader accepts only the newsletter's languages: say so before writing a file it would reject
  const foreign = flags.langs?.find((lang) => !config.languages.some((known) => known.toLowerCase() === lang.toLowerCase()));
  if (foreign) {
    throw new UsageError(`--lang: "${foreign}" is not one of the newsletter's languages (${config.languages.join(', ')}); add it to "languages" in the config first`);
  }
  const proposal = proposeNextIssue(readKnownIssues(join(config.dir, 'issues'), config.default_language), config.languages, today);
  try {
    const choice = yes ? choiceFromFlags(proposal, flags) : await askChoice(proposal, flags, config, terminal);
    const files = planIssueFiles(choice);
    const inTheWay = existingFiles(config.dir, files);
    if (yes && inTheWay.length > 0) {
      throw new UserError(`${inTheWay.join(', ')} already ${inTheWay.length === 1 ? 'exists' : 'exist'}; "new --yes" never overwrites a file.`, {
        hint: 'choose another issue with --number, --date or --id',
      });
    }
    const skip = await filesNotToOverwrite(inTheWay, terminal);
    const written = writePlannedFiles(config.dir, files, skip);
    report(config.dir, written, proposal, choice);
    return 0;
  } catch (error) {
    if (isPromptExit(error)) {
      note('new cancelled: nothing was written.');
      return INTERRUPTED_EXIT_CODE;
    }
    throw error;
  }
}

function report(dir: string, written: string[], proposal: IssueProposal, choice: NewIssueChoice): void {
  const shown = (path: string) => relative(process.cwd(), join(dir, path)) || path;
  if (written.length === 0) {
    say('Nothing written: every file was kept as it was.');
    return;
  }
  const after = proposal.after ? ` (after issue ${proposal.after.number}, ${proposal.after.id})` : '';
  say(`Issue ${choice.number} of ${choice.date}${after}:`);
  for (const path of written) say(`  ${shown(path)}`);
  const empty = choice.languages.some((lang) => !choice.subjects[lang]) ? 'the subject and ' : '';
  say('');
  say(`Fill in ${empty}a title in each section (or delete the sections you do not need), then:`);
  say(`  newsletter preview ${shown(written[0])}`);
}
