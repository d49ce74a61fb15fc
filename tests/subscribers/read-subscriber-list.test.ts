import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { readSubscriberList } from '../../src/subscribers/index.js';
import { repoRoot } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'newsletter-csv-'));
let counter = 0;
function csvFile(content: string | Buffer): string {
  const file = join(dir, `list-${++counter}.csv`);
  writeFileSync(file, content);
  return file;
}
const fixture = (name: string) => join(repoRoot, 'tests', 'fixtures', 'csv', name);

interface Case {
  name: string;
  csv: string;
  rows: number;
  emails: string[];
  lines: number[];
  invalid?: [line: number, value: string, reason: string][];
  duplicates?: [line: number, email: string, firstLine: number][];
  columns?: Record<string, string>;
}

const cases: Case[] = [
  { name: 'comma, LF', csv: 'email,name\na@example.org,A\nb@example.org,B\n', rows: 2, emails: ['a@example.org', 'b@example.org'], lines: [2, 3] },
  { name: 'semicolon', csv: 'email;name\na@example.org;Meier, Anna\n', rows: 1, emails: ['a@example.org'], lines: [2] },
  { name: 'tab', csv: 'name\temail\nA, B\ta@example.org\n', rows: 1, emails: ['a@example.org'], lines: [2] },
  { name: 'one column, no delimiter', csv: 'email\na@example.org\nb@example.org', rows: 2, emails: ['a@example.org', 'b@example.org'], lines: [2, 3] },
  { name: 'BOM and CRLF', csv: '\uFEFFemail,name\r\na@example.org,A\r\nb@example.org,B\r\n', rows: 2, emails: ['a@example.org', 'b@example.org'], lines: [2, 3] },
  {
    name: 'quoted delimiter and line breaks keep file line numbers',
    csv: 'email,note\na@example.org,"one, two\nthree\nfour"\nnot-an-address,x\nc@example.org,"x\r\ny"\nd@example.org,z\n',
    rows: 4,
    emails: ['a@example.org', 'c@example.org', 'd@example.org'],
    lines: [2, 6, 8],
    invalid: [[5, 'not-an-address', 'not an email address (expected name@domain)']],
  },
  {
    name: 'blank and whitespace-only lines are not rows',
    csv: 'email,name\n\na@example.org,A\n   \n,\n\nb@example.org,B\n\n',
    rows: 2,
    emails: ['a@example.org', 'b@example.org'],
    lines: [3, 7],
  },
  { name: 'last line without line break', csv: 'email\na@example.org\nb@example.org', rows: 2, emails: ['a@example.org', 'b@example.org'], lines: [2, 3] },
  {
    name: 'addresses trimmed, IDN domain to punycode',
    csv: 'email\n  Anna@München.example  \nbob@BÜCHER.example\n',
    rows: 2,
    emails: ['Anna@xn--mnchen-3ya.example', 'bob@xn--bcher-kva.example'],
    lines: [2, 3],
  },
  {
    name: 'duplicates compare case-insensitively; the first is kept as written',
    csv: 'email\nAnna@Example.org\nb@example.org\nanna@example.ORG\nANNA@example.org\n',
    rows: 4,
    emails: ['Anna@example.org', 'b@example.org'],
    lines: [2, 3],
    duplicates: [
      [4, 'anna@example.org', 2],
      [5, 'ANNA@example.org', 2],
    ],
  },
  {
    name: 'invalid rows with line and reason',
    csv: 'email,name\n,Nobody\nno-at-sign,X\n@example.org,X\nanna@,X\nanna@localhost,X\nan na@example.org,X\nanna@exa_mple.org,X\nok@example.org,Ok\n',
    rows: 8,
    emails: ['ok@example.org'],
    lines: [9],
    invalid: [
      [2, '', 'no email address'],
      [3, 'no-at-sign', 'not an email address (expected name@domain)'],
      [4, '@example.org', 'not an email address (expected name@domain)'],
      [5, 'anna@', 'not an email address (expected name@domain)'],
      [6, 'anna@localhost', 'invalid domain "localhost"'],
      [7, 'an na@example.org', 'not an email address (expected name@domain)'],
      [8, 'anna@exa_mple.org', 'invalid domain "exa_mple.org"'],
    ],
  },
  { name: 'blank lines before the header', csv: '\n\n;;\nVorname;E-Mail\nA;a@example.org\n', rows: 1, emails: ['a@example.org'], lines: [5] },
  { name: 'header alias "Email Address"', csv: 'Email Address,First Name\na@example.org,A\n', rows: 1, emails: ['a@example.org'], lines: [2] },
  { name: 'header alias "Mail"', csv: 'Name;Mail\nA;a@example.org\n', rows: 1, emails: ['a@example.org'], lines: [2] },
  {
    name: 'config column map',
    csv: 'Kontakt,Rufname\na@example.org,Anni\n',
    columns: { email: 'Kontakt', first_name: 'Rufname' },
    rows: 1,
    emails: ['a@example.org'],
    lines: [2],
  },
];

describe('readSubscriberList: the quirks of real lists', () => {
  test.each(cases)('$name', async (c) => {
    const list = await readSubscriberList(csvFile(c.csv), { columns: c.columns });
    expect(list.rows).toBe(c.rows);
    expect(list.subscribers.map((s) => s.email)).toEqual(c.emails);
    expect(list.subscribers.map((s) => s.line)).toEqual(c.lines);
    expect(list.invalid.map((r) => [r.line, r.value, r.reason])).toEqual(c.invalid ?? []);
    expect(list.duplicates.map((d) => [d.line, d.email, d.firstLine])).toEqual(c.duplicates ?? []);
  });

  test('keys are lower-cased and every column is a field by its normalised name', async () => {
    const list = await readSubscriberList(csvFile('E-Mail,Vorname,Nachname,Sprache,Anrede,Name,Org-Unit\nAnna@Example.org,Anna,Schmidt,de-AT,Frau,Anna S.,Umwelt\n'));
    const [anna] = list.subscribers;
    expect(anna).toMatchObject({
      email: 'Anna@example.org',
      key: 'anna@example.org',
      firstName: 'Anna',
      lastName: 'Schmidt',
      language: 'de-AT',
      salutation: 'Frau',
      name: 'Anna S.',
    });
    expect(anna.fields).toMatchObject({ orgunit: 'Umwelt', vorname: 'Anna', firstname: 'Anna', lastname: 'Schmidt', language: 'de-AT' });
  });

  test('the config map wins over a built-in alias', async () => {
    const list = await readSubscriberList(csvFile('Vorname,Rufname,email\nJohanna,Jo,j@example.org\n'), { columns: { first_name: 'Rufname' } });
    expect(list.subscribers[0].firstName).toBe('Jo');
  });

  test('an Excel export with ;, BOM, CRLF and German headers is read right', async () => {
    const list = await readSubscriberList(fixture('excel-semicolon-bom-crlf.csv'));
    expect(list.rows).toBe(5);
    expect(list.subscribers.map((s) => [s.line, s.email, s.firstName, s.language])).toEqual([
      [2, 'anna.schmidt@example.org', 'Anna', 'de'],
      [3, 'j.ogunleye@example.com', 'Jide', 'en-GB'],
      [8, 'juergen@xn--mnchen-3ya.example', 'Jürgen', 'DE-at'],
    ]);
    expect(list.subscribers[0].fields.organisation).toBe('Stadt Köln; Amt für Umwelt');
    expect(list.subscribers[1].fields.organisation).toBe('Lagos\nState');
    expect(list.invalid).toEqual([{ line: 6, value: 'kein-at-zeichen', reason: 'not an email address (expected name@domain)' }]);
    expect(list.duplicates).toEqual([{ line: 7, email: 'ANNA.SCHMIDT@example.org', firstLine: 2 }]);
    expect(list.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a Windows-1252 file is refused, then read with --encoding windows-1252', async () => {
    const file = fixture('windows-1252.csv');
    await expect(readSubscriberList(file)).rejects.toThrow(
      `${file}:2: the file is not UTF-8 text (probably an Excel export in Windows-1252)`,
    );
    const list = await readSubscriberList(file, { encoding: 'windows-1252' });
    expect(list.subscribers.map((s) => s.name)).toEqual(['Hans Müller', 'Grete König']);
    expect(list.invalid).toEqual([{ line: 4, value: 'bad\u00a0row@example.org', reason: 'not an email address (expected name@domain)' }]);
  });

  test('a UTF-16 file (Excel\'s "Unicode text") is refused, then read with --encoding utf-16le', async () => {
    const file = csvFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\tname\r\nanna@example.org\tAnna Kühn\r\n', 'utf16le')]));
    const error = (await readSubscriberList(file).catch((e: unknown) => e)) as UserError;
    expect(error.message).toBe(`${file} is UTF-16 text (Excel's "Unicode text"), not UTF-8`);
    expect(error.hint).toBe('in Excel use "Save as" → "CSV UTF-8", or read it as it is with --encoding utf-16le');
    const list = await readSubscriberList(file, { encoding: 'utf-16le' });
    expect(list.subscribers.map((s) => [s.line, s.email, s.name])).toEqual([[2, 'anna@example.org', 'Anna Kühn']]);
  });

  test('the invalid byte is located on its line even after many chunks', async () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `reader${i}@example.org,Reader ${i}`);
    const file = csvFile(Buffer.concat([Buffer.from(`email,name\n${rows.join('\n')}\n`), Buffer.from('x@example.org,G\xf6tz\n', 'latin1')]));
    await expect(readSubscriberList(file)).rejects.toThrow(`${file}:20002: the file is not UTF-8 text`);
  });

  test('a UTF-8 file read as Windows-1252 is refused, also when a character straddles two chunks', async () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `reader${i}@example.org,Reader ${i}`);
    let head = `email,name\n${rows.join('\n')}\nx@example.org,J`;
    head += 'x'.repeat(65536 - (Buffer.byteLength(head) % 65536) - 1); // "ü" starts on a chunk's last byte
    const file = csvFile(`${head}ürgen\n`);
    await expect(readSubscriberList(file, { encoding: 'windows-1252' })).rejects.toThrow(
      /is UTF-8 text, but --encoding windows-1252 would garble it: line 20002 would say "x*Ã¼rgen" instead of "x*ürgen"$/,
    );
    // a real Windows-1252 file with the same bytes above 0x7f apart is read as it is
    const latin = csvFile(Buffer.from('email,name\nx@example.org,J\xfcrgen \xc3\n', 'latin1'));
    expect((await readSubscriberList(latin, { encoding: 'windows-1252' })).subscribers[0].name).toBe('Jürgen Ã');
  });

  test('a large list is read with every row and the same hash twice', async () => {
    const rows = Array.from({ length: 30000 }, (_, i) => `reader${i}@example.org;"Name ${i}; Teil"`);
    const file = csvFile(`email;name\r\n${rows.join('\r\n')}`);
    const [a, b] = [await readSubscriberList(file), await readSubscriberList(file)];
    expect(a.subscribers).toHaveLength(30000);
    expect(a.subscribers[29999]).toMatchObject({ line: 30001, name: 'Name 29999; Teil' });
    expect(a.contentHash).toBe(b.contentHash);
  });
});

describe('readSubscriberList: files that cannot be read as a list', () => {
  const errors: [name: string, content: string | undefined, options: { encoding?: string }, message: string, hint: string | undefined][] = [
    ['missing file', undefined, {}, 'subscriber list FILE not found', 'check the file name and the folder it is in'],
    ['empty file', '', {}, 'FILE is empty: expected a header row with an email column', undefined],
    ['only blank lines', '\n\r\n  \n', {}, 'FILE is empty: expected a header row with an email column', undefined],
    [
      'no email column',
      'Name;Telefon\nAnna;123\n',
      {},
      'FILE has no email column (found "Name", "Telefon")',
      'name the column "email" (or E-Mail, Mail, E-Mail-Adresse), or map it in newsletter.config.yaml: subscribers: {columns: {email: "<your column>"}}',
    ],
    ['unknown encoding', 'email\n', { encoding: 'klingon' }, 'unknown encoding "klingon"', 'use utf-8 (the default) or, for an Excel export on Windows, --encoding windows-1252'],
    [
      'not UTF-8',
      undefined,
      {},
      'FILE:1: the file is not UTF-8 text (probably an Excel export in Windows-1252)',
      'in Excel use "Save as" → "CSV UTF-8", or read it as it is with --encoding windows-1252',
    ],
    [
      'a quote that never closes',
      'email,name\na@example.org,"Anna\nb@example.org,B\n',
      {},
      'FILE:2: a quoted field that starts on this line never closes',
      'a field that starts with a double quote must end with one; save the file again as CSV from your spreadsheet',
    ],
  ];

  test.each(errors)('%s', async (name, content, options, message, hint) => {
    let file = join(dir, 'does-not-exist.csv');
    if (name === 'not UTF-8') file = csvFile(Buffer.from('e\xf6mail\n', 'latin1'));
    else if (content !== undefined) file = csvFile(content);
    const error = await readSubscriberList(file, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message.startsWith(message.replace('FILE', file))).toBe(true);
    expect((error as UserError).hint).toBe(hint);
  });
});
