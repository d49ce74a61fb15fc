/** The archive stage: every issue as a public web page, an index and an Atom feed. */
export { buildArchive, type ArchiveResult } from './build-archive.js';
export { findIssueFiles } from './find-issues.js';
export { atomFeed, type Feed, type FeedEntry } from './atom-feed.js';
