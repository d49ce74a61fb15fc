import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findConfigFile, loadConfig } from '../../src/config/load-config.js';
import { TINY_PNG, brief, writeProject } from '../helpers/issue-project.js';

const V = `name: Städtenetz
from: "Städtenetz <news@example.org>"
base_url: https://news.example.org
languages: [de, en]
`;

/** [what is wrong, config text, every problem as line:column: message] */
const cases: [string, string, string[]][] = [
  ['a sender that is no address', V.replace('"Städtenetz <news@example.org>"', 'news at example'), ['2:7: "from" must be one address such as "City Network <newsletter@example.org>", found "news at example"']],
  ['two senders', V.replace('"Städtenetz <news@example.org>"', '"a@example.org, b@example.org"'), ['2:7: "from" must be one address such as "City Network <newsletter@example.org>", found "a@example.org, b@example.org"']],
  ['a line break in the sender', V.replace('"Städtenetz <news@example.org>"', '"x@example.org\\nBcc: y@example.org"'), ['2:7: "from" must be one line, found a line break']],
  ['a base_url over http', V.replace('https://', 'http://'), ['3:11: warning: "base_url" uses http://: unsubscribe links and images should be served over https:// before you send']],
  ['a relative base_url', V.replace('https://news.example.org', 'news.example.org'), ['3:11: "base_url" must be an absolute http:// or https:// URL, found "news.example.org"']],
  ['an ftp base_url', V.replace('https://', 'ftp://'), ['3:11: "base_url" must be an absolute http:// or https:// URL, found "ftp://news.example.org"']],
  ['a default language not among the languages', `${V}default_language: fr\n`, ['5:19: "default_language" is "fr" but "languages" lists only de, en']],
  ['a language twice', V.replace('[de, en]', '[de, en, de]'), ['4:21: the language "de" is listed twice']],
  ['a language that is no tag', V.replace('[de, en]', '[de, english]'), ['4:17: item 2 of "languages" must be a language tag such as de, en or pt-BR, found "english"']],
  ['no sender', V.replace(/from:.*\n/, ''), ['1:1: missing required field "from"']],
  ['a typo in a field name', `${V}tagline_de: x\n`, ['5:1: unknown field "tagline_de"']],
  ['a list_id with a space', `${V}list_id: "my list"\n`, ['5:10: "list_id" must be a domain-like name such as newsletter.example.org']],
  ['a translation missing', `${V}tagline: {de: Nachrichten}\n`, ['5:1: warning: "tagline" has no "en" text; those readers get the de one']],
  ['a translation for an unknown language', `${V}tagline: {de: Nachrichten, en: News, fr: Nouvelles}\n`, ['5:38: warning: "fr" is not one of the newsletter\'s languages (de, en)']],
  ['a password in the SMTP URL', `${V}smtp: {url: "smtp://user:secret@mail.example.org:587"}\n`, ['5:13: "url" holds a password: secrets do not belong in the config file']],
  ['an SMTP URL that is not smtp', `${V}smtp: {url: "http://mail.example.org"}\n`, ['5:13: "url" must be an smtp:// or smtps:// URL, found "http://mail.example.org"']],
  ['a logo that is not there', `${V}logo: {src: logo.png, alt: Logo}\n`, ['5:13: image file not found: logo.png']],
  ['a javascript: link in the connect block', `${V}connect:\n  items:\n    - title: {de: A, en: B}\n      link: javascript:x\n`, ['8:13: "link" must not be a javascript: link (mail clients block them and they are unsafe); use an https:// address']],
  ['a connect image that is not there', `${V}connect:\n  items:\n    - title: A\n      image: {src: x.png, alt: X}\n`, ['8:20: image file not found: x.png']],
  ['a connect date range backwards', `${V}connect:\n  items:\n    - title: A\n      date: {from: 2020-11-05, to: 2020-10-26}\n`, ['8:36: the date range ends (2020-10-26) before it starts (2020-11-05)']],
  ['a partner email that is no address', `${V}footer:\n  partners:\n    - name: X\n      email: nope\n`, ['8:14: "email" must be an address such as info@example.org, found "nope"']],
  ['a relative imprint link', `${V}footer: {imprint_url: /imprint}\n`, ['5:23: "imprint_url" must be an absolute URL starting with https://, http://, mailto: or tel:, found "/imprint"']],
  ['a list where text belongs', `${V}tagline: [a, b]\n`, ['5:10: "tagline" must be text, or a mapping from language to text (de: …, en: …), found a list']],
  ['an empty file', '', ['1:1: the file is empty; expected the newsletter\'s settings: name, from, base_url, languages, …']],
  ['a YAML syntax error', `${V}tagline: [x\n`, ['6:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]']],
];

describe('newsletter.config.yaml: every problem, located', () => {
  test.each(cases)('%s', (_what, text, expected) => {
    const dir = writeProject({ 'newsletter.config.yaml': text });
    const { value, problems } = loadConfig({ cwd: dir });
    expect(brief(problems)).toEqual(expected);
    expect(problems.every((p) => p.file === 'newsletter.config.yaml')).toBe(true);
    if (problems.some((p) => p.severity === 'error')) expect(value).toBeUndefined();
    else expect(value).toBeDefined();
  });

  test('a typo gets a did-you-mean hint, a password a hint to use the environment', () => {
    const typo = loadConfig({ cwd: writeProject({ 'newsletter.config.yaml': `${V}tagline_de: x\n` }) });
    expect(typo.problems[0].hint).toBe('did you mean "tagline"?');
    const secret = loadConfig({ cwd: writeProject({ 'newsletter.config.yaml': `${V}smtp: {url: "smtp://u:p@h"}\n` }) });
    expect(secret.problems[0].hint).toMatch(/NEWSLETTER_SMTP_URL/);
  });
});

describe('finding and reading the config', () => {
  test('the nearest config in a parent folder is found', () => {
    const dir = writeProject({ 'newsletter.config.yaml': V, 'issues/deep/x.txt': '' });
    expect(findConfigFile(join(dir, 'issues', 'deep'))).toBe(join(dir, 'newsletter.config.yaml'));
    const { value } = loadConfig({ cwd: join(dir, 'issues', 'deep') });
    expect(value?.file).toBe(join(dir, 'newsletter.config.yaml'));
    expect(value?.dir).toBe(dir);
  });

  test('no config is one problem with a hint to run init or pass --config', () => {
    const dir = writeProject({ 'x.txt': '' });
    mkdirSync(join(dir, 'sub'));
    const { value, problems } = loadConfig({ cwd: join(dir, 'sub') });
    expect(value).toBeUndefined();
    expect(problems).toEqual([
      {
        file: 'newsletter.config.yaml',
        line: 1,
        column: 1,
        severity: 'error',
        message: `no newsletter.config.yaml in ${join(dir, 'sub')} or any parent folder`,
        hint: 'run "newsletter init" to create one, or pass --config FILE',
      },
    ]);
  });

  test('--config names another file, relative to the working folder', () => {
    const dir = writeProject({ 'other/news.yaml': V });
    expect(loadConfig({ cwd: dir, file: 'other/news.yaml' }).value?.dir).toBe(join(dir, 'other'));
    expect(brief(loadConfig({ cwd: dir, file: 'missing.yaml' }).problems)).toEqual(['1:1: config file not found: missing.yaml']);
  });

  test('defaults fill what the file leaves out, and say so', () => {
    const dir = writeProject({ 'newsletter.config.yaml': 'name: N\nfrom: n@example.org\nbase_url: https://news.example.org/\n' });
    const { value, problems } = loadConfig({ cwd: dir });
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      base_url: 'https://news.example.org',
      default_language: 'en',
      languages: ['en'],
      list_id: 'news.example.org',
      defaulted: ['default_language', 'languages', 'list_id'],
    });
  });

  test('the example project\'s config is valid', () => {
    const { problems } = loadConfig({ cwd: join(process.cwd()) });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  test('a config with local images resolves them against its folder', () => {
    const dir = writeProject({ 'newsletter.config.yaml': `${V}logo: {src: img/logo.png, alt: {de: Logo, en: Logo}}\n`, 'img/logo.png': TINY_PNG });
    expect(loadConfig({ cwd: dir }).value?.logo).toEqual({ src: join(dir, 'img/logo.png'), alt: { de: 'Logo', en: 'Logo' } });
  });
});

describe('text in the config', () => {
  test('per-language text is checked like issue text, named by its field', () => {
    const text = `${V}tagline: {de: "Hallo {{ leser }}", en: Hello}\nconnect:\n  intro: {de: "<b>Neu</b>", en: New}\n  items: []\n`;
    const { problems } = loadConfig({ cwd: writeProject({ 'newsletter.config.yaml': text }) });
    expect(brief(problems)).toEqual([
      '5:22: "{{ leser }}" is not a personal field: only {{subscriber.<column>}} is allowed in content',
      '7:16: warning: raw HTML <b> in "intro" is shown as text, not used as markup',
      '7:22: warning: raw HTML </b> in "intro" is shown as text, not used as markup',
    ]);
  });
});
