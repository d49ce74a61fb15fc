import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/types.js';
import { UserError } from '../errors.js';
import type { Issue } from '../issue/types.js';
import type { RenderedIssue } from '../render/types.js';
import { heapFlagsAgain } from './small-heap.js';

/** What the render worker posts back: the rendered issues, or the error it met. */
export type RenderReply =
  | { rendered: RenderedIssue[] }
  | { error: { name: string; message: string; hint?: string; problems?: UserError['problems']; stack?: string } };

/** The worker's own file beside this one: the compiled `.js`, absent when tests run the TypeScript sources. */
const WORKER_FILE = fileURLToPath(new URL('./send-render-worker.js', import.meta.url));

/**
 * Renders each issue once, in a worker thread that ends before the first message goes out:
 * MJML and the theme cost about 100 MB of heap to load and run, and a worker's heap is
 * given back whole when it exits, where the main thread's would stay at its high mark for
 * the whole send. In-process when there is no compiled worker (tests on the sources).
 */
export async function renderOffThread(issues: Issue[], config: Config): Promise<RenderedIssue[]> {
  if (!existsSync(WORKER_FILE)) {
    const { renderIssue } = await import('../render/render-issue.js');
    const rendered: RenderedIssue[] = [];
    for (const issue of issues) rendered.push(await renderIssue(issue, config));
    return rendered;
  }
  const reply = await new Promise<RenderReply>((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, {
      workerData: { issues, config },
      // a small young generation: MJML makes much short-lived garbage, and the peak is what counts here
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    let answer: RenderReply | undefined;
    worker.once('message', (message: RenderReply) => (answer = message));
    worker.once('error', reject);
    // wait for the exit, not the message: the point is that the worker's memory is gone
    worker.once('exit', (code) => {
      heapFlagsAgain();
      if (answer) resolve(answer);
      else reject(new Error(`the render worker stopped (exit code ${code}) without an answer`));
    });
  });
  if ('rendered' in reply) return reply.rendered;
  const { error } = reply;
  if (error.name === 'UserError') {
    throw new UserError(error.message, { ...(error.hint ? { hint: error.hint } : {}), problems: error.problems ?? [] });
  }
  throw Object.assign(new Error(error.message), { name: error.name, stack: error.stack });
}
