import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Mailbox, MailboxMessage } from './mailbox.js';

/**
 * An mbox file (mboxrd and mboxo): messages start at lines beginning `From `; a `>From `
 * quoted in a body loses one `>`. Read-only: rewriting the file could lose mail that a
 * mail server appends meanwhile.
 */
export function openMbox(file: string): Mailbox {
  async function* split(): AsyncGenerator<MailboxMessage> {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'latin1' }), crlfDelay: Infinity });
    let current: string[] | undefined;
    let index = 0;
    let previousBlank = true;
    for await (const line of lines) {
      if (line.startsWith('From ') && previousBlank) {
        if (current) yield { id: `${file}#${++index}`, raw: toMessage(current) };
        current = [];
      } else if (current) {
        current.push(/^>+From /.test(line) ? line.slice(1) : line);
      }
      previousBlank = line.trim() === '';
    }
    if (current) yield { id: `${file}#${++index}`, raw: toMessage(current) };
  }
  return {
    description: file,
    movesProcessed: false,
    async count() {
      let n = 0;
      for await (const _ of split()) n++;
      return n;
    },
    messages: split,
    async markProcessed() {},
    async close() {},
  };
}

function toMessage(lines: string[]): Buffer {
  // the blank line before the next "From " belongs to the mbox, not the message
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  // latin1 both ways: the bytes stay as they were, whatever the message's charset
  return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
}
