import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';
import { localizeConfig } from '../config/localize-config.js';
import type { Config } from '../config/types.js';
import type { Issue } from '../issue/types.js';
import { compileMjml } from './compile-mjml.js';
import { loadLocale } from './locale.js';
import { SlotTable } from './slots.js';
import { renderTextPart } from './text-part.js';
import { loadTheme, stripLineMarkers } from './theme.js';
import type { RenderedIssue } from './types.js';
import { AssetCollector, buildView } from './view-model.js';

/** The package root: the default theme and locales sit beside lib/ (and src/). */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The default theme's templates/ folder inside the installed package. */
export const DEFAULT_TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');
/** The default theme's locales/ folder inside the installed package. */
export const DEFAULT_LOCALES_DIR = join(PACKAGE_ROOT, 'locales');

export interface RenderOptions {
  /** Template folders, most important first; default: `<config dir>/templates`, then the default theme. */
  themeDirs?: string[];
  /** Locale folders, most important first; default: `<config dir>/locales`, then the default theme's. */
  localeDirs?: string[];
  /** Where the sent mail links local images; default `<base_url>/archive/<id>/<lang>/`. */
  assetBaseUrl?: string;
}

/** The theme folders for a project: its own templates/ first, file by file over the default theme. */
export function defaultThemeDirs(config: Pick<Config, 'dir'>): string[] {
  return [join(config.dir, 'templates'), DEFAULT_TEMPLATES_DIR];
}

/** The locale folders for a project: its own locales/ first, key by key over the default theme's. */
export function defaultLocaleDirs(config: Pick<Config, 'dir'>): string[] {
  return [join(config.dir, 'locales'), DEFAULT_LOCALES_DIR];
}

/**
 * Renders one issue in its language, once: Handlebars fills the theme, MJML compiles it,
 * and the personal fields and the unsubscribe link stay open as slots for `personalize`.
 * The compiled theme is cached, so a second call (a watch rebuild, a preview) only redoes
 * the filling and MJML. Throws a UserError carrying located problems when the theme fails.
 */
export async function renderIssue(issue: Issue, config: Config, options: RenderOptions = {}): Promise<RenderedIssue> {
  const theme = loadTheme(options.themeDirs ?? defaultThemeDirs(config));
  const locale = loadLocale(issue.lang, options.localeDirs ?? defaultLocaleDirs(config));
  const localized = localizeConfig(config, issue.lang);
  const slots = new SlotTable(`${issue.contentHash}:${issue.lang}`);
  // the issue's page in the web archive: where "view in browser" leads and the sent mail's images live
  const archiveUrl = `${localized.base_url}/archive/${issue.id}/${issue.lang}/`;
  const assets = new AssetCollector(options.assetBaseUrl ?? archiveUrl);
  const view = buildView({ issue, config: localized, configDir: config.dir, locale, slots, assets, archiveUrl });

  const { text: mjml, origins } = stripLineMarkers(theme.render(view), theme.files);
  const compiled = await compileMjml(mjml, origins);
  if (compiled.problems.length > 0) {
    throw new UserError(`the theme produced MJML that does not validate (${issue.id}, ${issue.lang})`, {
      problems: compiled.problems,
      hint: 'fix the template named above, or delete your copy to use the default theme\'s file',
    });
  }
  return {
    id: issue.id,
    lang: issue.lang,
    issue,
    subject: slots.cut(view.subject),
    preheader: slots.fillFallbacks(view.preheader ?? ''),
    html: slots.cut(compiled.html, 'html'),
    text: slots.cut(renderTextPart(view), 'text'),
    mjml,
    assets: assets.assets,
    warnings: locale.fallback
      ? [
          {
            file: issue.file,
            line: 1,
            column: 1,
            severity: 'warning',
            message: `the theme has no words for "${issue.lang}": headings, buttons and dates are in "${locale.fallback}"`,
            hint: `add locales/${issue.lang}.yaml beside newsletter.config.yaml (copy the default theme's ${locale.fallback}.yaml and translate it)`,
          },
        ]
      : [],
  };
}
