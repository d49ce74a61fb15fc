import type { Config } from '../config/types.js';
import type { RenderedIssue } from '../render/types.js';
import { didYouMean } from '../source/did-you-mean.js';
import type { SuppressionEntry, SuppressionStore } from '../state/types.js';
import { normalizeAddress } from '../subscribers/email-address.js';
import { matchLanguage } from '../subscribers/match-language.js';
import type { Subscriber, SubscriberList } from '../subscribers/types.js';
import type { Keyring } from '../unsubscribe/keyring.js';
import type { DkimSigner } from './dkim.js';
import { createMessageComposer, newMessageId, senderOf } from './message.js';
import type { Target } from './target.js';
import { failureOf } from './transport-error.js';
import type { PlannedRecipient, TransportFailure } from './types.js';

/** What a test send is asked to do: `--test ADDR… [--as READER]`. */
export interface TestSendInput {
  /** Where the test messages go, as given. */
  addresses: readonly string[];
  list: SubscriberList;
  /** The rendered languages, in the set's order (`--lang` narrows them to one). */
  languages: readonly string[];
  /** The config's `default_language`: a reader's language the issue lacks becomes this one. */
  defaultLanguage: string;
  /** `--as`: the reader of the list whose personalised mail the addresses get. */
  as?: string;
  /** The suppression entries of the addresses and the `--as` reader, by key (see `testSuppressions`). */
  suppressed?: ReadonlyMap<string, SuppressionEntry>;
}

/** `--test ADDR…`: who gets a test message, per address and language, and who is refused. */
export interface TestSendPlan {
  /** One per address and language, in the order given. */
  recipients: PlannedRecipient[];
  /** Addresses that are no address, with the reason. */
  invalid: { value: string; reason: string }[];
  /** Addresses on the suppression list: they get no test either. */
  refused: { email: string; entry: SuppressionEntry }[];
  /** The `--as` reader, their language, and their own suppression entry (a real send skips them). */
  as?: { subscriber: Subscriber; lang: string; suppressed?: SuppressionEntry };
  /** `--as` named nobody of the list: the closest address, when one is close. */
  asMissing?: { value: string; reason?: string; suggestion?: string };
}

/**
 * The test messages, pure: each address gets the mail of the `--as` reader in that
 * reader's language (as the preview shows it), or, without `--as`, the mail of the list's
 * reader with that address (else no personal fields) in every language. An address on the
 * suppression list is refused, never mailed.
 */
export function planTestSend(input: TestSendInput): TestSendPlan {
  const plan: TestSendPlan = { recipients: [], invalid: [], refused: [] };
  const suppressed = input.suppressed ?? new Map<string, SuppressionEntry>();
  if (input.as !== undefined) {
    const wanted = normalizeAddress(input.as);
    const subscriber = wanted.ok ? input.list.subscribers.find((s) => s.key === wanted.key) : undefined;
    if (!subscriber) {
      const suggestion = didYouMean(wanted.ok ? wanted.key : input.as.trim().toLowerCase(), input.list.subscribers.map((s) => s.key));
      plan.asMissing = { value: input.as, ...(wanted.ok ? {} : { reason: wanted.reason }), ...(suggestion ? { suggestion } : {}) };
      return plan;
    }
    const fallback = input.languages.includes(input.defaultLanguage) ? input.defaultLanguage : input.languages[0];
    const own = suppressed.get(subscriber.key);
    plan.as = { subscriber, lang: matchLanguage(subscriber.language, [...input.languages], fallback), ...(own ? { suppressed: own } : {}) };
  }
  for (const value of input.addresses) {
    const address = normalizeAddress(value);
    if (!address.ok) {
      plan.invalid.push({ value, reason: address.reason });
      continue;
    }
    const entry = suppressed.get(address.key);
    if (entry) {
      plan.refused.push({ email: address.email, entry });
      continue;
    }
    if (plan.as) {
      const deliverTo = address.key === plan.as.subscriber.key ? {} : { deliverTo: { email: address.email, key: address.key } };
      plan.recipients.push({ subscriber: plan.as.subscriber, lang: plan.as.lang, ...deliverTo });
      continue;
    }
    const subscriber = input.list.subscribers.find((s) => s.key === address.key) ?? { email: address.email, key: address.key, fields: { email: address.email }, line: 0 };
    for (const lang of input.languages) plan.recipients.push({ subscriber, lang });
  }
  return plan;
}

/** The suppression entries that stop mail to these addresses on `listId` (global ones first), by key: what planTestSend needs. */
export async function testSuppressions(store: SuppressionStore, addresses: readonly string[], listId?: string): Promise<Map<string, SuppressionEntry>> {
  const found = new Map<string, SuppressionEntry>();
  for (const value of addresses) {
    const address = normalizeAddress(value);
    if (!address.ok || found.has(address.key)) continue;
    const entry = await store.get(address.email, listId);
    if (entry) found.set(address.key, entry);
  }
  return found;
}

/** What became of one test message. */
export interface TestResult {
  /** Where the message went. */
  email: string;
  lang: string;
  /** `--as`: whose mail it was. */
  as?: string;
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
    const email = (recipient.deliverTo ?? recipient.subscriber).email;
    const as = recipient.deliverTo ? { as: recipient.subscriber.email } : {};
    try {
      const reply = await deps.target.transport.send(keyed);
      results.push({ email, lang: recipient.lang, ...as, ok: true, reply: reply.response });
    } catch (error) {
      const failure = failureOf(error);
      results.push({ email, lang: recipient.lang, ...as, ok: false, reply: failure.response ?? failure.message, failure });
    }
  }
  return results;
}
