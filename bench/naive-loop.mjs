// The baseline: what most Node code does to send a newsletter. A pooled nodemailer
// transport, sendMail() with html/text/list per recipient (nodemailer builds the MIME
// each time), a bounded number of messages in flight. Run as its own process by the
// bench: `node bench/naive-loop.mjs --port P --list readers.csv --content DIR --concurrency 4`,
// where DIR holds <lang>.html and <lang>.txt. Prints one JSON line: {sent, failed, ms}.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import { parse } from 'csv-parse/sync';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    list: { type: 'string' },
    content: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    subject: { type: 'string', default: 'Newsletter' },
  },
});
const started = performance.now();
const concurrency = Number(values.concurrency);
const content = {};
for (const lang of ['de', 'en']) {
  content[lang] = {
    html: readFileSync(join(values.content, `${lang}.html`), 'utf8'),
    text: readFileSync(join(values.content, `${lang}.txt`), 'utf8'),
  };
}
const readers = parse(readFileSync(values.list), { columns: true, skip_empty_lines: true });

const transporter = nodemailer.createTransport({
  pool: true,
  host: '127.0.0.1',
  port: Number(values.port),
  secure: false,
  ignoreTLS: true,
  maxConnections: concurrency,
});

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
let sent = 0;
let failed = 0;
let inFlight = 0;
let wake = null;

async function sendOne(reader) {
  const lang = reader.language?.toLowerCase().startsWith('en') ? 'en' : 'de';
  const unsubscribe = `https://news.bench.example/u/${Buffer.from(reader.email).toString('base64url')}`;
  const hello = lang === 'de' ? `Hallo ${reader.first_name}` : `Hello ${reader.first_name}`;
  try {
    await transporter.sendMail({
      from: 'Bench Newsletter <news@bench.example>',
      to: reader.email,
      subject: values.subject,
      html: content[lang].html.replace('<body', `<!-- ${escapeHtml(hello)} --><body`) + `<a href="${unsubscribe}">unsubscribe</a>`,
      text: `${hello}\n\n${content[lang].text}\n\nUnsubscribe: ${unsubscribe}\n`,
      list: { id: 'Bench <news.bench.example>', unsubscribe },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    sent++;
  } catch {
    failed++;
  }
}

// at most twice the connections in flight: the pool always has work, memory stays flat
const limit = concurrency * 2;
const pending = new Set();
for (const reader of readers) {
  while (inFlight >= limit) await new Promise((resolve) => (wake = resolve));
  inFlight++;
  const p = sendOne(reader).finally(() => {
    inFlight--;
    pending.delete(p);
    wake?.();
  });
  pending.add(p);
}
await Promise.all(pending);
transporter.close();
process.stdout.write(`${JSON.stringify({ sent, failed, ms: performance.now() - started })}\n`);
