import MailComposer from 'nodemailer/lib/mail-composer';
import { simpleParser } from 'mailparser';
import { UserError } from '../../src/errors.js';
import { buildListHeaders } from '../../src/unsubscribe/index.js';

const URL = 'https://news.example.org/u/AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA';

/** The header block as it goes on the wire: one `Name: value` line per header. */
const rawLines = (headers: [string, string][]) => headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
const PRINTABLE_LINE = /^[\x20-\x7e]+\r\n$/;

describe('buildListHeaders', () => {
  test('https: List-Unsubscribe, the one-click Post header and List-Id, each one line', () => {
    const { headers, warnings } = buildListHeaders({ unsubscribeUrl: URL, listId: 'newsletter.example.org', listName: 'Connective Cities' });
    expect(rawLines(headers)).toBe(
      `List-Unsubscribe: <${URL}>\r\n` +
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n' +
        'List-Id: "Connective Cities" <newsletter.example.org>\r\n',
    );
    expect(warnings).toEqual([]);
  });

  test('a mailto follows the https link as a second URI', () => {
    const plain = buildListHeaders({ unsubscribeUrl: URL, mailto: 'unsubscribe@example.org', listId: 'n.example.org', listName: 'N' });
    expect(plain.headers[0]).toEqual(['List-Unsubscribe', `<${URL}>, <mailto:unsubscribe@example.org?subject=unsubscribe>`]);
    const withQuery = buildListHeaders({ unsubscribeUrl: URL, mailto: 'mailto:u@example.org?subject=stop', listId: 'n.example.org', listName: 'N' });
    expect(withQuery.headers[0]).toEqual(['List-Unsubscribe', `<${URL}>, <mailto:u@example.org?subject=stop>`]);
  });

  test('http: a warning, and no List-Unsubscribe-Post', () => {
    const { headers, warnings } = buildListHeaders({ unsubscribeUrl: 'http://localhost:8080/u/abc', listId: 'n.example.org', listName: 'N' });
    expect(headers.map(([name]) => name)).toEqual(['List-Unsubscribe', 'List-Id']);
    expect(warnings).toEqual([
      'base_url is http:// (http://localhost:8080): one-click unsubscribe (RFC 8058) needs https, so List-Unsubscribe-Post is left out; use https before sending to real readers',
    ]);
  });

  test('a name that is not ASCII is RFC 2047-encoded, long ones in several words', () => {
    const { headers } = buildListHeaders({ unsubscribeUrl: URL, listId: 'n.example.org', listName: 'Städtenetzwerk „Grüne Mitte“ – Ausgabe für Österreich und die Schweiz' });
    const listId = headers.find(([name]) => name === 'List-Id')![1];
    expect(rawLines([['List-Id', listId]])).toMatch(PRINTABLE_LINE);
    const words = listId.replace(/ <n\.example\.org>$/, '').split(' ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    const decoded = words.map((w) => Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(w)![1], 'base64').toString('utf8')).join('');
    expect(decoded).toBe('Städtenetzwerk „Grüne Mitte“ – Ausgabe für Österreich und die Schweiz');
  });

  test.each([
    ['CR LF and a header', 'News\r\nBcc: victim@example.org', '"News Bcc: victim@example.org"'],
    ['bare LF', 'News\nX-Evil: 1', '"News X-Evil: 1"'],
    ['NUL, ESC and DEL', 'Ne\u0000w\u001bs\u007f', '"Ne w s"'],
    ['Unicode line separator', 'News\u2028Letter', '"News Letter"'],
    ['quotes and backslashes', 'The "Weekly" \\ News', '"The \\"Weekly\\" \\\\ News"'],
    ['nothing but control characters', '\r\n\t', ''],
  ])('a name with %s stays on one printable line', (_what, listName, phrase) => {
    const { headers } = buildListHeaders({ unsubscribeUrl: URL, listId: 'n.example.org', listName });
    const raw = rawLines(headers);
    for (const line of raw.split(/(?<=\r\n)/)) expect(line).toMatch(PRINTABLE_LINE);
    expect(raw.match(/\r\n/g)).toHaveLength(3);
    expect(headers[2]).toEqual(['List-Id', phrase ? `${phrase} <n.example.org>` : '<n.example.org>']);
  });

  const refused: [string, Partial<Parameters<typeof buildListHeaders>[0]>, string][] = [
    ['a link with CR LF', { unsubscribeUrl: `${URL}\r\nBcc: victim@example.org` }, 'the unsubscribe link contains a space, a line break, a control character, a quote or angle bracket, or a non-ASCII character: "https://news.example.org/u/AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA␣Bcc: victim@example.org"'],
    ['a link with an angle bracket', { unsubscribeUrl: `${URL}>, <https://evil.example` }, 'the unsubscribe link contains a space, a line break, a control character, a quote or angle bracket, or a non-ASCII character: "https://news.example.org/u/AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA>, <https://evil.example"'],
    ['a link that is not http(s)', { unsubscribeUrl: 'javascript:alert(1)' }, 'the unsubscribe link must start with https:// (found "javascript:alert(1)")'],
    ['a mailto with LF', { mailto: 'u@example.org\nBcc: x@example.org' }, 'the unsubscribe mailto contains a space, a line break, a control character, a quote or angle bracket, or a non-ASCII character: "mailto:u@example.org␣Bcc: x@example.org"'],
    ['a mailto without address', { mailto: 'unsubscribe' }, 'unsubscribe.mailto "unsubscribe" is not an email address'],
    ['a list id with CR LF', { listId: 'n.example.org\r\nBcc: x' }, 'list_id "n.example.org Bcc: x" cannot be used in List-Id'],
    ['a list id with a space', { listId: 'my list' }, 'list_id "my list" cannot be used in List-Id'],
  ];
  test.each(refused)('%s is refused', (_what, change, message) => {
    const build = () => buildListHeaders({ unsubscribeUrl: URL, listId: 'n.example.org', listName: 'N', ...change });
    expect(build).toThrow(UserError);
    expect(build).toThrow(message);
  });

  test('a list id without a dot gets a warning', () => {
    expect(buildListHeaders({ unsubscribeUrl: URL, listId: 'newsletter', listName: 'N' }).warnings).toEqual([
      'list_id "newsletter" has no dot: List-Id expects a name under a domain you own, e.g. newsletter.example.org',
    ]);
  });

  test('in a message built by nodemailer each header appears exactly once and parses back', async () => {
    const { headers } = buildListHeaders({ unsubscribeUrl: URL, mailto: 'u@example.org', listId: 'newsletter.example.org', listName: 'Städte\r\nBcc: victim@example.org' });
    const raw = await new MailComposer({
      from: 'news@example.org',
      to: 'anna@example.org',
      subject: 'Nr. 34',
      text: 'Hallo',
      headers: headers.map(([key, value]) => ({ key, value })),
    })
      .compile()
      .build();
    const head = raw.toString('utf8').split('\r\n\r\n')[0];
    const lines = head.split('\r\n');
    for (const line of lines) expect(line).toMatch(/^[\x20-\x7e]*$/);
    expect(lines.filter((l) => /^List-Unsubscribe:/i.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/i.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^List-Id:/i.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^Bcc:/i.test(l))).toHaveLength(0);
    const parsed = await simpleParser(raw);
    expect(parsed.headerLines.filter((h) => h.key === 'list-unsubscribe-post').map((h) => h.line)).toEqual([
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ]);
    const list = parsed.headers.get('list') as unknown as Record<string, { url?: string; id?: string; name?: string }>;
    expect(list.unsubscribe.url).toBe(URL);
    expect(list.id.id).toBe('newsletter.example.org');
    // mailparser leaves the encoded word as it is: decode it to see the cleaned name
    const encoded = /^=\?UTF-8\?B\?(.*)\?=$/.exec(list.id.name!)![1];
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe('Städte Bcc: victim@example.org');
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r\n\s+/g, ' ')).toBe(
      `List-Unsubscribe: <${URL}>, <mailto:u@example.org?subject=unsubscribe>`,
    );
  });
});
