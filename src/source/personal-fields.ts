/**
 * Personal text in content, and nothing more: a field `{{subscriber.first_name}}` (with a
 * quoted default, `{{subscriber.first_name "Leserin, Leser"}}`), and a choice of text by a
 * reader's field:
 *
 *     {{#if (eq subscriber.salutation "Frau")}}Sehr geehrte Frau{{else if subscriber.name}}Hallo{{else}}Guten Tag{{/if}}
 *
 * A condition is `subscriber.x` (the field is not empty) or `(eq subscriber.x "text")`.
 * No other helper, no `#each`, `#with`, `lookup` or partials: content can reach a reader's
 * own fields, never the theme's data. Anything else inside `{{ }}` is a located error that
 * `validate` reports; render turns the valid pieces into slots.
 */

/** A test on one reader field: not empty, or equal to `equals` (trimmed, any case). */
export interface Condition {
  field: string;
  equals?: string;
}

export interface PersonalFieldUse {
  /** Offset of `{{` in the text. */
  start: number;
  /** Offset just after `}}`. */
  end: number;
  /** What follows `subscriber.`: `first_name`, `organisation`. */
  field: string;
  /** The quoted default, or '' when none was given. */
  fallback: string;
}

/** One valid piece of personal text, in order: a field, or a part of an `{{#if}}` block. */
export type PersonalToken =
  | ({ kind: 'field' } & PersonalFieldUse)
  | { kind: 'if' | 'elseif'; start: number; end: number; test: Condition }
  | { kind: 'else' | 'endif'; start: number; end: number };

/** Every place a text names a reader field, for checking against a list. */
export interface FieldReference {
  start: number;
  end: number;
  field: string;
  /** Inside `{{#if subscriber.x}}` (or `eq` on x) of the same field: never shown empty. */
  guarded: boolean;
  /** Printed with a default, or tested in a condition: an empty value shows no gap. */
  hasDefault: boolean;
  /** A condition's field rather than printed text. */
  inCondition: boolean;
}

export interface BadPlaceholder {
  start: number;
  end: number;
  /** The text between the braces, trimmed. */
  inner: string;
  /** Set for a known mistake (a block not closed, `#each`): what is wrong, and what to do. */
  message?: string;
  hint?: string;
}

export interface PlaceholderScan {
  /** Printed fields: `{{subscriber.x}}`. */
  fields: PersonalFieldUse[];
  /** Fields and blocks in order; blocks only when every block of the text is well formed. */
  tokens: PersonalToken[];
  references: FieldReference[];
  bad: BadPlaceholder[];
}

const MUSTACHE = /\{\{([\s\S]*?)\}\}/g;
const FIELD = String.raw`subscriber\.([A-Za-z0-9_-]+)`;
const TEXT = String.raw`"((?:[^"\\]|\\.)*)"`;
const PERSONAL = new RegExp(String.raw`^${FIELD}(?:\s+${TEXT})?$`);
const IF = /^#if\s+([\s\S]+)$/;
const ELSE_IF = /^else\s+if\s+([\s\S]+)$/;
const TRUTHY = new RegExp(String.raw`^${FIELD}$`);
const EQUALS = new RegExp(String.raw`^\(\s*eq\s+${FIELD}\s+${TEXT}\s*\)$`);

const unescape = (text: string) => text.replace(/\\(.)/g, '$1');
const BLOCK_HINT = 'choose text with {{#if subscriber.x}}…{{else}}…{{/if}} or {{#if (eq subscriber.x "Frau")}}…{{else if (eq subscriber.x "Herr")}}…{{else}}…{{/if}}';

function condition(text: string): Condition | undefined {
  const truthy = TRUTHY.exec(text.trim());
  if (truthy) return { field: truthy[1] };
  const equals = EQUALS.exec(text.trim());
  return equals ? { field: equals[1], equals: unescape(equals[2]) } : undefined;
}

function refused(inner: string): { message: string; hint: string } | undefined {
  const helper = /^#\s*([A-Za-z]+)/.exec(inner)?.[1];
  if (helper && helper !== 'if') {
    return { message: `"{{#${helper}}}" cannot be used in content: only {{#if}} blocks on a reader's fields are allowed`, hint: BLOCK_HINT };
  }
  if (inner.startsWith('>')) return { message: 'partials ({{> …}}) cannot be used in content', hint: 'partials belong to the theme\'s templates' };
  if (/\blookup\b|\.\.|@root|\bthis\b/.test(inner)) {
    return { message: `"{{${inner}}}" reaches beyond the reader's own fields`, hint: 'only {{subscriber.<column>}} is allowed in content' };
  }
  return undefined;
}

interface Frame {
  open: PersonalToken & { kind: 'if' };
  sawElse: boolean;
  /** Fields the current branch is known to have (its condition holds). */
  guards: string[];
}

/** Every `{{ … }}` in `text`: valid personal fields and blocks, the fields they name, and everything else. */
export function scanPlaceholders(text: string): PlaceholderScan {
  const fields: PersonalFieldUse[] = [];
  const tokens: PersonalToken[] = [];
  const references: FieldReference[] = [];
  const bad: BadPlaceholder[] = [];
  const stack: Frame[] = [];
  let structural = false;
  const guarded = (field: string) => stack.some((frame) => frame.guards.includes(field.toLowerCase()));
  const refer = (start: number, end: number, test: Condition, guards: string[]) => {
    references.push({ start, end, field: test.field, guarded: false, hasDefault: true, inCondition: true });
    guards.push(test.field.toLowerCase());
  };

  for (const match of text.matchAll(MUSTACHE)) {
    const start = match.index;
    const end = start + match[0].length;
    const inner = match[1].trim();
    const fail = (message?: string, hint?: string, isStructural = false) => {
      bad.push({ start, end, inner, ...(message ? { message } : {}), ...(hint ? { hint } : {}) });
      structural ||= isStructural;
    };
    const personal = PERSONAL.exec(inner);
    if (personal) {
      const use = { start, end, field: personal[1], fallback: unescape(personal[2] ?? '') };
      fields.push(use);
      tokens.push({ kind: 'field', ...use });
      references.push({ start, end, field: use.field, guarded: guarded(use.field), hasDefault: use.fallback !== '', inCondition: false });
      continue;
    }
    const ifMatch = IF.exec(inner);
    const elseIf = ELSE_IF.exec(inner);
    if (ifMatch || elseIf) {
      const test = condition((ifMatch ?? elseIf)![1]);
      if (!test) {
        fail(`the condition in "{{${inner}}}" must be subscriber.<field> or (eq subscriber.<field> "text")`, BLOCK_HINT, true);
        continue;
      }
      if (ifMatch) {
        const open = { kind: 'if' as const, start, end, test };
        const frame: Frame = { open, sawElse: false, guards: [] };
        refer(start, end, test, frame.guards);
        stack.push(frame);
        tokens.push(open);
        continue;
      }
      const frame = stack[stack.length - 1];
      if (!frame || frame.sawElse) {
        fail(frame ? '"{{else if …}}" after "{{else}}" is never reached' : '"{{else if …}}" without an "{{#if …}}" before it', BLOCK_HINT, true);
        continue;
      }
      frame.guards = [];
      refer(start, end, test, frame.guards);
      tokens.push({ kind: 'elseif', start, end, test });
      continue;
    }
    if (inner === 'else') {
      const frame = stack[stack.length - 1];
      if (!frame || frame.sawElse) {
        fail(frame ? 'a second "{{else}}" in the same block' : '"{{else}}" without an "{{#if …}}" before it', BLOCK_HINT, true);
        continue;
      }
      frame.sawElse = true;
      frame.guards = [];
      tokens.push({ kind: 'else', start, end });
      continue;
    }
    if (/^\/\s*if$/.test(inner)) {
      if (!stack.pop()) {
        fail('"{{/if}}" without an "{{#if …}}" before it', BLOCK_HINT, true);
        continue;
      }
      tokens.push({ kind: 'endif', start, end });
      continue;
    }
    const known = refused(inner);
    fail(known?.message, known?.hint, inner.startsWith('#') || inner.startsWith('/'));
  }
  for (const frame of stack) {
    const { start, end } = frame.open;
    const inner = text.slice(start + 2, end - 2).trim();
    bad.push({ start, end, inner, message: `"{{${inner}}}" is not closed: add {{/if}} where its text ends`, hint: BLOCK_HINT });
    structural = true;
  }
  bad.sort((a, b) => a.start - b.start);
  return { fields, tokens: structural ? tokens.filter((t) => t.kind === 'field') : tokens, references, bad };
}
