import { join, resolve } from 'node:path';
import { formatProblem, hasErrors, UserError, type Problem } from '../../errors.js';
import type { Config } from '../../config/types.js';
import type { IssueSet } from '../../issue/types.js';
import { languageSetFiles } from '../../issue/load-issue.js';
import { renderIssue } from '../../render/render-issue.js';
import type { RenderedIssue } from '../../render/types.js';
import { IMAGE_BUDGET_BYTES } from '../../render/images.js';
import { GMAIL_CLIP_BYTES, writeBuild, type BuildOutput } from '../../render/write-build.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail, loadIssueSetOrFail } from '../context.js';
import { note, printJson, printProblems, say, style, warn } from '../output.js';
import { displayPath, isInside } from '../../source/paths.js';

interface BuildWarning {
  id: string;
  lang: string;
  /** `gmail-clip`: the mail is too big; `render`: something the theme could not do as asked; `image`: an image over the budget. */
  kind: 'gmail-clip' | 'render' | 'image';
  message: string;
  hint?: string;
}

interface BuildResult {
  outputs: BuildOutput[];
  warnings: BuildWarning[];
}

/** `72.4 KB` */
function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The Gmail-clip warning, one wording for build and check: `what` is the mail's HTML named for the reader. */
export function gmailClipMessage(what: string, bytes: number): string {
  return `${what} is ${size(bytes)}: Gmail clips mails above about ${size(GMAIL_CLIP_BYTES)} and hides the rest, including the unsubscribe link`;
}

/** Every named language set, each once, or a UserError carrying the problems of all files. */
async function loadSets(files: string[], config: Config, lang: string | undefined): Promise<IssueSet[]> {
  const sets: IssueSet[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const key = (await languageSetFiles(file)).map((f) => resolve(f)).join('\n');
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      sets.push(await loadIssueSetOrFail(file, config, lang));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      problems.push(...(error.problems.length > 0 ? error.problems : [{ file, line: 1, column: 1, message: error.message, severity: 'error' as const }]));
    }
  }
  if (hasErrors(problems)) {
    const count = problems.filter((p) => p.severity === 'error').length;
    throw new UserError(`${count} ${count === 1 ? 'problem' : 'problems'} in the issue files; nothing was written`, {
      problems,
      hint: 'fix the lines named above; "newsletter validate <file>" checks a file without building',
    });
  }
  return sets;
}

/** A bar on stderr while many mails render; quiet without a TTY, for a few mails, and in --watch. */
async function progressBar(total: number, watching: boolean): Promise<{ increment(): void; stop(): void }> {
  if (!process.stderr.isTTY || watching || total < 5) return { increment() {}, stop() {} };
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: ' rendering {bar} {value}/{total}', barsize: 24, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: () => bar.increment(), stop: () => bar.stop() };
}

/** Renders every issue of every set first, then writes: one failure writes nothing. */
async function buildOnce(files: string[], globals: Record<string, any>, options: Record<string, any>): Promise<BuildResult> {
  const config = loadConfigOrFail(globals, files[0]);
  const sets = await loadSets(files, config, options.lang);
  const rendered: RenderedIssue[] = [];
  const problems: Problem[] = [];
  const issues = sets.flatMap((set) => set.issues);
  const progress = await progressBar(issues.length, Boolean(options.watch));
  try {
    for (const issue of issues) {
      try {
        rendered.push(await renderIssue(issue, config));
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        problems.push(...error.problems);
        if (error.problems.length === 0) throw error;
      }
      progress.increment();
    }
  } finally {
    progress.stop();
  }
  if (problems.length > 0) {
    throw new UserError('the theme could not be rendered; nothing was written', {
      problems,
      hint: 'fix the template named above, or delete your copy of it to fall back to the default theme',
    });
  }
  const outDir = options.out ? resolve(options.out) : join(config.dir, 'dist');
  // compressed images of earlier builds: a rebuild does not load the image library again
  const outputs = await writeBuild(rendered, outDir, undefined, { imageCacheDir: join(config.dir, '.newsletter', 'cache', 'images') });
  const warnings: BuildWarning[] = outputs
    .filter((o) => o.bytes > GMAIL_CLIP_BYTES)
    .map((o) => ({
      id: o.id,
      lang: o.lang,
      kind: 'gmail-clip',
      message: `${gmailClipMessage(displayPath(o.html), o.bytes)}; shorten the issue or move items to the web`,
    }));
  const imageWarnings = outputs.flatMap((o) =>
    o.images
      .filter((image) => image.bytes > IMAGE_BUDGET_BYTES)
      .map((image): BuildWarning => ({
        id: o.id,
        lang: o.lang,
        kind: 'image',
        message: `warning: the image ${displayPath(image.source)} is ${size(image.bytes)} in the mail${image.resized ? ` even after resizing to ${image.width} px wide` : ''} (budget ${size(IMAGE_BUDGET_BYTES)}): every reader downloads it when opening the mail`,
        hint: 'crop it, or save a photo as JPEG instead of PNG',
      })),
  );
  const renderWarnings = rendered.flatMap((r) =>
    r.warnings.map((w): BuildWarning => ({ id: r.id, lang: r.lang, kind: 'render', message: formatProblem({ ...w, file: displayPath(w.file) }) })),
  );
  return { outputs, warnings: [...renderWarnings, ...dedupeImages(imageWarnings), ...warnings] };
}

/** An image used by every language is one warning, not one per language. */
function dedupeImages(warnings: BuildWarning[]): BuildWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => !seen.has(w.message) && Boolean(seen.add(w.message)));
}

function report(result: BuildResult, json: boolean): void {
  if (json) {
    printJson({
      outputs: result.outputs.map(({ id, lang, html, text, bytes }) => ({ id, lang, html, text, bytes })),
      warnings: result.warnings,
    });
  } else {
    for (const output of result.outputs) {
      say(`${displayPath(output.html)}  ${size(output.bytes)}`);
      say(`${displayPath(output.text)}`);
    }
  }
  // loud on stderr even with --json: a clipped mail hides its unsubscribe link
  for (const warning of result.warnings) {
    if (warning.kind === 'gmail-clip') warn(`${style.bold('CLIPPED IN GMAIL?')} ${warning.message}`);
    else note(style.yellow(warning.hint ? `${warning.message}\n  hint: ${warning.hint}` : warning.message));
  }
}

function files(input: CommandInput): string[] {
  const value = input.args[0];
  return Array.isArray(value) ? value : value ? [value] : [];
}

/** Rebuilds on every save of an issue, template, locale or config file; errors are shown, the watch goes on. */
async function watch(input: CommandInput): Promise<number> {
  // the preview's watcher, loaded only for --watch: a plain build stays light
  const { buildInputs, watchFiles } = await import('../../preview/watch-files.js');
  const config = loadConfigOrFail(input.globals, files(input)[0]);
  const issueFiles = (await Promise.all(files(input).map((f) => languageSetFiles(f)))).flat().map((f) => resolve(f));
  // the build's own output (issues at the project's root put dist/ under the watched folder) is no change
  const outDir = input.options.out ? resolve(input.options.out) : join(config.dir, 'dist');
  const relevant = (path: string) => !isInside(outDir, path) && (/\.(ya?ml|hbs)$/.test(path) || /\.(png|jpe?g|gif|webp|svg)$/i.test(path));
  let running = Promise.resolve();
  const rebuild = (why: string) => {
    running = running.then(async () => {
      const started = Date.now();
      try {
        const result = await buildOnce(files(input), input.globals, input.options);
        report(result, false);
        note(style.green(`built after ${why} in ${Date.now() - started} ms; watching for changes (Ctrl-C to stop)`));
      } catch (error) {
        // a watch outlives every error: show it and wait for the next save
        if (error instanceof UserError) printProblems(error.problems);
        note(style.red(`${error instanceof UserError ? 'error' : 'internal error'}: ${error instanceof Error ? error.message : String(error)}`));
        note('watching for changes (Ctrl-C to stop)');
      }
    });
  };
  const watcher = watchFiles(buildInputs(issueFiles, config), (changed) => {
    const saved = changed.find(relevant);
    if (saved) rebuild(`a change to ${displayPath(saved)}`);
  });
  await watcher.ready;
  rebuild('start');
  await new Promise<void>((stop) => {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await watcher.close();
  await running;
  return 0;
}

/** `newsletter build <issue-files…> [--out DIR] [--lang L] [--json] [--watch]` */
export async function run(input: CommandInput): Promise<number> {
  if (input.options.watch) return watch(input);
  const result = await buildOnce(files(input), input.globals, input.options);
  report(result, Boolean(input.options.json));
  return 0;
}
