import { join } from 'node:path';
import { symlinkSync } from 'node:fs';
import { loadIssue } from '../../src/issue/load-issue.js';
import { TINY_PNG, VALID_ISSUE, brief, testConfig, writeProject } from '../helpers/issue-project.js';

const LONG = 'x'.repeat(201);
const V = VALID_ISSUE;

/** [what is wrong, file name under issues/, file text, every problem as line:column: message] */
const cases: [string, string, string, string[]][] = [
  ['YAML syntax error', 'x.de.yaml', 'number: 34\nsubject: "Hallo\n', ["3:1: YAML syntax error: Missing closing quote (\")"]],
  ['YAML bad indentation', 'x.de.yaml', 'number: 34\n  date: 2020-12-01\nsubject: x\n', ["1:9: YAML syntax error: Nested mappings are not allowed in compact mappings"]],
  ['tab indentation', 'x.de.yaml', 'number: 34\nreview:\n\t- title: x\n', ["3:1: YAML syntax error: a tab is used for indentation"]],
  ['colon in plain text', 'x.de.yaml', 'number: 34\nsubject: Hallo: Welt: x\n', ["2:10: YAML syntax error: Nested mappings are not allowed in compact mappings"]],
  ['duplicate key', 'x.de.yaml', V + 'subject: again\n', ["6:1: field \"subject\" appears twice in the same block"]],
  ['empty file', 'x.de.yaml', '', ["1:1: the file is empty; expected an issue: fields such as number, date, subject and the sections"]],
  ['only a comment', 'x.de.yaml', '# nothing yet\n', ["1:1: the file is empty; expected an issue: fields such as number, date, subject and the sections"]],
  ['a list', 'x.de.yaml', '- a\n- b\n', ["1:1: expected an issue: fields such as number, date, subject and the sections as \"key: value\" lines, found a list"]],
  ['a scalar', 'x.de.yaml', 'hello\n', ["1:1: expected an issue: fields such as number, date, subject and the sections as \"key: value\" lines, found a single value"]],
  ['unknown field', 'x.de.yaml', V + '  - tittle: Workshop 2\n', ["6:5: unknown field \"tittle\""]],
  ['unknown top field', 'x.de.yaml', V + 'subjct: x\nfoo: 1\n', ["6:1: unknown field \"subjct\"", "7:1: unknown field \"foo\""]],
  ['wrong type number', 'x.de.yaml', V.replace('number: 34', 'number: "34"'), ["1:9: \"number\" must be a number, found text \"34\""]],
  ['number zero', 'x.de.yaml', V.replace('number: 34', 'number: 0'), ["1:9: \"number\" must be at least 1, found the number 0"]],
  ['number fraction', 'x.de.yaml', V.replace('number: 34', 'number: 3.5'), ["1:9: \"number\" must be a whole number, found the number 3.5"]],
  ['title a number', 'x.de.yaml', V.replace('title: Workshop', 'title: 2021'), ["5:12: \"title\" must be text, found the number 2021"]],
  ['review a mapping', 'x.de.yaml', V.replace('review:\n  - title: Workshop\n', 'review:\n  title: Workshop\n'), ["5:3: \"review\" must be a list (lines starting with \"- \"), found a mapping"]],
  ['item a string', 'x.de.yaml', V + '  - Workshop 2\n', ["6:5: item 2 of \"review\" must be a mapping of fields (key: value lines), found text \"Workshop 2\""]],
  ['missing required', 'x.de.yaml', V.replace('subject: Hallo\n', ''), ["1:1: missing required field \"subject\""]],
  ['empty required', 'x.de.yaml', V.replace('subject: Hallo', 'subject:'), ["3:1: \"subject\" is empty"]],
  ['impossible date', 'x.de.yaml', V.replace('2020-12-01', '2021-02-31'), ["2:7: \"date\" is not a real date: February 2021 has 28 days"]],
  ['month 13', 'x.de.yaml', V.replace('2020-12-01', '2021-13-01'), ["2:7: \"date\" is not a real date: there is no month 13"]],
  ['date format', 'x.de.yaml', V.replace('2020-12-01', '1.12.2020'), ["2:7: \"date\" must be a date written YYYY-MM-DD, found \"1.12.2020\""]],
  ['javascript link', 'x.de.yaml', V + '    link: javascript:alert(1)\n', ["6:11: \"link\" must not be a javascript: link (mail clients block them and they are unsafe); use an https:// address"]],
  ['ftp link', 'x.de.yaml', V + '    link: ftp://example.org/file\n', ["6:11: \"link\" must be an https://, http://, mailto: or tel: link, found a \"ftp:\" link"]],
  ['relative link', 'x.de.yaml', V + '    link: www.example.org\n', ["6:11: \"link\" must be an absolute URL starting with https://, http://, mailto: or tel:, found \"www.example.org\""]],
  ['image no alt', 'x.de.yaml', V + '    image:\n      src: images/photo.png\n', ["6:5: missing required field \"alt\""]],
  ['image missing', 'x.de.yaml', V + '    image: {src: images/nope.png, alt: Ein Foto}\n', ["6:18: image file not found: images/nope.png"]],
  ['image http', 'x.de.yaml', V + '    image: {src: "http://example.org/a.png", alt: Ein Foto}\n', ["6:18: image \"src\" must be a path relative to the file or an https:// URL, found \"http://example.org/a.png\""]],
  ['line break subject', 'x.de.yaml', V.replace('subject: Hallo', 'subject: "Hallo\\nBcc: x@example.org"'), ["3:10: \"subject\" must be one line, found a line break"]],
  ['line break title block', 'x.de.yaml', V.replace('title: Workshop', 'title: |\n      Work\n      shop'), ["5:12: \"title\" must be one line, found a line break"]],
  ['bad placeholder block', 'x.de.yaml', V + '    body: |\n      Liebe Leute,\n      heute {{ issue.number }} und {{subscriber.name}}\n', ["8:13: \"{{ issue.number }}\" is not a personal field: only {{subscriber.<column>}} is allowed in content"]],
  ['bad placeholder subject', 'x.de.yaml', V.replace('subject: Hallo', 'subject: Hallo {{name}}'), ["3:16: \"{{name}}\" is not a personal field: only {{subscriber.<column>}} is allowed in content"]],
  ['placeholder in link', 'x.de.yaml', V + '    link: "https://example.org/?u={{subscriber.id}}"\n', ["6:35: personal fields such as \"{{subscriber.id}}\" cannot be used in \"link\""]],
  ['no items', 'x.de.yaml', V.replace('review:\n  - title: Workshop\n', 'review: []\n'), ["4:1: the issue has no items: add at least one item to \"review\", \"insight\" or \"outlook\""]],
  ['no sections', 'x.de.yaml', V.replace('review:\n  - title: Workshop\n', ''), ["1:1: the issue has no items: add at least one item to \"review\", \"insight\" or \"outlook\""]],
  ['language mismatch', 'x.de.yaml', V + 'language: en\n', ["6:11: \"language\" is \"en\" but the file name says \"de\""]],
  ['language not configured', 'x.fr.yaml', V, ["1:1: the language \"fr\" is not one of the newsletter's languages (de, en)"]],
  ['bad id', 'Nr 34.de.yaml', V, ["1:1: the issue id \"Nr 34\" in the file name may only hold lowercase letters, digits and hyphens, starting with a letter or digit"]],
  ['not yaml ext', 'x.txt', V, ["1:1: \"x.txt\" is not an issue file: issue files end in .yaml"]],
  ['subject long', 'x.de.yaml', V.replace('subject: Hallo', 'subject: ' + LONG), ["3:10: \"subject\" is 201 characters long; at most 200 are allowed"]],
  ['raw html', 'x.de.yaml', V + '    body: "Mehr <b>hier</b>"\n', ["6:17: warning: raw HTML <b> in \"body\" is shown as text, not used as markup", "6:24: warning: raw HTML </b> in \"body\" is shown as text, not used as markup"]],
  ['markdown js link', 'x.de.yaml', V + '    body: "[klick](javascript:alert(1))"\n', ["6:12: a link in \"body\" uses \"javascript:\"; only https:, http:, mailto: or tel: links are allowed"]],
  ['markdown js link, reference-style', 'x.de.yaml', V + '    body: "Hier [klick][r]\\n\\n[r]: javascript:alert(1)"\n', ["6:17: a link in \"body\" uses \"javascript:\"; only https:, http:, mailto: or tel: links are allowed"]],
  ['markdown js link, entity-encoded', 'x.de.yaml', V + '    body: "[klick](javascript&#58;alert(1))"\n', ["6:12: a link in \"body\" uses \"javascript:\"; only https:, http:, mailto: or tel: links are allowed"]],
  ['markdown js link, autolink', 'x.de.yaml', V + '    body: "<javascript:alert(1)>"\n', ["6:12: a link in \"body\" uses \"javascript:\"; only https:, http:, mailto: or tel: links are allowed"]],
  ['markdown data link in a list', 'x.de.yaml', V + '    body: "- [x](DATA:text/html,hi)"\n', ["6:14: a link in \"body\" uses \"data:\"; only https:, http:, mailto: or tel: links are allowed"]],
  ['date range reversed', 'x.de.yaml', V + '    date: {from: 2020-11-05, to: 2020-10-26}\n', ["6:34: the date range ends (2020-10-26) before it starts (2020-11-05)"]],
  ['date range bad', 'x.de.yaml', V + '    date: {from: 2020-11-05, until: 2020-10-26}\n', ["6:5: missing required field \"to\"", "6:30: unknown field \"until\""]],
  ['date item wrong', 'x.de.yaml', V + '    date: next week\n', ["6:11: \"date\" must be a date written YYYY-MM-DD, found \"next week\""]],
  ['headings typo', 'x.de.yaml', V + 'headings:\n  reviw: Rückblick\n', ["7:3: unknown field \"reviw\""]],
  ['unclosed braces', 'x.de.yaml', V + '    body: "Hallo {{subscriber.name"\n', ["6:18: warning: \"{{\" without a closing \"}}\" in \"body\""]],
];

describe('invalid issue files: every problem, located', () => {
  test.each(cases)('%s', async (_what, name, text, expected) => {
    const dir = writeProject({ [`issues/${name}`]: text, 'issues/images/photo.png': TINY_PNG });
    const { value, problems } = await loadIssue(join(dir, 'issues', name), testConfig(dir));
    expect(brief(problems)).toEqual(expected);
    if (problems.some((p) => p.severity === 'error')) expect(value).toBeUndefined();
  });
});

describe('hints that say what to do', () => {
  test.each([
    ['a typo in a field name', V + '  - tittle: Workshop 2\n', 'did you mean "title"?'],
    ['a colon in plain text', 'number: 34\nsubject: Rückblick: 2020\n', 'text containing ": " must be put in quotes, e.g. subject: "Rückblick: 2020"; else check the indentation'],
    ['a quoted number', V.replace('number: 34', 'number: "34"'), 'write the number without quotes'],
    ['a title that YAML reads as a number', V.replace('title: Workshop', 'title: 2021'), 'put it in quotes: "2021"'],
    ['a field unknown and not close to any', V + 'foo: 1\n', 'known fields here: number, date, subject, preheader, language, intro, signoff, headings, review, insight, outlook, public'],
  ])('%s', async (_what, text, hint) => {
    const dir = writeProject({ 'issues/x.de.yaml': text });
    const { problems } = await loadIssue(join(dir, 'issues', 'x.de.yaml'), testConfig(dir));
    expect(problems.map((p) => p.hint)).toContain(hint);
  });
});

describe('images are images, from inside the project', () => {
  const GIF = Buffer.from('R0lGODlhAQABAAAAACw=', 'base64');
  const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
  const WEBP_HEAD = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
  test.each([
    ['a PNG', 'p.png', TINY_PNG, []],
    ['a GIF', 'p.gif', GIF, []],
    ['a JPEG named .png', 'p.png', JPEG_HEAD, []],
    ['a WebP', 'p.webp', WEBP_HEAD, []],
    ['a database named .png', 'p.png', Buffer.from('SQLite format 3\0'), ['6:18: "p.png" is not an image: its content is not PNG, JPEG, GIF or WebP']],
    ['an SVG', 'p.svg', Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), ['6:18: image "p.svg" is an SVG drawing: SVG is not accepted']],
  ])('%s', async (_what, name, bytes, expected) => {
    const dir = writeProject({ 'issues/x.de.yaml': `${V}    image: {src: ${name}, alt: Bild}\n`, [`issues/${name}`]: bytes });
    const { problems } = await loadIssue(join(dir, 'issues', 'x.de.yaml'), testConfig(dir));
    expect(brief(problems)).toEqual(expected);
  });

  test.each([
    ['a path out of the project', '../.newsletter/state.sqlite', '6:18: image "../.newsletter/state.sqlite" lies outside the project folder'],
    ['an absolute path', '/etc/passwd', '6:18: image "src" must be a path relative to the file, found the absolute path "/etc/passwd"'],
    ['a hidden folder', '.secret/p.png', '6:18: image ".secret/p.png" is in a hidden file or folder; those are never published'],
    ['a link out of the project', 'out.png', '6:18: image "out.png" is a link to a file outside the project folder'],
  ])('%s is refused', async (_what, src, expected) => {
    const outside = writeProject({ 'p.png': TINY_PNG });
    const dir = writeProject({ 'issues/x.de.yaml': `${V}    image: {src: ${src}, alt: Bild}\n`, 'issues/.secret/p.png': TINY_PNG, '.newsletter/state.sqlite': TINY_PNG });
    symlinkSync(join(outside, 'p.png'), join(dir, 'issues', 'out.png'));
    const { problems } = await loadIssue(join(dir, 'issues', 'x.de.yaml'), testConfig(dir));
    expect(brief(problems)).toEqual([expected]);
  });
});
