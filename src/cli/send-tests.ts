import { relative } from 'node:path';
import type { Config } from '../config/types.js';
import { UserError } from '../errors.js';
import type { RenderedIssue } from '../render/types.js';
import type { DkimSigner } from '../send/dkim.js';
import { isLoginFailure } from '../send/classify.js';
import { planTestSend, sendTestMessages, testSuppressions } from '../send/test-send.js';
import type { StateLocation } from '../state/state-location.js';
import { suppressionKind, type SuppressionEntry } from '../state/types.js';
import type { SubscriberList } from '../subscribers/types.js';
import type { Keyring } from '../unsubscribe/keyring.js';
import { note, printJson, say, warn } from './output.js';
import { loginAdvice, verifyServer, type Target } from './send-setup.js';
import { openCliState } from './state.js';

export interface TestContext {
  config: Config;
  list: SubscriberList;
  rendered: RenderedIssue[];
  keyring: Keyring;
  dkim?: DkimSigner;
  target: Target;
  json: boolean;
  issueId: string;
  /** `--as`: whose personalised mail the test addresses get. */
  as?: string;
  /** The state whose suppression list a test honours too. */
  location: StateLocation;
}

/** `on the suppression list since 2026-11-29 (unsubscribed: one-click)`. */
function suppressedText(entry: SuppressionEntry): string {
  const kind = suppressionKind(entry.reason);
  return `on the suppression list since ${entry.createdAt.slice(0, 10)} (${kind}${entry.reason !== kind ? `: ${entry.reason}` : ''}${entry.listId ? `, list ${entry.listId}` : ''})`;
}

/**
 * `--test ADDR… [--as READER]`: the send stage's test send (planTestSend, sendTestMessages),
 * told to the editor: one line per message, or the JSON document. An address on the
 * suppression list is refused with the way back; nothing sent at all is exit 1.
 */
export async function sendTests(addresses: string[], context: TestContext): Promise<number> {
  const listName = relative(process.cwd(), context.list.file) || context.list.file;
  const state = await openCliState(context.location, { existingOnly: true, readOnly: true });
  const suppressed = state
    ? await testSuppressions(state.suppression, [...addresses, ...(context.as ? [context.as] : [])], context.config.list_id).finally(() => state.close())
    : new Map<string, SuppressionEntry>();
  const plan = planTestSend({
    addresses,
    list: context.list,
    languages: context.rendered.map((r) => r.lang),
    defaultLanguage: context.config.default_language,
    ...(context.as !== undefined ? { as: context.as } : {}),
    suppressed,
  });
  if (plan.asMissing) {
    const { value, reason, suggestion } = plan.asMissing;
    throw new UserError(`--as ${value}: ${reason ?? `no reader of ${listName} has this address`}; nothing was sent`, {
      hint: suggestion ? `did you mean ${suggestion}?` : `--as names a reader of the --to list (${listName}) whose mail the test addresses get`,
    });
  }
  if (plan.invalid.length > 0) throw new UserError(`--test ${plan.invalid[0].value}: ${plan.invalid[0].reason}`);
  for (const { email, entry } of plan.refused) {
    warn(`not sending the test to ${email}: it is ${suppressedText(entry)}. If that is a mistake, "newsletter subscribers restore ${email}" takes it off (then it gets the real send too)`);
  }
  if (plan.as?.suppressed) {
    note(`note: ${plan.as.subscriber.email} is ${suppressedText(plan.as.suppressed)}: the real send skips them; the test shows their mail all the same`);
  }
  const refused = plan.refused.map(({ email, entry }) => ({ email, reason: entry.reason, since: entry.createdAt }));
  if (plan.recipients.length === 0) {
    if (context.json) printJson({ issue: context.issueId, test: true, destination: context.target.transport.destination, sent: 0, failed: 0, results: [], refused });
    else say('Nothing was sent: every test address is on the suppression list.');
    await context.target.transport.close().catch(() => undefined);
    return 1;
  }
  await verifyServer(context.target);
  const results = await sendTestMessages(plan.recipients, context);
  await context.target.transport.close().catch(() => undefined);
  const failed = results.filter((r) => !r.ok);
  const loginFailed = results.some((r) => r.failure && isLoginFailure(r.failure));
  if (context.json) {
    const listed = results.map(({ email, lang, as, ok, reply }) => ({ email, lang, ...(as ? { as } : {}), ok, reply }));
    printJson({ issue: context.issueId, test: true, destination: context.target.transport.destination, sent: results.length - failed.length, failed: failed.length, results: listed, ...(refused.length > 0 ? { refused } : {}) });
  } else {
    for (const r of results) say(`${r.ok ? 'sent' : 'FAILED'} [TEST] ${r.lang} → ${r.email}${r.as ? ` (as ${r.as})` : ''}: ${r.reply}`);
    if (loginFailed && context.target.kind === 'smtp') say(`The server refused the login or asked for one: ${loginAdvice(context.target.url)}.`);
    if (plan.as) say(`The unsubscribe link in ${results.length === 1 ? 'it' : 'them'} belongs to the address it went to, never to ${plan.as.subscriber.email}.`);
    say(`Test ${results.length === 1 ? 'message' : 'messages'} sent outside the journal: the real send will still go to everyone.`);
  }
  return failed.length === 0 ? 0 : 1;
}
