/** The live preview: `startPreview` for the CLI and scripts; the parts for tests. */
export { startPreview, type PreviewOptions, type RunningPreview } from './start-preview.js';
export { PreviewSession } from './session.js';
export { mailViewFor, GMAIL_CLIP_BYTES, type MailView } from './mail-view.js';
export { sampleReaders, readersFromList, findReader, type PreviewReader } from './readers.js';
export { previewState, type PreviewState } from './state.js';
