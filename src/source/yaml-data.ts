/** The data of a parsed YAML file, as the schema checks want it. */
import { isMap, isSeq } from 'yaml';
import type { Problem } from '../errors.js';
import { problemAt, type YamlSource } from './yaml-source.js';

/** Drops `key:` lines left empty, so an empty optional field reads as absent. */
export function withoutEmptyFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyFields);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (inner !== null && inner !== undefined) out[key] = withoutEmptyFields(inner);
    return out;
  }
  return value;
}

/** Problems for a file that holds no mapping of fields; undefined when it does. */
export function checkTopLevel(source: YamlSource, what: string): Problem | undefined {
  const contents = source.doc.contents;
  if (contents === null || (contents as { value?: unknown }).value === null) {
    return { file: source.display, line: 1, column: 1, message: `the file is empty; expected ${what}`, severity: 'error' };
  }
  if (!isMap(contents)) {
    const found = isSeq(contents) ? 'a list' : 'a single value';
    return problemAt(source, [], `expected ${what} as "key: value" lines, found ${found}`);
  }
  return undefined;
}
