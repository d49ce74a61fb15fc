/**
 * Personal fields in content: `{{subscriber.first_name}}` or with a quoted default,
 * `{{subscriber.first_name "Leserin, Leser"}}`. Anything else inside `{{ }}` is an error
 * that `validate` reports; render turns the valid ones into slots.
 */

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

export interface BadPlaceholder {
  start: number;
  end: number;
  /** The text between the braces, trimmed. */
  inner: string;
}

const MUSTACHE = /\{\{([\s\S]*?)\}\}/g;
const PERSONAL = /^subscriber\.([A-Za-z0-9_-]+)(?:\s+"((?:[^"\\]|\\.)*)")?$/;

/** Every `{{ … }}` in `text`, split into valid personal fields and everything else. */
export function scanPlaceholders(text: string): { fields: PersonalFieldUse[]; bad: BadPlaceholder[] } {
  const fields: PersonalFieldUse[] = [];
  const bad: BadPlaceholder[] = [];
  for (const match of text.matchAll(MUSTACHE)) {
    const start = match.index;
    const end = start + match[0].length;
    const inner = match[1].trim();
    const personal = PERSONAL.exec(inner);
    if (personal) {
      fields.push({ start, end, field: personal[1], fallback: (personal[2] ?? '').replace(/\\(.)/g, '$1') });
    } else {
      bad.push({ start, end, inner });
    }
  }
  return { fields, bad };
}
