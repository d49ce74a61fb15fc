import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomFeed, publishedAt } from '../../src/archive/atom-feed.js';
import { feedContent } from '../../src/archive/feed-content.js';
import { hasStackTrace } from '../helpers/cli.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';

describe('the archive feed, piece by piece', () => {
  test('escapes text, orders entries newest first, carries summary and content', () => {
    const xml = atomFeed({
      lang: 'en',
      title: 'Städte & Dialog – Archive',
      author: 'Städte & Dialog',
      url: 'https://example.org/archive/index.en.html',
      self: 'https://example.org/archive/feed.en.xml',
      entries: [
        { url: 'https://example.org/archive/a/en/', title: 'Old <one>', lang: 'en', published: '2020-01-05T12:00:00Z' },
        { url: 'https://example.org/archive/b/en/', title: 'New "one"', summary: 'in short', content: '<p>a & b</p>', lang: 'en', published: '2020-12-01T12:00:00Z' },
      ],
    });
    expect(xml).toContain('<title>Städte &amp; Dialog – Archive</title>');
    expect(xml).toContain('<updated>2020-12-01T12:00:00Z</updated>');
    expect(xml.indexOf('New &quot;one&quot;')).toBeLessThan(xml.indexOf('Old &lt;one&gt;'));
    expect(xml).toContain('<summary>in short</summary>');
    expect(xml).toContain('<content type="html">&lt;p&gt;a &amp; b&lt;/p&gt;</content>');
  });

  test('an issue dated later than now is published now, never in the future', () => {
    const now = new Date('2020-11-29T16:30:45.123Z');
    expect(publishedAt('2020-11-01', now)).toBe('2020-11-01T12:00:00Z');
    expect(publishedAt('2020-12-01', now)).toBe('2020-11-29T16:30:45Z');
  });

  test('the content: the body only, relative links made absolute against the copy', () => {
    const html = '<html><head><style>x</style></head><body class="b"><img src="a.png"><a href="../../unsubscribe.en.html">u</a><a href="https://x.org/?a=1&amp;b=2">x</a><a href="mailto:a@b.org">m</a></body></html>';
    expect(feedContent(html, 'https://example.org/archive/1/en/')).toBe(
      '<img src="https://example.org/archive/1/en/a.png"><a href="https://example.org/archive/unsubscribe.en.html">u</a><a href="https://x.org/?a=1&amp;b=2">x</a><a href="mailto:a@b.org">m</a>',
    );
  });
});

describe('newsletter archive', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  test('publishes only what was sent: a draft, an outbox rehearsal and a broken draft are skipped with a note', async () => {
    const dir = exampleProject();
    // an unfinished draft next to the example: it must neither be published nor stop the archive
    writeFileSync(join(dir, 'issues', '2021-01-nr35.de.yaml'), 'number: 35\ndate: 2021-01-\nsubject: [unfinished\n');
    const before = await newsletter(dir, ['archive', '--out', 'public']);
    expect(before.code).toBe(0);
    expect(before.stderr).toContain('note: skipped 2020-12-nr34: a draft (not sent, not marked "public: true")');
    expect(before.stderr).toContain('note: skipped 2021-01-nr35: a draft (not sent, not marked "public: true")');
    expect(before.stdout).toContain('archived 0 issues in public: index.html, index.en.html, feed.de.xml, feed.en.xml');
    expect(existsSync(join(dir, 'public', '2020-12-nr34'))).toBe(false);

    expect((await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--yes'])).code).toBe(0); // the outbox
    const rehearsed = await newsletter(dir, ['archive', '--out', 'public']);
    expect(rehearsed.stderr).toContain('note: skipped 2020-12-nr34: written to an outbox only, not sent to readers; mark it "public: true" to publish it now');

    const sent = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes'], { NEWSLETTER_SKIP_URL_CHECK: '1' });
    expect(sent.code).toBe(0);
    const after = await newsletter(dir, ['archive', '--out', 'public']);
    expect(after.code).toBe(0);
    expect(after.stderr).not.toContain('2020-12-nr34: ');
    expect(after.stderr).toContain('note: skipped 2021-01-nr35: a draft');
    expect(after.stdout).toContain('archived 1 issue in public: index.html, index.en.html, feed.de.xml, feed.en.xml');
    const out = join(dir, 'public');
    const mail = readFileSync(join(out, '2020-12-nr34', 'de', 'index.html'), 'utf8');
    // a public copy: no personal link, no placeholder, the reader sent to their own mail instead
    expect(mail).toContain('href="../../unsubscribe.de.html"');
    expect(mail).not.toContain('PLACEHOLDER');
    expect(readdirSync(join(out, '2020-12-nr34', 'de'))).toContain('riverside-skyline.png');

    const feed = readFileSync(join(out, 'feed.en.xml'), 'utf8');
    expect(feed.match(/<entry /g)).toHaveLength(1);
    expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    expect(feed).toContain('<id>https://newsletter.example.org/archive/2020-12-nr34/en/</id>');
    expect(feed).toContain('<summary>');
    expect(feed).toContain('src=&quot;https://newsletter.example.org/archive/2020-12-nr34/en/riverside-skyline.png&quot;');
    expect(feed).not.toMatch(/(src|href)=&quot;(?!https?:|mailto:|#)/);
    expect(readFileSync(join(out, 'feed.de.xml'), 'utf8')).toContain('<entry xml:lang="de">');
  });

  test('public: true publishes before a send, once its date has come; the index wears the newsletter\'s theme', async () => {
    const dir = exampleProject();
    const en = join(dir, 'issues', '2020-12-nr34.en.yaml');
    writeFileSync(en, `public: true\n${readFileSync(en, 'utf8')}`);
    copyFileSync(join(dir, 'issues', 'images', 'riverside-skyline.png'), join(dir, 'logo.png'));
    // the example's own logo block gives way to this one
    writeFileSync(join(dir, 'newsletter.config.yaml'), `${readFileSync(join(dir, 'newsletter.config.yaml'), 'utf8').replace(/^logo:\n(?: {2}.*\n)+/m, '')}\nlogo: {src: logo.png, alt: {de: Logo des Netzwerks, en: The network's logo}, width: 120}\n`);
    const future = join(dir, 'issues', '2999-01-nr99.en.yaml');
    writeFileSync(future, readFileSync(en, 'utf8').replace(/^number: 34$/m, 'number: 99').replace(/^date: 2020-12-01$/m, 'date: 2999-01-01'));

    const result = await newsletter(dir, ['archive']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: skipped 2999-01-nr99: marked public, but dated 2999-01-01; run archive again on that day');
    const out = join(dir, 'dist', 'archive');
    expect(existsSync(join(out, '2020-12-nr34', 'en', 'index.html'))).toBe(true);
    expect(existsSync(join(out, '2020-12-nr34', 'de'))).toBe(false); // the German file is not marked
    expect(existsSync(join(out, '2999-01-nr99'))).toBe(false);
    expect(readFileSync(join(out, 'feed.en.xml'), 'utf8')).not.toContain('2999');

    const index = readFileSync(join(out, 'index.en.html'), 'utf8');
    expect(index).toContain('<html lang="en">');
    expect(index).toContain('<h1>Cities in Dialogue</h1>');
    expect(index).toContain('background: #0E4D5C'); // the masthead's colour of the theme
    expect(index).toContain('<img class="logo" src="2020-12-nr34/en/logo.png" alt="The network&#39;s logo" width="120">');
    expect(existsSync(join(out, '2020-12-nr34', 'en', 'logo.png'))).toBe(true);
    expect(index).toContain('<a lang="de" hreflang="de" href="index.html">Deutsch</a> · <span lang="en" aria-current="page">English</span>');
    expect(index).toContain('href="2020-12-nr34/en/index.html"');
    expect(index).toContain('href="feed.en.xml"');
    const german = readFileSync(join(out, 'index.html'), 'utf8');
    expect(german).toContain('<h1>Städte im Dialog</h1>');
    expect(german).toContain('<a lang="en" hreflang="en" href="index.en.html">English</a>');
    expect(german).not.toContain('2020-12-nr34/en/index.html');
  });

  test('an issue marked public with an error writes nothing and is located', async () => {
    const dir = exampleProject();
    const file = join(dir, 'issues', '2020-12-nr34.en.yaml');
    writeFileSync(file, `public: true\n${readFileSync(file, 'utf8').replace(/^subject:/m, 'subjcet:')}`);
    const result = await newsletter(dir, ['archive', '--out', 'public']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/2020-12-nr34\.en\.yaml:\d+:\d+: .*subjcet/);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(existsSync(join(dir, 'public'))).toBe(false);
  });
});
