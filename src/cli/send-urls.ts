import { join } from 'node:path';
import { publishedUrls } from '../archive/published-urls.js';
import type { Config } from '../config/types.js';
import { UserError } from '../errors.js';
import type { RenderedIssue } from '../render/types.js';
import { displayPath } from '../source/paths.js';
import { note } from './output.js';
import { checkUrls, describeAnswer, urlCheckSkipped, URL_TIMEOUT_MS } from './url-check.js';

/**
 * Before a real send: the mails link their images and web version under
 * `<base_url>/archive/` and their unsubscribe links under `base_url`, so publish the issue's
 * web version into the project's archive folder (which `newsletter serve` serves) and check
 * that every one of those addresses answers; refuse to start while one does not.
 */
export async function publishBeforeSending(config: Config, rendered: RenderedIssue[], options: { skipUrlCheck?: boolean }): Promise<void> {
  const skipped = urlCheckSkipped(options);
  if (skipped) {
    note(`note: URL check skipped (${skipped}): nothing made sure that ${config.base_url} serves these mails' images, web version and unsubscribe links`);
    return;
  }
  const outDir = join(config.dir, 'dist', 'archive');
  // imported only here: the archive's page code (Handlebars, the theme) costs a send about 4 MB
  // of memory for its whole run, which sends that publish nothing (--skip-url-check) are spared
  const { writeIssuePages } = await import('../archive/build-archive.js');
  const written = await writeIssuePages(rendered, outDir);
  note(`published the web version: ${displayPath(join(outDir, rendered[0].id))}/ (${written.map((o) => o.lang).join(', ')})`);
  const failed = (await checkUrls(publishedUrls(config, rendered))).filter((answer) => !answer.ok);
  if (failed.length === 0) return;
  throw new UserError(
    `not sending: the mails would point at addresses that do not answer (each given ${URL_TIMEOUT_MS / 1000} s):\n${failed.map((a) => `  ${describeAnswer(a)}`).join('\n')}`,
    {
      hint:
        `"newsletter serve" must answer at ${config.base_url} and serve ${displayPath(outDir)}/ under /archive/ (or publish that folder there yourself); ` +
        'for a test setup whose base_url is not served, add --skip-url-check',
    },
  );
}
