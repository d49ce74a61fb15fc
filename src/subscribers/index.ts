/** Subscriber lists: CSV as editors really have them, read into distinct valid readers. */
export * from './types.js';
export { readSubscriberList } from './read-subscriber-list.js';
export { streamSubscriberList, type ListEvent, type ReadListOptions } from './list-stream.js';
export { matchLanguage } from './match-language.js';
export { normalizeAddress, type NormalizedAddress } from './email-address.js';
export { detectDelimiter } from './detect-delimiter.js';
export { unknownLanguages, UnknownLanguageTally, type UnknownLanguage } from './unknown-languages.js';
