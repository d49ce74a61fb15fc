import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { UserError, type Problem } from '../errors.js';
import { displayPath } from '../source/paths.js';
import { markdownInline, markdownToHtml, styleTags } from './markdown.js';

/** One theme file as used: which folder it came from wins file by file. */
export interface ThemeFile {
  name: string;
  path: string;
}

/** A compiled theme: the layout and its partials, ready to run per issue and language. */
export interface Theme {
  files: ThemeFile[];
  /** Runs the layout; the output carries line markers (see `stripLineMarkers`). */
  render(view: object): string;
  /** Cache key: every file with its modification time. */
  signature: string;
}

const TEMPLATE_EXT = '.hbs';
// \u0002<file index>:<line>\u0002 at the start of every template line, removed before MJML.
const LINE_MARKER = /\u0002(\d+):(\d+)\u0002/g;

/** The theme's files: for each name, the first folder of `dirs` that has it. */
export function themeFiles(dirs: string[]): ThemeFile[] {
  const byName = new Map<string, ThemeFile>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir).sort()) {
      if (!entry.endsWith(TEMPLATE_EXT) || byName.has(entry)) continue;
      byName.set(entry, { name: entry, path: join(dir, entry) });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function annotate(source: string, fileIndex: number): string {
  return source
    .split('\n')
    .map((line, i) => `\u0002${fileIndex}:${i + 1}\u0002${line}`)
    .join('\n');
}

function handlebarsProblem(file: string, error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  const line = /on line (\d+)/.exec(message)?.[1];
  const firstLine = message.split('\n')[0].replace(/^Parse error on line \d+:?\s*/, '');
  return {
    file: displayPath(file),
    line: line ? Number(line) : 1,
    column: 1,
    message: `template error: ${firstLine || message.split('\n').slice(-1)[0]}`,
    severity: 'error',
  };
}

function compile(env: typeof Handlebars, file: ThemeFile, index: number): Handlebars.TemplateDelegate {
  const source = readFileSync(file.path, 'utf8');
  const annotated = annotate(source, index);
  try {
    // parse now: Handlebars compiles lazily, and a syntax error must name its file here;
    // compiling the parsed tree spares a second parse on the first render
    return env.compile(env.parse(annotated), { preventIndent: true });
  } catch {
    try {
      env.parse(source);
    } catch (error) {
      throw new UserError(`the template ${displayPath(file.path)} cannot be read`, { problems: [handlebarsProblem(file.path, error)] });
    }
    // a {{ }} spanning lines: compile without line markers rather than fail
    return env.compile(source, { preventIndent: true });
  }
}

function registerHelpers(env: typeof Handlebars): void {
  // {{markdown body a="color:#0E4D5C" p="margin:0"}}: the hash styles the tags Markdown writes
  // breaks=true keeps each line break, for text written line by line (a sign-off, an address)
  const markdownHelper = (render: (text: string, options: { breaks?: boolean }) => string) =>
    function (text: unknown, options: Handlebars.HelperOptions) {
      if (typeof text !== 'string') return '';
      const hash = (options?.hash ?? {}) as Record<string, unknown>;
      return new env.SafeString(styleTags(render(text, { breaks: hash.breaks === true }), hash));
    };
  env.registerHelper('markdown', markdownHelper(markdownToHtml));
  env.registerHelper('markdown_inline', markdownHelper(markdownInline));
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // pairs of items for two-column rows: {{#each (pairs items)}}
  env.registerHelper('pairs', (list: unknown) => {
    const items = Array.isArray(list) ? list : [];
    const rows: unknown[][] = [];
    for (let i = 0; i < items.length; i += 2) rows.push(items.slice(i, i + 2));
    return rows;
  });
}

function signatureOf(files: ThemeFile[]): string {
  return files.map((f) => `${f.path}@${statSync(f.path).mtimeMs}`).join('|');
}

let cached: Theme | undefined;

/**
 * The theme made of `dirs` (most important first): `layout.hbs` plus one partial per other
 * `.hbs` file, named by its base name (`{{> item}}`). Compiled once and reused until a
 * file changes.
 */
export function loadTheme(dirs: string[]): Theme {
  const files = themeFiles(dirs);
  const signature = signatureOf(files);
  if (cached && cached.signature === signature) return cached;
  const layout = files.find((f) => f.name === `layout${TEMPLATE_EXT}`);
  if (!layout) {
    throw new UserError(`no layout${TEMPLATE_EXT} found in the theme folders ${dirs.join(', ')}`, {
      hint: 'a project templates/ folder only needs the files it changes; the default theme provides the rest',
    });
  }
  const env = Handlebars.create();
  registerHelpers(env);
  files.forEach((file, index) => {
    if (file === layout) return;
    env.registerPartial(basename(file.name, TEMPLATE_EXT), compile(env, file, index));
  });
  const template = compile(env, layout, files.indexOf(layout));
  const theme: Theme = {
    files,
    signature,
    render(view: object): string {
      try {
        return template(view, { allowProtoPropertiesByDefault: false });
      } catch (error) {
        const where = /partial (\S+)/.exec(error instanceof Error ? error.message : '')?.[1];
        throw new UserError('the theme could not be filled in', {
          problems: [handlebarsProblem(where ? (files.find((f) => f.name === `${where}${TEMPLATE_EXT}`)?.path ?? layout.path) : layout.path, error)],
        });
      }
    },
  };
  cached = theme;
  return theme;
}

/** Where each line of MJML came from: template file and line, per output line (1-based). */
export interface LineOrigins {
  origin(line: number): { file: string; line: number };
}

/** Removes the line markers from the layout's output and remembers where each line came from. */
export function stripLineMarkers(output: string, files: ThemeFile[]): { text: string; origins: LineOrigins } {
  const lines = output.split('\n');
  const origins: { file: number; line: number }[] = [];
  let last = { file: 0, line: 1 };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.includes('\u0002')) {
      let first: { file: number; line: number } | undefined;
      lines[i] = line.replace(LINE_MARKER, (_, file: string, at: string) => {
        const mark = { file: Number(file), line: Number(at) };
        first ??= mark;
        last = mark;
        return '';
      });
      // an element opening on this line came from the first template line that wrote to it
      origins.push(first ?? last);
    } else {
      origins.push(last);
    }
  }
  return {
    text: lines.join('\n'),
    origins: {
      origin(line: number) {
        const at = origins[Math.min(Math.max(line, 1), origins.length) - 1] ?? { file: 0, line: 1 };
        return { file: files[at.file]?.path ?? '', line: at.line };
      },
    },
  };
}
