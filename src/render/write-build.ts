import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { escapeHtml, fillSlots, placeholderValues } from './personalize.js';
import { prepareImage, type PreparedImage } from './images.js';
import type { PersonalValues, RenderedAsset, RenderedIssue } from './types.js';

/** Gmail shows "[Message clipped]" for HTML above about 102 KB. */
export const GMAIL_CLIP_BYTES = 102 * 1024;

/** What `writeBuild` wrote for one issue in one language (absolute paths). */
export interface BuildOutput {
  id: string;
  lang: string;
  html: string;
  text: string;
  /** Size of index.html in bytes, slots filled as in the file. */
  bytes: number;
  /** Copied local images. */
  assets: string[];
  /** The local images as written: resized and compressed copies of the editor's files. */
  images: BuiltImage[];
}

/** One image beside a built mail. */
export interface BuiltImage {
  /** Absolute path of the written copy. */
  file: string;
  /** The editor's file it was made from (never changed). */
  source: string;
  bytes: number;
  /** Pixel width of the copy, when known. */
  width?: number;
  resized: boolean;
}

/** The built files' contents for one rendered issue: fallbacks filled, local images made relative. */
export function buildFiles(rendered: RenderedIssue, values: PersonalValues = placeholderValues()): { html: string; text: string } {
  let html = fillSlots(rendered.html, values, 'html');
  for (const asset of rendered.assets) {
    // the sent mail links images under base_url; the built file sits beside its copies
    if (asset.url) html = html.split(`"${escapeHtml(asset.url)}"`).join(`"${escapeHtml(encodeURIComponent(asset.name))}"`);
  }
  return { html, text: fillSlots(rendered.text, values, 'text') };
}

/** Writes a file whole or not at all: a temp file beside it, then a rename. */
export async function writeAtomically(file: string, data: string | Buffer): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Writes `outDir/<id>/<lang>/index.html` and `index.txt` (and copies local images beside
 * them) for issues that all rendered without error. Each file appears whole or not at all
 * (temp file + rename); the same input gives the same bytes.
 */
export async function writeBuild(
  rendered: RenderedIssue[],
  outDir: string,
  values: (r: RenderedIssue) => PersonalValues = placeholderValues,
  options: { imageCacheDir?: string } = {},
): Promise<BuildOutput[]> {
  // everything in memory first: an error here leaves no half-written build
  const planned = [];
  // the languages of an issue share their images: each file is read and prepared once per build
  const prepared = new Map<string, Promise<PreparedImage>>();
  for (const r of rendered) {
    const images = [];
    for (const asset of r.assets) {
      const key = `${asset.source}\0${asset.kind ?? ''}\0${asset.width ?? ''}`;
      if (!prepared.has(key)) prepared.set(key, prepareAsset(asset, options.imageCacheDir));
      images.push({ asset, ...(await prepared.get(key)!) });
    }
    planned.push({ rendered: r, dir: resolve(outDir, r.id, r.lang), images, ...buildFiles(r, values(r)) });
  }
  const outputs: BuildOutput[] = [];
  for (const { rendered: r, dir, html, text, images } of planned) {
    await mkdir(dir, { recursive: true });
    const htmlFile = join(dir, 'index.html');
    const textFile = join(dir, 'index.txt');
    const built: BuiltImage[] = [];
    for (const { asset, data, width, resized } of images) {
      const target = join(dir, asset.name);
      await writeAtomically(target, data);
      built.push({ file: target, source: asset.source, bytes: data.length, ...(width ? { width } : {}), resized });
    }
    await writeAtomically(textFile, text);
    await writeAtomically(htmlFile, html);
    outputs.push({ id: r.id, lang: r.lang, html: htmlFile, text: textFile, bytes: Buffer.byteLength(html), assets: built.map((b) => b.file), images: built });
  }
  return outputs;
}

/**
 * An asset's bytes as the mail should carry them: resized and compressed when it is an image
 * of known width. With `cacheDir`, a copy made by an earlier build of the same image at the
 * same width is taken from there (compressing is the slow part of a build, and loading the
 * image library the slow part of starting one); the cache is only a shortcut, so a cache that
 * cannot be read or written is passed by.
 */
async function prepareAsset(asset: RenderedAsset, cacheDir?: string): Promise<PreparedImage> {
  const bytes = await readFile(asset.source);
  if (!asset.kind || !asset.width || asset.kind === 'gif') return { data: bytes, resized: false };
  if (!cacheDir) return prepareImage(bytes, asset.kind, asset.width);
  const entry = join(cacheDir, `${IMAGE_CACHE_VERSION}-${createHash('sha256').update(bytes).digest('hex')}-${asset.kind}-${asset.width}`);
  const cached = await readFile(`${entry}.json`, 'utf8')
    .then(async (text) => {
      const meta = JSON.parse(text) as { width?: number; resized: boolean; kept: boolean };
      return { data: meta.kept ? bytes : await readFile(`${entry}.bin`), resized: meta.resized, ...(meta.width ? { width: meta.width } : {}) };
    })
    .catch(() => undefined);
  if (cached) return cached;
  const made = await prepareImage(bytes, asset.kind, asset.width);
  const kept = made.data === bytes;
  await mkdir(cacheDir, { recursive: true })
    .then(() => (kept ? undefined : writeAtomically(`${entry}.bin`, made.data)))
    // the .json last: it says the entry is whole
    .then(() => writeAtomically(`${entry}.json`, JSON.stringify({ ...(made.width ? { width: made.width } : {}), resized: made.resized, kept })))
    .catch(() => undefined);
  return made;
}

/** Goes up when prepareImage makes different copies: older entries are then never read. */
const IMAGE_CACHE_VERSION = 'v1';
