import type { Problem } from '../errors.js';
import { displayPath } from '../source/paths.js';
import { compileWithMjml } from './mjml-engine.js';
import type { LineOrigins } from './theme.js';

/** MJML turned into HTML, with MJML's complaints placed in the template that caused them. */
export interface CompiledMjml {
  html: string;
  problems: Problem[];
}

/**
 * Compiles MJML with validation on. Each complaint names the template file and line that
 * wrote the offending element, not a line of the intermediate MJML.
 */
export async function compileMjml(mjml: string, origins: LineOrigins): Promise<CompiledMjml> {
  const result = await compileWithMjml(mjml, { validationLevel: 'soft', keepComments: false, fonts: {}, minify: false, beautify: false });
  const problems: Problem[] = result.errors.map((error) => {
    const origin = origins.origin(error.line);
    return {
      file: displayPath(origin.file),
      line: origin.line,
      column: 1,
      message: `MJML: ${error.message}`,
      severity: 'error',
    };
  });
  return { html: tidy(result.html), problems };
}

/**
 * Drops indentation and blank lines: about a quarter of MJML's output, at a fraction of a
 * minifier's cost. Leaves a document with <pre> or <textarea> alone, where spaces matter.
 */
export function tidy(html: string): string {
  if (/<(?:pre|textarea)[\s>]/i.test(html)) return html;
  return html
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}
