import type { Config } from '../config/types.js';
import type { RenderedIssue } from '../render/types.js';

/** One public address a sent mail depends on, and what it is, in the editor's words. */
export interface PublishedUrl {
  url: string;
  what: 'endpoint' | 'web version' | 'image';
}

/**
 * The addresses under `base_url` the mails of an issue rely on: the endpoint's `/healthz`
 * (the unsubscribe links), the issue's web version in the archive, and one of its images
 * (every local image is linked there). Pure: the caller fetches them.
 * `publishedUrls(config, [rendered])` → `[{url: 'https://x.org/healthz', what: 'endpoint'}, …]`
 */
export function publishedUrls(config: Pick<Config, 'base_url'>, rendered: readonly Pick<RenderedIssue, 'id' | 'lang' | 'assets'>[]): PublishedUrl[] {
  const urls: PublishedUrl[] = [{ url: `${config.base_url}/healthz`, what: 'endpoint' }];
  const first = rendered[0];
  if (!first) return urls;
  urls.push({ url: `${config.base_url}/archive/${first.id}/${first.lang}/`, what: 'web version' });
  const image = rendered.flatMap((r) => r.assets).find((asset) => asset.url?.startsWith(`${config.base_url}/`));
  if (image?.url) urls.push({ url: image.url, what: 'image' });
  return urls;
}
