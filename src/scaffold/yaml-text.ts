/**
 * Small helpers to write YAML by hand, so the scaffolded files can carry comments in the
 * places an editor reads them. Strings go out double-quoted (JSON's escaping is valid YAML).
 */

/** A one-line string as a YAML scalar: `"Welcome to \"X\""`. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** A Markdown field as a literal block under `key:` at `indent` spaces. */
export function block(key: string, text: string, indent = 0): string {
  const pad = ' '.repeat(indent);
  const body = text
    .split('\n')
    .map((line) => (line === '' ? '' : `${pad}  ${line}`))
    .join('\n');
  return `${pad}${key}: |\n${body}`;
}

/** Lines joined with `\n`, ending with one. */
export function lines(...parts: (string | false | undefined)[]): string {
  return `${parts.filter((part): part is string => typeof part === 'string').join('\n')}\n`;
}
