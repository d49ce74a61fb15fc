import { resolve } from 'node:path';
import { hasErrors, UserError, type Problem } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/types.js';
import { loadIssueSet } from '../issue/load-issue.js';
import type { IssueSet } from '../issue/types.js';
import { renderIssue } from '../render/render-issue.js';
import type { RenderedIssue } from '../render/types.js';

/** What the preview shows when something is wrong: located problems, or one message. */
export interface PreviewFailure {
  ok: false;
  problems: Problem[];
  /** The error's own words when it carries no located problem (an internal error, a bad theme folder). */
  message?: string;
  hint?: string;
}

export interface LoadedIssue {
  ok: true;
  config: Config;
  set: IssueSet;
  /** Warnings of the config and every language file. */
  warnings: Problem[];
}

export interface RenderedLanguage {
  ok: true;
  rendered: RenderedIssue;
  warnings: Problem[];
}

/** The prefix under which the preview serves an issue's local images. */
export const ASSET_PATH = '/assets';

function failureOf(error: unknown): PreviewFailure {
  if (error instanceof UserError) return { ok: false, problems: error.problems, message: error.message, hint: error.hint };
  const err = error instanceof Error ? error : new Error(String(error));
  return { ok: false, problems: [], message: `internal error: ${err.message}`, hint: err.stack };
}

/**
 * The issue as the files on disk say now. Everything is read again after `invalidate()`;
 * a language is rendered only when asked for, once per version, so a save costs one render
 * of the language on screen (the theme stays compiled between versions).
 */
export class PreviewSession {
  private currentVersion = 1;
  private loading?: Promise<LoadedIssue | PreviewFailure>;
  private renders = new Map<string, Promise<RenderedLanguage | PreviewFailure>>();
  /** The last version that read and rendered without an error, per language: shown under a broken save. */
  private good = new Map<string, { loaded: LoadedIssue; rendered: RenderedLanguage }>();

  constructor(
    readonly issueFile: string,
    private readonly options: { configFile?: string; cwd?: string; checkFields?: (set: IssueSet, config: Config) => Problem[] } = {},
  ) {}

  /** Grows by one with every change on disk: the page compares it to what it shows. */
  get version(): number {
    return this.currentVersion;
  }

  /** A file changed: forget what was read and rendered. */
  invalidate(): void {
    this.currentVersion++;
    this.loading = undefined;
    this.renders.clear();
  }

  /** The config and every language of the issue, checked. */
  load(): Promise<LoadedIssue | PreviewFailure> {
    this.loading ??= this.readFiles().catch(failureOf);
    return this.loading;
  }

  /** One language rendered once for this version: the slots stay open for each reader. */
  render(lang: string): Promise<RenderedLanguage | PreviewFailure> {
    let pending = this.renders.get(lang);
    if (!pending) {
      pending = this.renderLanguage(lang).catch(failureOf);
      this.renders.set(lang, pending);
    }
    return pending;
  }

  /**
   * The last good version of `lang` (or of the first language that had one) since the
   * preview started, or undefined: what the page shows under the problems of a broken save.
   */
  lastGood(lang?: string): { loaded: LoadedIssue; rendered: RenderedLanguage } | undefined {
    return (lang ? this.good.get(lang) : undefined) ?? this.good.values().next().value;
  }

  private async readFiles(): Promise<LoadedIssue | PreviewFailure> {
    const cwd = resolve(this.options.cwd ?? process.cwd());
    const config = await loadConfig({ file: this.options.configFile, cwd });
    if (!config.value || hasErrors(config.problems)) return { ok: false, problems: config.problems };
    const set = await loadIssueSet(this.issueFile, config.value);
    const problems = [...config.problems, ...set.problems];
    // with a list at hand (--to), a field it cannot fill is shown as the error it will be in the send
    if (set.value && !hasErrors(problems) && this.options.checkFields) problems.push(...this.options.checkFields(set.value, config.value));
    if (!set.value || hasErrors(problems)) return { ok: false, problems };
    return { ok: true, config: config.value, set: set.value, warnings: problems };
  }

  private async renderLanguage(lang: string): Promise<RenderedLanguage | PreviewFailure> {
    const loaded = await this.load();
    if (!loaded.ok) return loaded;
    const issue = loaded.set.issues.find((i) => i.lang === lang) ?? loaded.set.issues[0];
    const rendered = await renderIssue(issue, loaded.config, { assetBaseUrl: `${ASSET_PATH}/${issue.lang}/` });
    const result: RenderedLanguage = { ok: true, rendered, warnings: [...loaded.warnings, ...rendered.warnings] };
    this.good.set(issue.lang, { loaded, rendered: result });
    return result;
  }
}
