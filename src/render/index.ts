/** The render stage: Issue → RenderedIssue (once per issue and language) → one reader's copy. */
export { renderIssue, defaultThemeDirs, DEFAULT_TEMPLATES_DIR, DEFAULT_LOCALES_DIR, type RenderOptions } from './render-issue.js';
export {
  fillSlots,
  personalize,
  personalValuesFor,
  placeholderValues,
  PLACEHOLDER_UNSUBSCRIBE_URL,
  escapeHtml,
  type Medium,
} from './personalize.js';
export { writeBuild, buildFiles, GMAIL_CLIP_BYTES, type BuildOutput } from './write-build.js';
export { loadTheme, themeFiles, type Theme } from './theme.js';
export { markdownToHtml, markdownInline, styleTags } from './markdown.js';
export { markdownToText, wrap, labelledUrl, TEXT_WIDTH } from './plain-text.js';
export { formatWhen, formatDay, formatMonthYear, type DateFormats } from './dates.js';
export { loadLocale, type Locale } from './locale.js';
export type * from './types.js';
