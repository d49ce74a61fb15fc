// One finished message of the size the senders send, for smtp-source's `-F`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, configArgs, repoRoot } from './example.mjs';
import { runTimed } from './processes.mjs';
import { writeReaderList } from './readers.mjs';

/**
 * Writes a representative message to `ws/sample.eml` and resolves `{ file, bytes, source }`:
 * the German reader's message from `newsletter send --outbox` when that works, else the
 * message nodemailer builds from the baseline's content.
 */
export async function sampleMessage(ws, example, content, secret) {
  const file = ws.path('sample.eml');
  const fromOutbox = await outboxMessage(ws, example, secret);
  if (fromOutbox) {
    // smtp-source -F ends every line with CRLF itself: give it bare LF lines
    writeFileSync(file, fromOutbox.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    return { file, bytes: fromOutbox.length, source: 'newsletter send --outbox' };
  }
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
  const raw = await new MailComposer({
    from: 'Bench Newsletter <news@bench.example>',
    to: 'reader0@bench.example',
    subject: 'Newsletter',
    html: readFileSync(join(content.dir, 'de.html'), 'utf8'),
    text: readFileSync(join(content.dir, 'de.txt'), 'utf8'),
    list: { id: 'Bench <news.bench.example>', unsubscribe: 'https://news.bench.example/u/x' },
  })
    .compile()
    .build();
  writeFileSync(file, raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
  return { file, bytes: raw.length, source: 'nodemailer MailComposer (baseline content)' };
}

async function outboxMessage(ws, example, secret) {
  if (example.missing.length) return null;
  const list = await writeReaderList(ws.path('sample-readers.csv'), 1);
  const outbox = ws.dir('sample-outbox');
  const args = [cliPath, ...configArgs(example), '--state', ws.dir('sample-state'), 'send', example.issueFile, '--to', list, '--outbox', outbox, '--yes'];
  const result = await runTimed(process.execPath, args, { cwd: repoRoot, env: { NEWSLETTER_SECRET: secret }, timeoutMs: 60_000 });
  if (result.code !== 0) return null;
  const eml = findFiles(outbox).find((f) => f.endsWith('.eml'));
  return eml ? readFileSync(eml) : null;
}

function findFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? findFiles(path) : [path];
  });
}
