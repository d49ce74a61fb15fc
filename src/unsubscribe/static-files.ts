import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { IMAGE_CONTENT_TYPES } from '../mime/content-types.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/atom+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  ...IMAGE_CONTENT_TYPES,
  '.pdf': 'application/pdf',
};

/** Archive pages are mails: inline styles, images and web fonts, but never a script or a frame. */
export const ARCHIVE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline' https:; font-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'public, max-age=300',
};

/**
 * The file under `root` that a URL path below the archive names, with its size, or undefined: no `..`,
 * no hidden files, nothing a symlink leads out of `root` to; a folder means its index.html,
 * under the same rule.
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<{ file: string; size: number } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const parts = decoded.split('/').filter((part) => part !== '');
  if (parts.some((part) => part.startsWith('.') || part.includes('\\') || part.includes('\0'))) return undefined;
  try {
    const realRoot = await realpath(resolve(root));
    const inside = (path: string) => path === realRoot || path.startsWith(realRoot + sep);
    let file = await realpath(join(realRoot, ...parts));
    if (!inside(file)) return undefined;
    // a folder's index.html is a file like any other: a symlink may not lead out of the archive either
    if ((await stat(file)).isDirectory()) file = await realpath(join(file, 'index.html'));
    if (!inside(file)) return undefined;
    const found = await stat(file);
    return found.isFile() ? { file, size: found.size } : undefined;
  } catch {
    return undefined;
  }
}

/** Streams a file with its content type and the archive's headers (HEAD: headers only). */
export function sendStaticFile(response: ServerResponse, file: string, size: number, headOnly: boolean): void {
  response.writeHead(200, {
    ...ARCHIVE_HEADERS,
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
  });
  if (headOnly) {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}
