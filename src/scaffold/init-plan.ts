import type { ProjectAnswers } from './answers.js';
import { packageTemplatesDir, planCopyOfFolder, type PlannedFile } from './file-plan.js';
import { configText, firstIssueText, gitignoreText, SUBSCRIBERS_HEADER } from './project-files.js';

export const CONFIG_FILE_NAME = 'newsletter.config.yaml';

export interface InitOptions {
  /** Today as `YYYY-MM-DD`: the first issue's date and id. */
  today: string;
  /** Copy the shipped theme into templates/ so the editor can change it. */
  ejectTemplates?: boolean;
  /** Where the shipped theme lives (tests point elsewhere). */
  templatesDir?: string;
}

/** `2021-01-15` and 1 → `2021-01-nr1`: the id scheme of the example issues. */
export function issueIdFor(date: string, number: number): string {
  return `${date.slice(0, 7)}-nr${number}`;
}

/**
 * Every file `init` writes for `answers`, in the order they are reported:
 * `planProject(answers, {today: '2021-01-15'})` → config, .gitignore, subscribers.csv,
 * issues/2021-01-nr1.<lang>.yaml per language, and with `ejectTemplates` templates/….
 */
export function planProject(answers: ProjectAnswers, options: InitOptions): PlannedFile[] {
  const id = issueIdFor(options.today, 1);
  const year = Number(options.today.slice(0, 4));
  const files: PlannedFile[] = [
    { path: CONFIG_FILE_NAME, content: configText(answers, year) },
    { path: '.gitignore', content: gitignoreText() },
    { path: 'subscribers.csv', content: `${SUBSCRIBERS_HEADER}\n` },
    ...answers.languages.map((lang) => ({
      path: `issues/${id}.${lang}.yaml`,
      content: firstIssueText(answers, lang, options.today),
    })),
  ];
  if (options.ejectTemplates) {
    files.push(...planCopyOfFolder(options.templatesDir ?? packageTemplatesDir(), 'templates'));
  }
  return files;
}
