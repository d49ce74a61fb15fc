import { readFileSync } from 'node:fs';
import type { ThemeFile } from '../render/theme.js';

/** The colours the archive's pages take from the newsletter's theme. */
export interface ArchiveColours {
  /** The masthead's background. */
  brand: string;
  /** The stripe under the masthead. */
  accent: string;
  /** The mail's page background. */
  page: string;
  /** Body text. */
  text: string;
}

/** The bundled theme's colours: used where a project's own templates name none. */
const BUNDLED: ArchiveColours = { brand: '#0E4D5C', accent: '#B5452A', page: '#F1EEE8', text: '#1F2A30' };
const HEX = /^#[0-9A-Fa-f]{3,8}$/;

function read(files: readonly ThemeFile[], name: string): string {
  const file = files.find((f) => f.name === name);
  try {
    return file ? readFileSync(file.path, 'utf8') : '';
  } catch {
    return '';
  }
}

/** Only plain hex colours reach the page's CSS: a template's text never becomes style. */
function hex(value: string | undefined, fallback: string): string {
  return value && HEX.test(value) ? value : fallback;
}

/**
 * The colours of the theme in use (the project's templates/ over the bundled theme): the
 * masthead's first two section backgrounds, the body's background and the text colour.
 */
export function themeColours(files: readonly ThemeFile[]): ArchiveColours {
  const masthead = [...read(files, 'masthead.hbs').matchAll(/<mj-section[^>]*background-color="([^"]+)"/g)].map((m) => m[1]);
  const layout = read(files, 'layout.hbs');
  return {
    brand: hex(masthead[0], BUNDLED.brand),
    accent: hex(masthead[1], BUNDLED.accent),
    page: hex(/<mj-body[^>]*background-color="([^"]+)"/.exec(layout)?.[1], BUNDLED.page),
    text: hex(/<mj-text[^>]*\scolor="([^"]+)"/.exec(layout)?.[1], BUNDLED.text),
  };
}
