/** The issue stage: read issue files with positions, check them, and return `Issue`s. */
export { loadIssue, loadIssueSet, languageSetFiles, parseIssueFileName } from './load-issue.js';
export { issueSchema, issueJsonSchema } from './schema.js';
export { scanPlaceholders } from './personal-fields.js';
export { describeImpossibleDate } from './dates.js';
export { SECTION_KEYS } from './types.js';
