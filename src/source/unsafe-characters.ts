/**
 * Characters that change how the text around them shows instead of showing themselves: C0
 * and C1 controls and DEL (a terminal runs ESC sequences, BS rubs out), the Unicode line and
 * paragraph separators, and the bidi marks, embeddings, overrides and isolates (U+202E turns
 * `gro.elpmaxe@anna` into what looks like another address).
 */
export const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `U+001B` for `\u001b`: how a message names a character it will not print. */
export function codePointLabel(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first unsafe character of a text, named (`U+202E`), or undefined. */
export function firstUnsafeCharacter(text: string): string | undefined {
  const found = text.match(new RegExp(UNSAFE_CHARACTERS.source))?.[0];
  return found === undefined ? undefined : codePointLabel(found);
}

/**
 * The text with every unsafe character written as `<U+001B>`; line breaks and tabs stay
 * when `keepLines`. `showUnsafe('a\u001b[2Jb')` → `a<U+001B>[2Jb`
 */
export function showUnsafe(text: string, keepLines = false): string {
  return text.replace(UNSAFE_CHARACTERS, (char) => (keepLines && (char === '\n' || char === '\t') ? char : `<${codePointLabel(char)}>`));
}
