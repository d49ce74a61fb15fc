import { detectDelimiter, matchLanguage } from '../../src/subscribers/index.js';

describe('matchLanguage', () => {
  test.each([
    ['de', ['de', 'en'], 'en', 'de'],
    ['EN', ['de', 'en'], 'de', 'en'],
    ['en-GB', ['de', 'en'], 'de', 'en'],
    ['en_gb', ['de', 'en'], 'de', 'en'],
    ['pt-BR', ['pt-PT', 'pt-BR', 'en'], 'en', 'pt-BR'],
    ['pt-br', ['pt-PT', 'pt-BR', 'en'], 'en', 'pt-BR'],
    ['pt', ['en', 'pt-BR'], 'en', 'pt-BR'],
    ['pt-AO', ['pt', 'pt-BR'], 'en', 'pt'],
    ['fr', ['de', 'en'], 'de', 'de'],
    ['', ['de', 'en'], 'en', 'en'],
    ['  ', ['de', 'en'], 'en', 'en'],
    [undefined, ['de', 'en'], 'de', 'de'],
  ] as [string | undefined, string[], string, string][])('%p of %p (fallback %p) → %p', (value, available, fallback, expected) => {
    expect(matchLanguage(value, available, fallback)).toBe(expected);
  });
});

describe('detectDelimiter', () => {
  test.each([
    ['email,name', ','],
    ['E-Mail;Vorname;Sprache', ';'],
    ['email\tname', '\t'],
    ['email', ','],
    ['"Name, voll";email;Sprache', ';'],
    ['"a;b;c",email', ','],
  ])('%p → %p', (header, expected) => {
    expect(detectDelimiter(header)).toBe(expected);
  });
});
