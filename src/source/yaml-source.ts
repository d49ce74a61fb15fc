/**
 * A YAML file read with positions: every later check can point at the line and column of
 * the key or value an editor wrote, not at some intermediate structure.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { Problem, Severity } from '../errors.js';

/** One parsed file: its text, document, positions, and the name to show in problems. */
export interface YamlSource {
  /** The path as the user gave it (relative stays relative): what problems show. */
  display: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** A step into the document: a mapping key or a list index. */
export type PathSegment = string | number;

/** Where a problem points: the key of a field, or its value. */
export type Anchor = 'key' | 'value';

/** Parses `text`; YAML syntax errors come back as problems (then `doc` is not to be trusted). */
export function parseYaml(text: string, display: string): { source: YamlSource; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const source: YamlSource = { display, text, doc, lines };
  const problems: Problem[] = [];
  for (const error of doc.errors) {
    const at = positionOf(source, error.pos[0]);
    // one mistake often trips several parser errors on the same line: the first says it best
    if (problems.some((p) => p.line === at.line)) continue;
    const { message, hint } = describeYamlError(error.code, error.message, text.slice(error.pos[0]));
    problems.push({ file: display, ...at, message, severity: 'error' as Severity, ...(hint ? { hint } : {}) });
  }
  return { source, problems };
}

type ReadResult = { source?: YamlSource; bytes?: Buffer; problems: Problem[] };

/** Reads and parses a file; a missing or unreadable file is one problem. */
export async function readYaml(path: string, display: string): Promise<ReadResult> {
  try {
    return fromBytes(await readFile(path), display);
  } catch (error) {
    return unreadable(error, display);
  }
}

/** `readYaml` for callers that must stay synchronous (the config loader). */
export function readYamlSync(path: string, display: string): ReadResult {
  try {
    return fromBytes(readFileSync(path), display);
  } catch (error) {
    return unreadable(error, display);
  }
}

function fromBytes(bytes: Buffer, display: string): ReadResult {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const { source, problems } = parseYaml(text, display);
  return { source, bytes, problems };
}

function unreadable(error: unknown, display: string): ReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) throw error;
  const message = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'this is a folder, not a file' : `cannot read the file (${code})`;
  return { problems: [{ file: display, line: 1, column: 1, message, severity: 'error' }] };
}

/** 1-based line and column of a character offset. */
export function positionOf(source: YamlSource, offset: number): { line: number; column: number } {
  const { line, col } = source.lines.linePos(Math.max(0, Math.min(offset, source.text.length)));
  return { line, column: col };
}

function describeYamlError(code: string, raw: string, rest: string): { message: string; hint?: string } {
  const first = raw.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  const message = `YAML syntax error: ${first.replace(/"quote$/, 'quote (")').replace(/'quote$/, "quote (')")}`;
  switch (code) {
    case 'DUPLICATE_KEY': {
      const key = /^\s*["']?([^:"'\n]*)/.exec(rest)?.[1]?.trim() ?? '';
      return { message: `field "${key}" appears twice in the same block`, hint: 'keep one of them' };
    }
    case 'TAB_AS_INDENT':
      return { message: 'YAML syntax error: a tab is used for indentation', hint: 'indent with spaces only' };
    case 'MISSING_CHAR':
      return /quote/.test(first)
        ? { message, hint: 'text that starts with a quote must end with the same quote on the same value' }
        : { message, hint: 'every "key:" needs a value or an indented block below it' };
    case 'BLOCK_AS_IMPLICIT_KEY':
      return { message, hint: 'text containing ": " must be put in quotes, e.g. subject: "Rückblick: 2020"; else check the indentation' };
    case 'BAD_INDENT':
    case 'MULTILINE_IMPLICIT_KEY':
      return { message, hint: 'fields of one block start at the same column; brackets [ ] and { } must be closed' };
    case 'BAD_SCALAR_START':
      return { message, hint: 'text that starts with a special character (@, `, %, *, &, !, |, >) must be put in quotes' };
    default:
      return { message, hint: 'text containing ": " or " #" must be put in quotes' };
  }
}

/** The pair holding `key` in a mapping node, if any. */
export function pairOf(node: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

/** The node at `path`, or undefined when some step does not exist. */
export function nodeAt(source: YamlSource, path: readonly PathSegment[]): Node | undefined {
  let node: unknown = source.doc.contents;
  for (const segment of path) {
    if (typeof segment === 'number') {
      node = isSeq(node) ? node.items[segment] : undefined;
    } else {
      node = pairOf(node, segment)?.value ?? undefined;
    }
    if (node === undefined || node === null) return undefined;
  }
  return node as Node;
}

/**
 * Line and column for `path`: the key or the value the path names. When the path goes
 * further than the file (a missing field), the deepest existing key or item is used.
 */
export function locate(source: YamlSource, path: readonly PathSegment[], anchor: Anchor = 'value'): { line: number; column: number } {
  let node: unknown = source.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (typeof segment === 'number') {
      const item = isSeq(node) ? node.items[segment] : undefined;
      if (item === undefined || item === null) break;
      node = item;
      offset = rangeStart(item) ?? offset;
      continue;
    }
    const pair = pairOf(node, segment);
    if (!pair) break;
    const keyStart = rangeStart(pair.key) ?? offset;
    const valueStart = rangeStart(pair.value);
    // an empty value (`title:`) has no text of its own: point at its key
    offset = last && anchor === 'key' ? keyStart : isEmptyValue(pair.value) ? keyStart : (valueStart ?? keyStart);
    node = pair.value;
    if (node === null || node === undefined) break;
  }
  return positionOf(source, offset);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function isEmptyValue(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null && (node.source ?? '') === '');
}

/** Every string scalar value (not keys) in the document with its path. */
export function stringValues(source: YamlSource): { path: PathSegment[]; value: string; node: Node }[] {
  const found: { path: PathSegment[]; value: string; node: Node }[] = [];
  const walk = (node: unknown, path: PathSegment[]) => {
    if (isScalar(node)) {
      if (typeof node.value === 'string') found.push({ path, value: node.value, node });
    } else if (isMap(node)) {
      for (const item of node.items) {
        if (isPair(item) && isScalar(item.key)) walk(item.value, [...path, String(item.key.value)]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index]));
    }
  };
  walk(source.doc.contents, []);
  return found;
}

/**
 * Position of a piece of a string value, e.g. one `{{ … }}` inside a long body: found in the
 * scalar's source text when it appears there verbatim (plain, quoted without escapes, block
 * scalars), else the start of the value.
 */
export function locateInValue(source: YamlSource, node: Node, piece: string, occurrence = 0): { line: number; column: number } {
  const range = node.range;
  if (!range) return { line: 1, column: 1 };
  const raw = source.text.slice(range[0], range[1]);
  let index = -1;
  for (let seen = 0; seen <= occurrence; seen++) {
    index = raw.indexOf(piece, index + 1);
    if (index < 0) break;
  }
  return positionOf(source, index >= 0 ? range[0] + index : range[0]);
}

/** A problem at `path` of `source`. */
export function problemAt(
  source: YamlSource,
  path: readonly PathSegment[],
  message: string,
  options: { anchor?: Anchor; hint?: string; severity?: Severity } = {},
): Problem {
  const at = locate(source, path, options.anchor ?? 'value');
  return {
    file: source.display,
    ...at,
    message,
    severity: options.severity ?? 'error',
    ...(options.hint ? { hint: options.hint } : {}),
  };
}

/** True when the file has the key at `path` but with no value (`title:`). */
export function hasEmptyKey(source: YamlSource, path: readonly PathSegment[]): boolean {
  const parent = path.length === 1 ? source.doc.contents : nodeAt(source, path.slice(0, -1));
  const key = path[path.length - 1];
  if (typeof key !== 'string') return false;
  const pair = pairOf(parent, key);
  return pair !== undefined && isEmptyValue(pair.value);
}
