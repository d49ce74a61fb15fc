/**
 * The library: every stage usable without the CLI, in the order data flows through them —
 * config → issue → render → subscribers → unsubscribe → send (plan, then deliver); plus the
 * preview and the archive. The CLI in src/cli/ is one user of these.
 */
export * from './errors.js';
export * from './source/index.js';
export * from './mime/index.js';
export * from './config/index.js';
export * from './issue/index.js';
export type * from './issue/types.js';
export type * from './config/types.js';
export * from './render/index.js';
export * from './subscribers/index.js';
export * from './unsubscribe/index.js';
export * from './state/index.js';
export * from './send/index.js';
export { startPreview, PreviewSession, type PreviewOptions, type RunningPreview } from './preview/index.js';
export * from './archive/index.js';
