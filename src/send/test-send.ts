import type { Config } from '../config/types.js';
import type { RenderedIssue } from '../render/types.js';
import { normalizeAddress } from '../subscribers/email-address.js';
import type { SubscriberList } from '../subscribers/types.js';
import type { Keyring } from '../unsubscribe/keyring.js';
import type { DkimSigner } from './dkim.js';
import { createMessageComposer, newMessageId, senderOf } from './message.js';
import type { Target } from './target.js';
import { failureOf } from './transport-error.js';
import type { PlannedRecipient, TransportFailure } from './types.js';

/** `--test ADDR…`: who gets a test message, per address and language. */
export interface TestSendPlan {
  /** One per address and language, in the order given. */
  recipients: PlannedRecipient[];
  /** Addresses that are no address, with the reason. */
  invalid: { value: string; reason: string }[];
}

/**
 * The test messages of `addresses`: each one as that reader of the list when the address is
 * on it (their fields), else with no personal fields; every language of `languages`. Pure.
 */
export function planTestSend(addresses: readonly string[], list: SubscriberList, languages: readonly string[]): TestSendPlan {
  const recipients: PlannedRecipient[] = [];
  const invalid: TestSendPlan['invalid'] = [];
  for (const value of addresses) {
    const address = normalizeAddress(value);
    if (!address.ok) {
      invalid.push({ value, reason: address.reason });
      continue;
    }
    const subscriber = list.subscribers.find((s) => s.key === address.key) ?? { email: address.email, key: address.key, fields: { email: address.email }, line: 0 };
    for (const lang of languages) recipients.push({ subscriber, lang });
  }
  return { recipients, invalid };
}

/** What became of one test message. */
export interface TestResult {
  email: string;
  lang: string;
  ok: boolean;
  /** The server's reply, or the failure's. */
  reply: string;
  failure?: TransportFailure;
}

export interface TestSendDeps {
  target: Target;
  rendered: RenderedIssue[];
  config: Config;
  keyring: Keyring;
  dkim?: DkimSigner;
}

/**
 * Sends the test messages straight to the transport, outside the journal: the real
 * personalised mail, subject marked `[TEST]`. In the outbox each gets a file name of its own
 * (`test-<lang>-…`), apart from the readers' files. The caller verifies and closes the transport.
 */
export async function sendTestMessages(recipients: readonly PlannedRecipient[], deps: TestSendDeps): Promise<TestResult[]> {
  const compose = createMessageComposer(deps.rendered, deps.config, { keyring: deps.keyring, testMode: true, ...(deps.dkim ? { dkim: deps.dkim } : {}) });
  const domain = senderOf(deps.config).domain;
  const results: TestResult[] = [];
  for (const recipient of recipients) {
    const message = compose(recipient, newMessageId(domain));
    const keyed = deps.target.kind === 'outbox' ? { ...message, key: `test-${recipient.lang}-${message.key}` } : message;
    try {
      const reply = await deps.target.transport.send(keyed);
      results.push({ email: recipient.subscriber.email, lang: recipient.lang, ok: true, reply: reply.response });
    } catch (error) {
      const failure = failureOf(error);
      results.push({ email: recipient.subscriber.email, lang: recipient.lang, ok: false, reply: failure.response ?? failure.message, failure });
    }
  }
  return results;
}
