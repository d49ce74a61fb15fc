import { markdownInline, markdownToHtml, styleTags } from '../../src/render/markdown.js';
import { labelledUrl, markdownToText, wrap } from '../../src/render/plain-text.js';

describe('markdownToHtml', () => {
  test.each([
    ['emphasis and a link', 'Hi **you**, see [the page](https://example.org/a?b=1&c=2).', '<p>Hi <strong>you</strong>, see <a href="https://example.org/a?b=1&amp;c=2">the page</a>.</p>'],
    ['raw inline HTML is shown, not passed through', 'a <b onclick="x()">bold</b> move', '<p>a &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt; move</p>'],
    ['a script block is shown as text', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['a javascript: link keeps only its text', '[click](javascript:alert(1))', '<p>click</p>'],
    ['a mailto: link stays', '[write](mailto:a@example.org)', '<p><a href="mailto:a@example.org">write</a></p>'],
    ['lists', '- one\n- two', '<ul>\n<li>one</li>\n<li>two</li>\n</ul>'],
    ['an image from a local path shows its alt text', '![a map](map.png)', '<p>a map</p>'],
  ])('%s', (_, markdown, html) => {
    expect(markdownToHtml(markdown)).toBe(html);
  });

  test('inline Markdown has no paragraph around it', () => {
    expect(markdownInline('Jana, [j@example.org](mailto:j@example.org)')).toBe('Jana, <a href="mailto:j@example.org">j@example.org</a>');
  });
});

describe('markdownToText', () => {
  test.each([
    ['a soft line break is a space', 'one\ntwo', 'one two'],
    ['a hard line break stays', 'one\\\ntwo', 'one\ntwo'],
    ['a link shows its URL', 'see [the page](https://example.org)', 'see the page <https://example.org>'],
    ['a bare mail address is not doubled', '[j@example.org](mailto:j@example.org)', 'j@example.org'],
    ['emphasis is plain', '**bold** and *it*', 'bold and it'],
    ['raw HTML is plain text', '<b>x</b>', '<b>x</b>'],
    ['lists get dashes', '- one\n- two', '- one\n- two'],
    ['paragraphs are separated by a blank line', 'a\n\nb', 'a\n\nb'],
  ])('%s', (_, markdown, text) => {
    expect(markdownToText(markdown)).toBe(text);
  });

  test('long paragraphs wrap at 72 columns', () => {
    const text = markdownToText('word '.repeat(40));
    expect(text.split('\n').map((l) => l.length)).toEqual([69, 69, 59]) // 14 four-letter words fill 69 columns; a 15th would need 74;
  });
});

describe('wrap and labelledUrl', () => {
  test('a word longer than the line stands alone', () => {
    expect(wrap(`see ${'x'.repeat(80)} now`, 72)).toBe(`see\n${'x'.repeat(80)}\nnow`);
  });

  test('continuation lines get their prefix', () => {
    expect(wrap('- aaa bbb ccc', 9, '  ')).toBe('- aaa bbb\n  ccc');
  });

  test('a URL that does not fit beside its label goes on the next line', () => {
    expect(labelledUrl('Mehr', 'https://example.org/a')).toBe('Mehr: https://example.org/a');
    expect(labelledUrl('Read the interview', `https://example.org/${'p'.repeat(60)}`)).toBe(`Read the interview:\nhttps://example.org/${'p'.repeat(60)}`);
    expect(labelledUrl('Write', 'mailto:e@example.org')).toBe('Write: e@example.org');
  });
});

describe('styleTags', () => {
  test('puts a theme\'s inline styles on the tags Markdown wrote, escaped', () => {
    expect(styleTags(markdownToHtml('x [y](https://e.org) **z**\n\n- a'), { a: 'color:#0E4D5C', p: 'margin:0', ul: '', li: 'x"y' })).toBe(
      '<p style="margin:0">x <a style="color:#0E4D5C" href="https://e.org">y</a> <strong>z</strong></p>\n<ul>\n<li style="x&quot;y">a</li>\n</ul>',
    );
  });

  test('escaped raw HTML in content is never styled', () => {
    expect(styleTags(markdownToHtml('<a href="x">y</a>'), { a: 'color:red' })).toBe('<p>&lt;a href=&quot;x&quot;&gt;y&lt;/a&gt;</p>');
  });
});

describe('fields written line by line (breaks)', () => {
  test('every line break stays, in HTML and in text', () => {
    expect(markdownToHtml('Ihr Team\n*Redaktion*', { breaks: true })).toBe('<p>Ihr Team<br><em>Redaktion</em></p>');
    expect(markdownInline('Am Markt 2\n12345 Stadt', { breaks: true })).toBe('Am Markt 2<br>12345 Stadt');
    expect(markdownToText('Am Markt 2\n12345 Stadt', { breaks: true })).toBe('Am Markt 2\n12345 Stadt');
    expect(markdownToText('Am Markt 2\n12345 Stadt')).toBe('Am Markt 2 12345 Stadt');
  });
});
