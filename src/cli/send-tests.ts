import type { Config } from '../config/types.js';
import { UserError } from '../errors.js';
import type { RenderedIssue } from '../render/types.js';
import type { DkimSigner } from '../send/dkim.js';
import { isLoginFailure } from '../send/classify.js';
import { planTestSend, sendTestMessages } from '../send/test-send.js';
import type { SubscriberList } from '../subscribers/types.js';
import type { Keyring } from '../unsubscribe/keyring.js';
import { printJson, say } from './output.js';
import { loginAdvice, verifyServer, type Target } from './send-setup.js';

export interface TestContext {
  config: Config;
  list: SubscriberList;
  rendered: RenderedIssue[];
  keyring: Keyring;
  dkim?: DkimSigner;
  target: Target;
  json: boolean;
  issueId: string;
}

/**
 * `--test ADDR…`: the send stage's test send (planTestSend, sendTestMessages), told to the
 * editor: one line per message, or the JSON document.
 */
export async function sendTests(addresses: string[], context: TestContext): Promise<number> {
  const { recipients, invalid } = planTestSend(addresses, context.list, context.rendered.map((r) => r.lang));
  if (invalid.length > 0) throw new UserError(`--test ${invalid[0].value}: ${invalid[0].reason}`);
  await verifyServer(context.target);
  const results = await sendTestMessages(recipients, context);
  await context.target.transport.close().catch(() => undefined);
  const failed = results.filter((r) => !r.ok);
  const loginFailed = results.some((r) => r.failure && isLoginFailure(r.failure));
  if (context.json) {
    const listed = results.map(({ email, lang, ok, reply }) => ({ email, lang, ok, reply }));
    printJson({ issue: context.issueId, test: true, destination: context.target.transport.destination, sent: results.length - failed.length, failed: failed.length, results: listed });
  } else {
    for (const r of results) say(`${r.ok ? 'sent' : 'FAILED'} [TEST] ${r.lang} → ${r.email}: ${r.reply}`);
    if (loginFailed && context.target.kind === 'smtp') say(`The server refused the login or asked for one: ${loginAdvice(context.target.url)}.`);
    say(`Test ${results.length === 1 ? 'message' : 'messages'} sent outside the journal: the real send will still go to everyone.`);
  }
  return failed.length === 0 ? 0 : 1;
}
