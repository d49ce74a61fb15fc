import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/types.js';
import { UserError } from '../errors.js';
import type { Issue } from '../issue/types.js';
import { renderIssue } from '../render/render-issue.js';
import type { RenderedIssue } from '../render/types.js';
import type { RenderReply } from './send-render.js';

// The render worker of `send` (see send-render.ts): renders, answers once, and ends.
const { issues, config } = workerData as { issues: Issue[]; config: Config };
let reply: RenderReply;
try {
  const rendered: RenderedIssue[] = [];
  for (const issue of issues) rendered.push(await renderIssue(issue, config));
  reply = { rendered };
} catch (caught) {
  const error = caught instanceof Error ? caught : new Error(String(caught));
  reply = {
    error: {
      name: error.name,
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
      ...(error instanceof UserError ? { problems: error.problems, ...(error.hint ? { hint: error.hint } : {}) } : {}),
    },
  };
}
parentPort!.postMessage(reply);
