import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Scaffolding is planned first (a list of files, pure), then checked against the disk
 * (which of them exist already), then written — so nothing is written before the editor
 * has said what to do about every file that is in the way.
 */
export interface PlannedFile {
  /** Relative to the project folder, with `/`: `issues/2021-01-nr1.de.yaml`. */
  path: string;
  /** The text to write, or … */
  content?: string;
  /** … an absolute file to copy (ejected templates). */
  copyFrom?: string;
}

/** The theme shipped with the tool: `templates/` at the package root. */
export function packageTemplatesDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');
}

/** Every file under `sourceDir`, planned as a copy under `targetPrefix/`. */
export function planCopyOfFolder(sourceDir: string, targetPrefix: string): PlannedFile[] {
  if (!existsSync(sourceDir)) return [];
  const planned: PlannedFile[] = [];
  for (const entry of readdirSync(sourceDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const source = join(entry.parentPath, entry.name);
    const path = `${targetPrefix}/${relative(sourceDir, source).split(/[\\/]/).join('/')}`;
    planned.push({ path, copyFrom: source });
  }
  return planned.sort((a, b) => a.path.localeCompare(b.path));
}

/** The planned paths that already exist in `dir`. */
export function existingFiles(dir: string, files: readonly PlannedFile[]): string[] {
  return files.filter((file) => existsSync(join(dir, file.path))).map((file) => file.path);
}

/** Writes every planned file whose path is not in `skip`; returns the paths written. */
export function writePlannedFiles(dir: string, files: readonly PlannedFile[], skip: ReadonlySet<string> = new Set()): string[] {
  const written: string[] = [];
  for (const file of files) {
    if (skip.has(file.path)) continue;
    const target = join(dir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    if (file.copyFrom !== undefined) copyFileSync(file.copyFrom, target);
    else writeFileSync(target, file.content ?? '', 'utf8');
    written.push(file.path);
  }
  return written;
}
