/** The archive stage: what was sent or marked public as web pages, an index and an Atom feed per language. */
export { buildArchive, writeIssuePages, type ArchiveResult, type ArchiveOptions, type SkippedIssue } from './build-archive.js';
export { publishedUrls, type PublishedUrl } from './published-urls.js';
export { findIssueFiles, findIssueSets, type IssueFiles } from './find-issues.js';
export { atomFeed, publishedAt, type Feed, type FeedEntry } from './atom-feed.js';
