import type { PublishedUrl } from '../archive/published-urls.js';

/** How long one address may take to answer: the whole check is bounded by it (they run side by side). */
export const URL_TIMEOUT_MS = 5_000;

/** What one address answered. */
export interface UrlAnswer extends PublishedUrl {
  ok: boolean;
  /** `HTTP 404`, `no answer within 5 s`, `connection refused`, … */
  problem?: string;
}

/** `NEWSLETTER_SKIP_URL_CHECK=1` or `--skip-url-check`: for test setups whose base_url is not served. */
export function urlCheckSkipped(options: { skipUrlCheck?: boolean }, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (options.skipUrlCheck) return '--skip-url-check';
  const value = env.NEWSLETTER_SKIP_URL_CHECK;
  return value && value !== '0' && value.toLowerCase() !== 'false' ? 'NEWSLETTER_SKIP_URL_CHECK' : undefined;
}

function reason(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = err.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code && /CERT|SSL|TLS/.test(code)) return `TLS failed (${code})`;
  return err.cause?.message ?? err.message ?? String(error);
}

/** GETs every address at once, each bounded by `timeoutMs`; a 2xx answer (after redirects) is fine. */
export async function checkUrls(urls: readonly PublishedUrl[], timeoutMs = URL_TIMEOUT_MS): Promise<UrlAnswer[]> {
  return Promise.all(
    urls.map(async (entry): Promise<UrlAnswer> => {
      try {
        const response = await fetch(entry.url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow', headers: { 'User-Agent': 'newsletter-cli url check' } });
        await response.body?.cancel().catch(() => undefined);
        return response.ok ? { ...entry, ok: true } : { ...entry, ok: false, problem: `HTTP ${response.status}` };
      } catch (error) {
        return { ...entry, ok: false, problem: reason(error, timeoutMs) };
      }
    }),
  );
}

/** `https://x.org/healthz (the endpoint): HTTP 502` */
export function describeAnswer(answer: UrlAnswer): string {
  const what = answer.what === 'endpoint' ? 'the unsubscribe endpoint' : answer.what === 'web version' ? "the issue's web version" : 'an image of the issue';
  return `${answer.url} (${what}): ${answer.problem ?? 'ok'}`;
}
