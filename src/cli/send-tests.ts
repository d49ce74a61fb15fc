import type { Config } from '../config/types.js';
import { UserError } from '../errors.js';
import type { RenderedIssue } from '../render/types.js';
import type { DkimSigner } from '../send/dkim.js';
import { createMessageComposer, newMessageId, senderOf } from '../send/message.js';
import { isLoginFailure } from '../send/classify.js';
import { failureOf } from '../send/transport-error.js';
import type { PlannedRecipient, TransportFailure } from '../send/types.js';
import { normalizeAddress } from '../subscribers/email-address.js';
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
 * `--test ADDR…`: the real personalised mail (as that reader of the list when the address
 * is on it), every language, subject marked [TEST]; straight to the transport, outside the journal.
 */
export async function sendTests(addresses: string[], context: TestContext): Promise<number> {
  const recipients: PlannedRecipient[] = [];
  for (const value of addresses) {
    const address = normalizeAddress(value);
    if (!address.ok) throw new UserError(`--test ${value}: ${address.reason}`);
    const subscriber = context.list.subscribers.find((s) => s.key === address.key) ?? { email: address.email, key: address.key, fields: { email: address.email }, line: 0 };
    for (const rendered of context.rendered) recipients.push({ subscriber, lang: rendered.lang });
  }
  await verifyServer(context.target);
  const compose = createMessageComposer(context.rendered, context.config, { keyring: context.keyring, testMode: true, ...(context.dkim ? { dkim: context.dkim } : {}) });
  const domain = senderOf(context.config).domain;
  const results: { email: string; lang: string; ok: boolean; reply: string }[] = [];
  const failures: TransportFailure[] = [];
  for (const recipient of recipients) {
    const message = compose(recipient, newMessageId(domain));
    // in the outbox a test gets a name of its own per language, apart from the readers' files
    const keyed = context.target.kind === 'outbox' ? { ...message, key: `test-${recipient.lang}-${message.key}` } : message;
    try {
      const reply = await context.target.transport.send(keyed);
      results.push({ email: recipient.subscriber.email, lang: recipient.lang, ok: true, reply: reply.response });
    } catch (error) {
      const failure = failureOf(error);
      failures.push(failure);
      results.push({ email: recipient.subscriber.email, lang: recipient.lang, ok: false, reply: failure.response ?? failure.message });
    }
  }
  await context.target.transport.close().catch(() => undefined);
  const failed = results.filter((r) => !r.ok);
  const loginFailed = failures.some(isLoginFailure);
  if (context.json) {
    printJson({ issue: context.issueId, test: true, destination: context.target.transport.destination, sent: results.length - failed.length, failed: failed.length, results });
  } else {
    for (const r of results) say(`${r.ok ? 'sent' : 'FAILED'} [TEST] ${r.lang} → ${r.email}: ${r.reply}`);
    if (loginFailed && context.target.kind === 'smtp') say(`The server refused the login or asked for one: ${loginAdvice(context.target.url)}.`);
    say(`Test ${results.length === 1 ? 'message' : 'messages'} sent outside the journal: the real send will still go to everyone.`);
  }
  return failed.length === 0 ? 0 : 1;
}
