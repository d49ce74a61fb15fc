/** MIME encodings for header lines and bodies: what every stage that writes a header uses. */
export { CONTROL_CHARACTERS, displayPhrase, encodedWords, encodeQuotedPrintable, encodeUnstructured, formatAddress, formatDate, headerSafe } from './encodings.js';
export { IMAGE_CONTENT_TYPES } from './content-types.js';
