import { fillSlots, personalize, personalValuesFor } from '../../src/render/personalize.js';
import type { PersonalValues, RenderedIssue, SlottedText } from '../../src/render/types.js';
import { SlotTable } from '../../src/render/slots.js';

const values = (fields: Record<string, string>, unsubscribeUrl = 'https://news.example.org/u/T0K3N'): PersonalValues => ({ fields, unsubscribeUrl });

const greeting: SlottedText = {
  parts: ['<p>Hallo ', ', <a href="', '">abbestellen</a></p>'],
  slots: [{ kind: 'field', field: 'first_name', fallback: 'Leserin' }, { kind: 'unsubscribe' }],
};

describe('fillSlots', () => {
  test.each([
    ['a plain name', { firstname: 'Anna' }, '<p>Hallo Anna, <a href="https://news.example.org/u/T0K3N">abbestellen</a></p>'],
    ['a script in the name', { firstname: '<script>alert(1)</script>' }, '<p>Hallo &lt;script&gt;alert(1)&lt;/script&gt;, <a href="https://news.example.org/u/T0K3N">abbestellen</a></p>'],
    ['quotes and ampersands', { firstname: `"Jo" & 'Al'` }, '<p>Hallo &quot;Jo&quot; &amp; &#39;Al&#39;, <a href="https://news.example.org/u/T0K3N">abbestellen</a></p>'],
    ['no value: the fallback', {}, '<p>Hallo Leserin, <a href="https://news.example.org/u/T0K3N">abbestellen</a></p>'],
    ['a blank value: the fallback', { firstname: '   ' }, '<p>Hallo Leserin, <a href="https://news.example.org/u/T0K3N">abbestellen</a></p>'],
  ])('html, %s', (_, fields, expected) => {
    expect(fillSlots(greeting, values(fields), 'html')).toBe(expected);
  });

  test('the unsubscribe URL is escaped in html', () => {
    expect(fillSlots(greeting, values({ firstname: 'A' }, 'https://x.org/u/a?b=1&c="2"'), 'html')).toBe(
      '<p>Hallo A, <a href="https://x.org/u/a?b=1&amp;c=&quot;2&quot;">abbestellen</a></p>',
    );
  });

  test('text keeps values as they are', () => {
    const text: SlottedText = { parts: ['Hallo ', '!\nAbbestellen: ', ''], slots: greeting.slots };
    expect(fillSlots(text, values({ firstname: '<b>Ben</b>' }), 'text')).toBe('Hallo <b>Ben</b>!\nAbbestellen: https://news.example.org/u/T0K3N');
  });

  test.each([
    ['CR/LF cannot add a header', 'Anna\r\nBcc: victim@example.org', 'Ausgabe 34 für Anna Bcc: victim@example.org'],
    ['other control characters go too', 'A\u0000n\u0007na\u2028', 'Ausgabe 34 für A n na'],
    ['no value: the fallback', '', 'Ausgabe 34 für Sie'],
  ])('header: %s', (_, name, expected) => {
    const subject: SlottedText = { parts: ['Ausgabe 34 für ', ''], slots: [{ kind: 'field', field: 'first_name', fallback: 'Sie' }] };
    const filled = fillSlots(subject, values({ firstname: name }), 'header');
    expect(filled).toBe(expected);
    expect(filled).not.toMatch(/[\r\n]/);
  });

  test('a missing field without fallback renders empty', () => {
    const text: SlottedText = { parts: ['[', ']'], slots: [{ kind: 'field', field: 'organisation', fallback: '' }] };
    expect(fillSlots(text, values({}), 'html')).toBe('[]');
  });

  test('fields are looked up by their normalised name (any CSV column)', () => {
    const text: SlottedText = { parts: ['', ' / ', ''], slots: [{ kind: 'field', field: 'Home-Town', fallback: '' }, { kind: 'field', field: 'email', fallback: '' }] };
    expect(fillSlots(text, values({ hometown: 'Trier', email: 'a@example.org' }), 'text')).toBe('Trier / a@example.org');
  });

  test.each([
    ['a javascript: value in a whole href is dropped', 'whole' as const, 'javascript:alert(1)', '<a href="">'],
    ['an https value in a whole href stays', 'whole' as const, 'https://example.org/?a=1&b=2', '<a href="https://example.org/?a=1&amp;b=2">'],
    ['a value inside a URL is URL-encoded', 'part' as const, 'Anna & "Ben"', '<a href="Anna%20%26%20%22Ben%22">'],
  ])('%s', (_, url, value, expected) => {
    const link: SlottedText = { parts: ['<a href="', '">'], slots: [{ kind: 'field', field: 'site', fallback: '', url }] };
    expect(fillSlots(link, values({ site: value }), 'html')).toBe(expected);
  });
});

describe('SlotTable', () => {
  test('markers survive as words and are cut back into slots', () => {
    const table = new SlotTable('seed');
    const marked = table.markFields('Hi {{subscriber.first_name "du"}} and {{subscriber.first_name "du"}}!');
    expect(marked).not.toContain('{{');
    const cut = table.cut(`<p>${marked}</p>`);
    // a slot between a space and a space or "!" takes the space before it: no gap when empty
    expect(cut.parts).toEqual(['<p>Hi', ' and', '!</p>']);
    expect(cut.slots).toEqual([
      { kind: 'field', field: 'first_name', fallback: 'du', space: true },
      { kind: 'field', field: 'first_name', fallback: 'du', space: true },
    ]);
    expect(fillSlots(cut, values({ firstname: 'Anna' }), 'html')).toBe('<p>Hi Anna and Anna!</p>');
  });

  test.each([
    ['Hallo {{subscriber.first_name}}, schön', 'Hallo, schön'],
    ['Für {{subscriber.first_name}} {{subscriber.last_name}} und {{subscriber.salutation}}.', 'Für und.'],
    ['Liebe {{subscriber.first_name}} {{subscriber.last_name}}!', 'Liebe!'],
  ])('an empty value leaves no double space and no space before punctuation: %s', (text, expected) => {
    const table = new SlotTable('seed');
    expect(fillSlots(table.cut(table.markFields(text), 'text'), values({}), 'text')).toBe(expected);
  });

  test.each([
    ['Frau', 'Sehr geehrte Frau Schmidt,'],
    ['herr ', 'Sehr geehrter Herr Schmidt,'],
    ['', 'Guten Tag,'],
  ])('an {{#if (eq …)}} block gives salutation %j its own greeting', (salutation, expected) => {
    const table = new SlotTable('seed');
    const text = '{{#if (eq subscriber.salutation "Frau")}}Sehr geehrte Frau {{subscriber.last_name}}{{else if (eq subscriber.salutation "Herr")}}Sehr geehrter Herr {{subscriber.last_name}}{{else}}Guten Tag{{/if}},';
    const cut = table.cut(table.markFields(text), 'text');
    expect(cut.slots.map((s) => s.kind)).toEqual(['choice']);
    expect(fillSlots(cut, values({ salutation, lastname: 'Schmidt' }), 'text')).toBe(expected);
  });

  test('a value from a CSV column in the plain text\'s link follows the link policy; a refused or empty one leaves no "<>"', () => {
    const table = new SlotTable('seed');
    const cut = table.cut(`Profil <${table.markFields('{{subscriber.site}}')}> · Anrufen <tel:+49>`, 'text');
    expect(fillSlots(cut, values({ site: 'javascript:alert(1)' }), 'text')).toBe('Profil · Anrufen <tel:+49>');
    expect(fillSlots(cut, values({}), 'text')).toBe('Profil · Anrufen <tel:+49>');
    expect(fillSlots(cut, values({ site: 'tel:+4930123' }), 'text')).toBe('Profil <tel:+4930123> · Anrufen <tel:+49>');
  });

  test('a field named constructor or __proto__ is only ever the reader\'s own value', () => {
    const table = new SlotTable('seed');
    const cut = table.cut(table.markFields('[{{subscriber.constructor "none"}}|{{subscriber.__proto__ "none"}}|{{subscriber.to_string "none"}}]'), 'text');
    expect(fillSlots(cut, values({}), 'text')).toBe('[none|none|none]');
  });

  test('in html, a slot inside an href is tagged with its place in the URL', () => {
    const table = new SlotTable('seed');
    const whole = table.markFields('{{subscriber.site}}');
    const part = table.markFields('{{subscriber.ref}}');
    const cut = table.cut(`<a href="${whole}">x</a> <a href="https://e.org/?r=${part}">y</a> ${whole}`, 'html');
    expect(cut.slots).toEqual([
      { kind: 'field', field: 'site', fallback: '', url: 'whole' },
      { kind: 'field', field: 'ref', fallback: '', url: 'part' },
      { kind: 'field', field: 'site', fallback: '', space: true },
    ]);
  });

  test('the same seed gives the same markers (deterministic builds)', () => {
    expect(new SlotTable('a').markFields('{{subscriber.x}}')).toBe(new SlotTable('a').markFields('{{subscriber.x}}'));
    expect(new SlotTable('a').markFields('{{subscriber.x}}')).not.toBe(new SlotTable('b').markFields('{{subscriber.x}}'));
  });
});

describe('personalize and personalValuesFor', () => {
  test('one reader gets subject, html and text filled for each medium', () => {
    const rendered = {
      subject: { parts: ['Für ', ''], slots: [{ kind: 'field', field: 'name', fallback: 'Sie' }] },
      html: { parts: ['<p>', '</p>'], slots: [{ kind: 'field', field: 'name', fallback: 'Sie' }] },
      text: { parts: ['', '\n'], slots: [{ kind: 'unsubscribe' }] },
    } as unknown as RenderedIssue;
    const reader = personalValuesFor(
      { email: 'a@example.org', key: 'a@example.org', name: 'A & B\nC', fields: { name: 'A & B\nC' }, line: 2 },
      'https://n.example.org/u/X',
    );
    expect(personalize(rendered, reader)).toEqual({ subject: 'Für A & B C', html: '<p>A &amp; B\nC</p>', text: 'https://n.example.org/u/X\n' });
  });

  test('recognised columns are available as name, first_name, email', () => {
    const reader = personalValuesFor(
      { email: 'b@example.org', key: 'b@example.org', firstName: 'Bea', lastName: 'Berg', fields: { vorname: 'Bea', ort: 'Trier' }, line: 3 },
      'u',
    );
    expect(reader.fields).toEqual({ vorname: 'Bea', ort: 'Trier', email: 'b@example.org', firstname: 'Bea', lastname: 'Berg', name: 'Bea Berg' });
  });
});
