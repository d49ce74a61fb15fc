/** The library: every stage usable without the CLI. */
export * from './errors.js';
export type * from './config/types.js';
export type * from './issue/types.js';
export type * from './render/types.js';
export type * from './subscribers/types.js';
export { normalizeFieldName } from './subscribers/types.js';
