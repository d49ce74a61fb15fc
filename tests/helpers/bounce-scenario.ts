/**
 * The bounce scenario of the acceptance test: an issue sent with a return path through a
 * relay that accepts everything, then what comes back for some readers — hard, soft,
 * delayed, a 5.7.1 block, a complaint, an out-of-office reply, a person's reply, a forged
 * bounce for an address never mailed, a DSN whose VERP token was cut off, a guessed bounce
 * and a mailto unsubscribe — as raw messages, with what `newsletter bounces` must make of them.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { bounceFixture, type BounceFixtureName } from './bounce-fixtures.js';
import { ISSUE, exampleProject, newsletter } from './send-fixtures.js';
import type { SinkMessage, SmtpSink } from './smtp-sink.js';

export const RETURN_PATH = 'bounces@news.example.org';

/** Readers of the scenario, all mailed; each has a part below. */
export const READERS = {
  hard: 'gone@example.com',
  disabled: 'closed@example.net',
  cutOff: 'moved-away@example.com',
  guessed: 'old-host-user@example.org',
  soft: 'full-box@example.com',
  delayed: 'slow-server@example.net',
  policy: 'strict-filter@example.com',
  complaint: 'annoyed@example.net',
  outOfOffice: 'holiday@example.com',
  reply: 'curious@example.org',
  unsubscribe: 'leaving@example.com',
  quiet: 'happy@example.org',
} as const;

export const STRANGER = 'never-mailed@example.org';

export const EXPECTED = {
  suppressed: {
    [READERS.hard]: 'bounced',
    [READERS.disabled]: 'bounced',
    [READERS.cutOff]: 'bounced',
    [READERS.guessed]: 'bounced',
    [READERS.complaint]: 'complained',
    [READERS.unsubscribe]: 'unsubscribed',
  } as Record<string, string>,
  counts: { bounced: 4, complained: 1, unsubscribed: 1, soft: 1, 'soft-limit': 0, delayed: 1, sender: 1, delivered: 0, 'left-alone': 2, unmatched: 1 },
  /** Subjects of the messages that must stay in the inbox, unread. */
  untouched: ['Out of office: Cities in Dialogue No. 34', 'Re: Cities in Dialogue No. 34', 'Undelivered Mail Returned to Sender'],
};

/** A project with `return_path` and the scenario's readers (all German). */
export function bounceProject(): string {
  const csv = ['email,first_name,language', ...Object.values(READERS).map((email, i) => `${email},Reader${i},de`), ''].join('\n');
  const dir = exampleProject(csv);
  appendFileSync(join(dir, 'newsletter.config.yaml'), `\nreturn_path: ${RETURN_PATH}\n`);
  return dir;
}

/** Sends the issue to every reader through the sink; the messages as the sink saw them, by recipient. */
export async function sendScenario(dir: string, sink: SmtpSink): Promise<Map<string, SinkMessage>> {
  const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--json']);
  if (result.code !== 0) throw new Error(`the scenario's send failed:\n${result.stdout}\n${result.stderr}`);
  const byReader = new Map<string, SinkMessage>();
  for (const message of sink.messages) byReader.set(message.to[0], message);
  return byReader;
}

/** What comes back, oldest first: one raw message each. */
export function scenarioMessages(sent: Map<string, SinkMessage>): Buffer[] {
  const about = (name: BounceFixtureName, reader: string, to?: string) => {
    const message = sent.get(reader);
    if (!message) throw new Error(`the scenario's send did not reach ${reader}`);
    return bounceFixture(name, { to: to ?? message.from, recipient: reader, message_id: message.messageId! });
  };
  const cut = sent.get(READERS.cutOff)!.from.replace(/(\+[a-z2-7]{20})[a-z2-7]+@/, '$1@');
  const unsubscribeTo = sent.get(READERS.unsubscribe)!.from.replace('bounces+', 'bounces+u-');
  return [
    about('hard-5.1.1', READERS.hard),
    about('disabled-5.2.1', READERS.disabled),
    about('hard-5.1.1', READERS.cutOff, cut),
    about('guessed-plain-text', READERS.guessed),
    about('soft-4.2.2', READERS.soft),
    about('delayed', READERS.delayed),
    about('policy-5.7.1', READERS.policy),
    about('complaint-arf', READERS.complaint),
    about('out-of-office', READERS.outOfOffice),
    about('human-reply', READERS.reply),
    bounceFixture('hard-5.1.1', { to: RETURN_PATH, recipient: STRANGER, message_id: '<lz0forged.00000000-0000-4000-8000-000000000001@example.org>' }),
    about('unsubscribe-mailto', READERS.unsubscribe, unsubscribeTo),
  ];
}
