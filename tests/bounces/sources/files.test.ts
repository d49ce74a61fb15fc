import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openEmlFiles, openStdinMessage } from '../../../src/bounces/sources/files.js';
import { openMaildir } from '../../../src/bounces/sources/maildir.js';
import { openMbox } from '../../../src/bounces/sources/mbox.js';
import type { Mailbox } from '../../../src/bounces/sources/mailbox.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'newsletter-sources-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const message = (subject: string, body = 'text') => `From: a@example.org\r\nSubject: ${subject}\r\n\r\n${body}\r\n`;
async function subjects(mailbox: Mailbox): Promise<string[]> {
  const out: string[] = [];
  for await (const m of mailbox.messages()) out.push(/^Subject: (.*)$/m.exec(m.raw.toString('latin1'))![1].trim());
  return out;
}

describe('Maildir', () => {
  it('reads new/ and cur/ oldest first, and moves only processed messages into .folder/cur with the Seen flag', async () => {
    for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'new', '1606813300.M2P1.host'), message('second'));
    writeFileSync(join(dir, 'cur', '1606813200.M1P1.host:2,F'), message('first'));
    writeFileSync(join(dir, 'new', '1606813400.M3P1.host'), message('third'));
    const mailbox = openMaildir(dir, 'newsletter-processed');
    expect(await mailbox.count()).toBe(3);
    expect(await subjects(mailbox)).toEqual(['first', 'second', 'third']);
    await mailbox.markProcessed(['cur/1606813200.M1P1.host:2,F', 'new/1606813300.M2P1.host']);
    expect(readdirSync(join(dir, '.newsletter-processed', 'cur')).sort()).toEqual(['1606813200.M1P1.host:2,FS', '1606813300.M2P1.host:2,S']);
    expect(readdirSync(join(dir, 'new'))).toEqual(['1606813400.M3P1.host']);
    expect(readdirSync(join(dir, 'cur'))).toEqual([]);
  });
});

describe('mbox', () => {
  it('splits at From_ lines after a blank line, unquotes >From, keeps bytes, and changes nothing', async () => {
    const file = join(dir, 'bounces.mbox');
    const text =
      'From MAILER-DAEMON Tue Dec  1 10:00:00 2020\n' +
      'From: a@example.org\nSubject: one\n\nbody with\n>From the quoted line\n\n' +
      'From someone@example.org Tue Dec  1 11:00:00 2020\n' +
      'From: b@example.org\nSubject: tw\xf6\n\nthe body\nFrom here on no new message: no blank line before it\n';
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const mailbox = openMbox(file);
    expect(await mailbox.count()).toBe(2);
    const raws: Buffer[] = [];
    for await (const m of mailbox.messages()) raws.push(m.raw);
    expect(raws[0].toString()).toBe('From: a@example.org\r\nSubject: one\r\n\r\nbody with\r\nFrom the quoted line\r\n');
    expect(raws[1].toString('latin1')).toContain('Subject: tw\xf6\r\n');
    expect(raws[1].toString()).toContain('From here on no new message');
    await mailbox.markProcessed([`${file}#1`]);
    expect(readFileSync(file, 'latin1')).toBe(text);
  });
});

describe('.eml files and standard input', () => {
  it('reads the files named, and the .eml files of a folder named', async () => {
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'b.eml'), message('b'));
    writeFileSync(join(dir, 'in', 'a.eml'), message('a'));
    writeFileSync(join(dir, 'in', 'notes.txt'), 'not mail');
    writeFileSync(join(dir, 'single.eml'), message('single'));
    expect(await subjects(openEmlFiles([join(dir, 'in'), join(dir, 'single.eml')]))).toEqual(['a', 'b', 'single']);
  });

  it('reads one message from a stream, and nothing from an empty one', async () => {
    const one = openStdinMessage(Readable.from([Buffer.from(message('piped'))]));
    expect(await one.count()).toBe(1);
    expect(await subjects(one)).toEqual(['piped']);
    expect(await openStdinMessage(Readable.from([])).count()).toBe(0);
  });
});
