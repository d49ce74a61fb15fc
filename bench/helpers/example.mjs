// The example issue every figure is measured on, and the content the baseline sends.
import { existsSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTimed } from './processes.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = join(repoRoot, 'bin', 'newsletter');
export const mjmlCliPath = join(repoRoot, 'node_modules', 'mjml', 'bin', 'mjml');

/** The example project at the repository root: `{ config, issueFile, id, languages }`. */
export function exampleIssue() {
  const config = join(repoRoot, 'newsletter.config.yaml');
  const issueFile = join(repoRoot, 'issues', '2020-12-nr34.de.yaml');
  const missing = [config, issueFile].filter((f) => !existsSync(f));
  return { config, issueFile, id: '2020-12-nr34', languages: ['de', 'en'], missing };
}

/** Arguments that point the CLI at the example's config, so the bench can run from anywhere. */
export function configArgs(example) {
  return ['--config', example.config];
}

/**
 * Fills `dir` with `<lang>.html` and `<lang>.txt` for the baseline to send: the real
 * output of `newsletter build` when it works, else synthetic content of a typical
 * newsletter's size (the results say which).
 */
export async function prepareContent(ws, example) {
  const dir = ws.dir('content');
  const out = ws.dir('content-build');
  let why = example.missing.length ? `example missing: ${example.missing.join(', ')}` : '';
  if (!why) {
    const result = await runTimed(process.execPath, [cliPath, ...configArgs(example), 'build', example.issueFile, '--out', out], { cwd: repoRoot, timeoutMs: 120_000 });
    if (result.code === 0) {
      for (const lang of example.languages) {
        const built = join(out, example.id, lang);
        if (!existsSync(join(built, 'index.html'))) break;
        copyFileSync(join(built, 'index.html'), join(dir, `${lang}.html`));
        copyFileSync(join(built, 'index.txt'), join(dir, `${lang}.txt`));
      }
      if (example.languages.every((lang) => existsSync(join(dir, `${lang}.html`)))) return { dir, source: 'newsletter build' };
      why = `build wrote no ${example.id}/<lang>/index.html under ${out}: ${readdirSync(out).join(', ')}`;
    } else {
      why = `newsletter build exited ${result.code}: ${result.stderr.trim().split('\n').slice(-2).join(' ')}`;
    }
  }
  for (const lang of example.languages) {
    writeFileSync(join(dir, `${lang}.html`), syntheticHtml(lang));
    writeFileSync(join(dir, `${lang}.txt`), syntheticText(lang));
  }
  return { dir, source: 'synthetic', why };
}

/** A table layout of about 35 KB, shaped like MJML's output, for when no build is available. */
function syntheticHtml(lang) {
  const block = (i) =>
    `<tr><td align="left" style="font-size:0px;padding:10px 25px;word-break:break-word;"><div style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;text-align:left;color:#222222;"><h2 style="margin:0">${lang} item ${i}</h2><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris.</p><a href="https://example.org/item/${i}" style="background:#0b5394;color:#ffffff;padding:10px 25px;border-radius:3px;text-decoration:none;">More</a></div></td></tr>\n`;
  const rows = Array.from({ length: 48 }, (_, i) => block(i)).join('');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Newsletter</title></head><body style="word-spacing:normal;background-color:#f4f4f4;"><table role="presentation" width="600" align="center">${rows}</table></body></html>\n`;
}

function syntheticText(lang) {
  return Array.from({ length: 30 }, (_, i) => `${lang} item ${i}\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\nMore: https://example.org/item/${i}\n`).join('\n');
}

/** Size in bytes of a file, for the report. */
export function fileBytes(file) {
  return readFileSync(file).length;
}
