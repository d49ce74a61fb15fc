/** The issue stage: read issue files with positions, check them, and return `Issue`s. */
export { loadIssue, loadIssueSet, languageSetFiles, parseIssueFileName } from './load-issue.js';
export { issueSchema, issueJsonSchema } from './schema.js';
export { SECTION_KEYS } from './types.js';
