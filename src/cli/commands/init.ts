import { input as askText } from '@inquirer/prompts';
import { relative, resolve } from 'node:path';
import { UsageError, UserError } from '../../errors.js';
import {
  checkBaseUrl,
  checkFrom,
  checkLanguages,
  checkName,
  DEFAULT_ANSWERS,
  splitLanguages,
  type ProjectAnswers,
} from '../../scaffold/answers.js';
import { existingFiles, writePlannedFiles } from '../../scaffold/file-plan.js';
import { planProject } from '../../scaffold/init-plan.js';
import { isoDay } from '../../scaffold/next-issue.js';
import { filesNotToOverwrite, INTERRUPTED_EXIT_CODE, isPromptExit, processTerminal, type Terminal } from '../terminal.js';
import type { CommandInput } from '../command.js';
import { note, say, warn } from '../output.js';

export async function run(input: CommandInput): Promise<number> {
  return runInit(input, processTerminal());
}

interface Question {
  key: keyof ProjectAnswers;
  flag: string;
  message: string;
  check: (value: string) => string | undefined;
}

const QUESTIONS: Question[] = [
  { key: 'name', flag: '--name', message: 'Name of the newsletter', check: checkName },
  { key: 'from', flag: '--from', message: 'Sender (Name <address>)', check: checkFrom },
  { key: 'baseUrl', flag: '--base-url', message: 'Public base URL (unsubscribe links, archive)', check: checkBaseUrl },
  { key: 'languages', flag: '--languages', message: 'Languages, comma-separated (e.g. de,en)', check: checkLanguages },
];

function flagValue(options: Record<string, unknown>, key: keyof ProjectAnswers): string | undefined {
  const value = options[key];
  return typeof value === 'string' ? value : undefined;
}

function asAnswer(key: keyof ProjectAnswers, value: string): Partial<ProjectAnswers> {
  return key === 'languages' ? { languages: splitLanguages(value) } : { [key]: value.trim() };
}

function defaultText(key: keyof ProjectAnswers): string {
  const value = DEFAULT_ANSWERS[key];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The sender proposed for a name: `Städte im Dialog <newsletter@example.org>`, to be changed. */
function defaultSender(name: string): string {
  return `${name.replace(/["<>\\]/g, '').trim() || DEFAULT_ANSWERS.name} <newsletter@example.org>`;
}

/** Flags first; what they leave open is asked (interactive) or defaulted (`--yes`). */
async function gatherAnswers(options: Record<string, unknown>, terminal: Terminal, ask: boolean): Promise<ProjectAnswers> {
  let answers: Partial<ProjectAnswers> = {};
  for (const question of QUESTIONS) {
    const given = flagValue(options, question.key);
    if (given !== undefined) {
      const problem = question.check(given);
      if (problem) throw new UsageError(`${question.flag}: ${problem}`);
      answers = { ...answers, ...asAnswer(question.key, given) };
      continue;
    }
    const fallback = question.key === 'from' && answers.name ? defaultSender(answers.name) : defaultText(question.key);
    if (!ask) {
      answers = { ...answers, ...asAnswer(question.key, fallback) };
      continue;
    }
    const value = await askText(
      { message: question.message, default: fallback, validate: (text) => question.check(text) ?? true },
      { input: terminal.input, output: terminal.output },
    );
    answers = { ...answers, ...asAnswer(question.key, value) };
  }
  return answers as ProjectAnswers;
}

/** `init` with its questions on `terminal`: what `run` does, callable from tests. */
export async function runInit(input: CommandInput, terminal: Terminal, today = isoDay(new Date())): Promise<number> {
  const dir = resolve(typeof input.args[0] === 'string' ? input.args[0] : '.');
  const yes = Boolean(input.options.yes);
  if (!yes && !terminal.interactive) {
    throw new UserError('"init" asks questions, but there is no terminal to ask them in.', {
      hint: 'pass --yes to take the defaults, and --name, --from, --base-url, --languages to set the values',
    });
  }
  try {
    const answers = await gatherAnswers(input.options, terminal, !yes);
    const files = planProject(answers, { today, ejectTemplates: Boolean(input.options.ejectTemplates) });
    const inTheWay = existingFiles(dir, files);
    if (yes && inTheWay.length > 0) {
      const names = inTheWay.map((path) => relative(process.cwd(), resolve(dir, path)) || path);
      throw new UserError(`${names.join(', ')} already ${names.length === 1 ? 'exists' : 'exist'}; "init --yes" never overwrites a file.`, {
        hint: 'move the file away, or run "newsletter init" without --yes to be asked about each one',
      });
    }
    const skip = await filesNotToOverwrite(inTheWay, terminal);
    if (input.options.ejectTemplates && !files.some((file) => file.path.startsWith('templates/'))) {
      warn('this installation has no theme to copy: templates/ was not created');
    }
    const written = writePlannedFiles(dir, files, skip);
    report(dir, written, [...skip], answers);
    return 0;
  } catch (error) {
    if (isPromptExit(error)) {
      note('init cancelled: nothing was written.');
      return INTERRUPTED_EXIT_CODE;
    }
    throw error;
  }
}

function report(dir: string, written: string[], kept: string[], answers: ProjectAnswers): void {
  const where = relative(process.cwd(), dir) || '.';
  say(`Created a newsletter project in ${where}:`);
  for (const path of written.filter((p) => !p.startsWith('templates/'))) say(`  ${path}`);
  const templates = written.filter((p) => p.startsWith('templates/')).length;
  if (templates > 0) say(`  templates/ (${templates} files of the theme, yours to change)`);
  for (const path of kept) say(`  ${path} (kept as it was)`);
  const issue = written.find((p) => p.startsWith('issues/')) ?? `issues/…${answers.languages[0]}.yaml`;
  const prefix = where === '.' ? '' : `cd ${where} && `;
  say('');
  say('Next:');
  say(`  ${prefix}newsletter preview ${issue}`);
  say('  add your readers to subscribers.csv (columns: email, name, first_name, language)');
}
