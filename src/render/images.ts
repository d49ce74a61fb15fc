/**
 * Images as the mail carries them: resized to twice the width they are shown at (sharp on
 * high-density screens, no more) and compressed, at build time. The editor's file is never
 * changed; only the copy beside the built mail is.
 */
import { createHash } from 'node:crypto';
import type { ImageKind } from '../source/image-file.js';

/** Above this, one image slows the mail down noticeably on a phone: a warning. */
export const IMAGE_BUDGET_BYTES = 200 * 1024;

/** A prepared copy of an image. */
export interface PreparedImage {
  data: Buffer;
  /** Pixel width of the copy (of the original when it was not resized). */
  width?: number;
  resized: boolean;
}

/**
 * Resizes `bytes` to at most `displayWidth` × 2 pixels wide and compresses it in its own
 * format (JPEG with mozjpeg, PNG to a palette like pngquant, WebP); EXIF data goes, the
 * orientation is applied first. GIFs stay as they are (they may be animated). A copy that
 * would come out larger than the original is not used.
 * @example await prepareImage(readFileSync('photo.jpg'), 'jpeg', 536) // ≤ 1072 px wide
 */
export function prepareImage(bytes: Buffer, kind: ImageKind, displayWidth: number): Promise<PreparedImage> {
  if (kind === 'gif') return Promise.resolve({ data: bytes, resized: false });
  // the same image at the same width comes out the same: both languages of a build, and every
  // rebuild of `--watch` and the preview, share one copy instead of compressing it again
  const key = `${kind}:${displayWidth}:${createHash('sha256').update(bytes).digest('hex')}`;
  let copy = prepared.get(key);
  if (!copy) {
    copy = compress(bytes, kind, displayWidth);
    copy.catch(() => prepared.delete(key));
    prepared.set(key, copy);
    if (prepared.size > MEMO_ENTRIES) prepared.delete(prepared.keys().next().value!);
  }
  return copy;
}

/** Copies made in this process, by kind, width and content; the oldest go first. */
const prepared = new Map<string, Promise<PreparedImage>>();
const MEMO_ENTRIES = 64;

async function compress(bytes: Buffer, kind: Exclude<ImageKind, 'gif'>, displayWidth: number): Promise<PreparedImage> {
  const { default: sharp } = await import('sharp');
  const maxWidth = Math.max(1, Math.round(displayWidth * 2));
  const image = sharp(bytes, { failOn: 'error' }).rotate();
  const { width } = await image.metadata();
  const resize = width !== undefined && width > maxWidth;
  const pipeline = resize ? image.resize({ width: maxWidth, withoutEnlargement: true }) : image;
  const encoded =
    kind === 'jpeg'
      ? pipeline.jpeg({ quality: 80, mozjpeg: true })
      : kind === 'png'
        ? pipeline.png({ compressionLevel: 9, palette: true, quality: 90, effort: 7 })
        : pipeline.webp({ quality: 80 });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  if (!resize && data.length >= bytes.length) return { data: bytes, ...(width ? { width } : {}), resized: false };
  return { data, width: info.width, resized: resize };
}
