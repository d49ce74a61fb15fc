/**
 * What editors write, read with positions: YAML sources, the field vocabulary the issue and
 * the config share, and located problems. Imports no stage; config/ and issue/ build on it.
 */
export { scanPlaceholders } from './personal-fields.js';
export { describeImpossibleDate } from './dates.js';
