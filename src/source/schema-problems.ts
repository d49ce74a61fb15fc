/**
 * Turns zod's findings into located problems in the editor's words: the field's name, what
 * was found, what was expected, and a hint (did-you-mean for a typo like `tittle`).
 */
import type * as z from 'zod';
import type { Problem } from '../errors.js';
import { didYouMean } from './did-you-mean.js';
import { hasEmptyKey, problemAt, type PathSegment, type YamlSource } from './yaml-source.js';

type ZodIssue = z.core.$ZodIssue;

/** Located problems for every issue zod found in `source`; `schema` supplies known field names. */
export function schemaProblems(source: YamlSource, found: readonly ZodIssue[], schema: z.ZodType): Problem[] {
  const issues = flattenUnions(found, []);
  // "missing title" says nothing new next to "unknown field tittle, did you mean title?"
  const typos = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const path = issue.path as PathSegment[];
    const known = knownKeys(schema, path);
    for (const key of issue.keys) {
      const guess = didYouMean(key, known);
      if (guess) typos.add(JSON.stringify([...path, guess]));
    }
  }
  const problems: Problem[] = [];
  for (const issue of issues) {
    const missing = (issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined;
    if (missing && typos.has(JSON.stringify(issue.path))) continue;
    problems.push(...toProblems(source, issue, [], schema));
  }
  return problems;
}

/** A union's findings as those of the branch the value was meant for (a list where a list fits), with whole paths. */
function flattenUnions(issues: readonly ZodIssue[], base: PathSegment[]): ZodIssue[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...(issue.path as PathSegment[])];
    if (issue.code === 'invalid_union' && issue.input !== undefined) {
      const matching = issue.errors.find((branch) => branch.length > 0 && !branch.some((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (matching) return flattenUnions(matching, path);
    }
    return [{ ...issue, path } as ZodIssue];
  });
}

function toProblems(source: YamlSource, issue: ZodIssue, base: PathSegment[], schema: z.ZodType): Problem[] {
  const path = [...base, ...(issue.path as PathSegment[])];
  const name = fieldName(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(schema, path);
      return issue.keys.map((key) => {
        const guess = didYouMean(key, known);
        const hint = guess ? `did you mean "${guess}"?` : known.length ? `known fields here: ${known.join(', ')}` : undefined;
        return problemAt(source, [...path, key], `unknown field "${key}"`, { anchor: 'key', hint });
      });
    }
    case 'invalid_type': {
      if (issue.input === undefined) {
        if (hasEmptyKey(source, path)) return [problemAt(source, path, `${name} is empty`, { anchor: 'key', hint: 'write a value after the colon' })];
        return [problemAt(source, path.slice(0, -1), `missing required field "${String(path[path.length - 1])}"`, { anchor: 'key' })];
      }
      return [problemAt(source, path, `${name} must be ${expectedText(issue.expected)}, found ${foundText(issue.input)}`, { hint: typeHint(issue.expected, issue.input) })];
    }
    case 'invalid_union': {
      const matching = issue.errors.find((branch) => branch.length > 0 && !branch.some((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (matching) return matching.flatMap((inner) => toProblems(source, inner, path, schema));
      return [problemAt(source, path, `${name} ${issue.message}, found ${foundText(issue.input)}`)];
    }
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int') {
        return [problemAt(source, path, `${name} must be at least ${String(issue.minimum)}, found ${foundText(issue.input)}`)];
      }
      return [problemAt(source, path, `${name} ${issue.message}`)];
    case 'too_big':
      if (issue.origin === 'string' && typeof issue.input === 'string') {
        return [
          problemAt(source, path, `${name} is ${issue.input.length} characters long; at most ${String(issue.maximum)} are allowed`, {
            hint: 'inbox lists show only the first 40 to 60 characters: say the important part first',
          }),
        ];
      }
      return [problemAt(source, path, `${name} must be at most ${String(issue.maximum)}, found ${foundText(issue.input)}`)];
    default:
      return [problemAt(source, path, `${name} ${issue.message}`)];
  }
}

/** `"title"`, or `item 2 of "review"` for an entry of a list, or `the file` at the top. */
export function fieldName(path: readonly PathSegment[]): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the file';
  if (typeof last === 'number') {
    const list = path[path.length - 2];
    return `item ${last + 1} of "${String(list)}"`;
  }
  return `"${last}"`;
}

function expectedText(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'array':
      return 'a list (lines starting with "- ")';
    case 'object':
      return 'a mapping of fields (key: value lines)';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

/** How a found value reads in a message: `the number 34`, `text "abc"`, `a list`. */
export function foundText(input: unknown): string {
  if (input === null || input === undefined) return 'nothing';
  if (typeof input === 'string') return `text ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  if (typeof input === 'number') return `the number ${input}`;
  if (typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return 'a list';
  return 'a mapping';
}

function typeHint(expected: string, input: unknown): string | undefined {
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) return `put it in quotes: "${String(input)}"`;
  if ((expected === 'number' || expected === 'int') && typeof input === 'string' && /^\s*\d+\s*$/.test(input)) return 'write the number without quotes';
  if (expected === 'array' && input !== null && typeof input === 'object') return 'write each item on its own line starting with "- "';
  return undefined;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType; valueType?: z.ZodType };

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The field names an object schema at `path` knows, for did-you-mean hints. */
export function knownKeys(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  const target = schemaAt(schema, path);
  const def = target ? defOf(target) : undefined;
  return def?.shape ? Object.keys(def.shape) : [];
}

function schemaAt(schema: z.ZodType | undefined, path: readonly PathSegment[]): z.ZodType | undefined {
  let current = unwrap(schema, true);
  for (const segment of path) {
    if (!current) return undefined;
    let def = defOf(current);
    // a union of a list and an object (connect: [...] or {items: [...]}): the branch the step fits
    if (def.type === 'union' && def.options) {
      const fits = (o: z.ZodType) => (typeof segment === 'number' ? defOf(unwrap(o) as z.ZodType).element : defOf(unwrap(o) as z.ZodType).shape);
      def = defOf(unwrap(def.options.find(fits) ?? def.options[0]) as z.ZodType);
    }
    if (typeof segment === 'number') current = unwrap(def.element, true);
    else if (def.shape) current = unwrap(def.shape[segment], true);
    else if (def.valueType) current = unwrap(def.valueType, true);
    else return undefined;
  }
  return unwrap(current);
}

/** Looks through optional/default/pipe wrappers, and picks the object branch of a union. */
function unwrap(schema: z.ZodType | undefined, keepUnion = false): z.ZodType | undefined {
  let current = schema;
  for (let guard = 0; current && guard < 20; guard++) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'union' && def.options && !keepUnion) current = def.options.find((o) => defOf(unwrap(o) as z.ZodType).shape) ?? def.options[0];
    else return current;
  }
  return current;
}
