/**
 * A local image an issue or the config names: an image by its content (PNG, JPEG, GIF,
 * WebP), inside the project folder, and given a safe name in the output. The name of a file
 * proves nothing: `image: {src: ../.newsletter/state.sqlite}` must not be published.
 */
import { closeSync, lstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { isInside as inside } from './paths.js';

/** The image formats a mail may carry. */
export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp';

const EXTENSION: Record<ImageKind, string> = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp' };

/**
 * The format the first bytes of a file announce; `svg` for SVG text, undefined for anything else.
 * @example imageKindOf(Buffer.from('GIF89a…')) // 'gif'
 */
export function imageKindOf(head: Buffer): ImageKind | 'svg' | undefined {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  const ascii = head.subarray(0, 12).toString('latin1');
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'gif';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'webp';
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head.toString('utf8').replace(/^\uFEFF/, ''))) return 'svg';
  return undefined;
}

/** The first bytes of a file: enough to tell its format. */
export function readHead(file: string, bytes = 512): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** A local image that passed every check. */
export interface LocalImage {
  /** Absolute path with links resolved: what is read. */
  file: string;
  kind: ImageKind;
  size: number;
}

/** Why a local image path is refused, in the editor's words. */
export interface ImageRefusal {
  message: string;
  hint?: string;
}


function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Checks a local image `src` written in a file in `baseDir`: relative, inside one of `roots`
 * (the project folder), not in a hidden folder, not a link that leads out, and an image by
 * its content. Returns the image or the reason it is refused.
 * @example checkLocalImage('images/photo.jpg', '/news/issues', ['/news'])
 */
export function checkLocalImage(src: string, baseDir: string, roots: readonly string[]): LocalImage | ImageRefusal {
  const shown = JSON.stringify(src);
  if (isAbsolute(src) || /^[A-Za-z]:[\\/]/.test(src)) {
    return { message: `image "src" must be a path relative to the file, found the absolute path ${shown}`, hint: 'copy the image into the project, e.g. issues/images/, and give its path from there' };
  }
  const path = resolve(baseDir, src);
  const root = roots.map((r) => resolve(r)).find((r) => inside(r, path));
  if (!root) {
    return { message: `image ${shown} lies outside the project folder`, hint: 'copy the image into the project, e.g. issues/images/, and give its path from there' };
  }
  if (relative(root, path).split(sep).some((segment) => segment.startsWith('.'))) {
    return { message: `image ${shown} is in a hidden file or folder; those are never published`, hint: 'keep images in a visible folder such as issues/images/' };
  }
  let isLink = false;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch {
    return { message: `image file not found: ${src}`, hint: `looked for ${path}` };
  }
  const real = realOrSelf(path);
  if (!roots.some((r) => inside(realOrSelf(r), real))) {
    return { message: `image ${shown} is a link to a file outside the project folder`, hint: 'copy the image into the project instead of linking to it' };
  }
  const stat = statSync(real, { throwIfNoEntry: false });
  if (!stat) return { message: `image ${shown} is a link to a file that does not exist`, hint: `the link at ${path} points nowhere` };
  if (!stat.isFile()) return { message: `image ${shown} is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}`, hint: 'name the image file itself, e.g. images/photo.jpg' };
  const kind = imageKindOf(readHead(real));
  if (kind === 'svg') {
    return {
      message: `image ${shown} is an SVG drawing: SVG is not accepted`,
      hint: 'Gmail and Outlook do not show SVG in mails, and SVG can carry scripts: export it as PNG',
    };
  }
  if (!kind) {
    return {
      message: `${shown} is not an image: its content is not PNG, JPEG, GIF or WebP${isLink ? ' (it is a link)' : ''}`,
      hint: 'images are recognised by their content, not their name; save the picture as PNG or JPEG',
    };
  }
  return { file: real, kind, size: stat.size };
}

/**
 * The name an image gets in the output: lower-case letters, digits and hyphens, with the
 * extension of its real format; never hidden, never a path.
 * @example safeImageName('/p/issues/images/Straße am Fluß.PNG', 'png') // 'strasse-am-fluss.png'
 */
export function safeImageName(file: string, kind: ImageKind): string {
  const stem = basename(file, extname(file))
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${stem || 'image'}.${EXTENSION[kind]}`;
}
