import { formatMonthYear, formatWhen } from '../../src/render/dates.js';
import { loadLocale } from '../../src/render/locale.js';
import { DEFAULT_LOCALES_DIR } from '../../src/render/render-issue.js';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const de = loadLocale('de', [DEFAULT_LOCALES_DIR]);
const en = loadLocale('en', [DEFAULT_LOCALES_DIR]);

describe('dates in the default locales', () => {
  test.each([
    ['de', '2020-11-05', '05.11.2020'],
    ['de', { from: '2020-10-26', to: '2020-11-05' }, '26.10.–05.11.2020'],
    ['de', { from: '2020-11-17', to: '2020-11-19' }, '17.–19.11.2020'],
    ['de', { from: '2020-12-30', to: '2021-01-02' }, '30.12.2020–02.01.2021'],
    ['de', { from: '2020-11-05', to: '2020-11-05' }, '05.11.2020'],
    ['en', '2020-11-05', '5 November 2020'],
    ['en', { from: '2020-10-26', to: '2020-11-05' }, '26 Oct – 5 Nov 2020'],
    ['en', { from: '2020-11-17', to: '2020-11-19' }, '17–19 November 2020'],
    ['en', { from: '2020-12-30', to: '2021-01-02' }, '30 Dec 2020 – 2 Jan 2021'],
  ])('%s %j → %s', (lang, when, expected) => {
    expect(formatWhen(when, (lang === 'de' ? de : en).dates)).toBe(expected);
  });

  test('the issue line names the month', () => {
    expect(formatMonthYear('2020-12-01', de.dates)).toBe('Dezember 2020');
    expect(formatMonthYear('2020-12-01', en.dates)).toBe('December 2020');
  });
});

describe('loadLocale', () => {
  test('strings come from the locale file of the language', () => {
    expect([de.headings.review, de.headings.insight, de.headings.outlook, de.read_more]).toEqual(['Rückblick', 'Einblick', 'Ausblick', 'Mehr']);
    expect([en.headings.review, en.headings.insight, en.headings.outlook, en.read_more]).toEqual(['Review', 'Insight', 'Outlook', 'Read more']);
  });

  test('a regional tag falls back to its language, an unknown language to English', () => {
    expect(loadLocale('de-AT', [DEFAULT_LOCALES_DIR]).read_more).toBe('Mehr');
    expect(loadLocale('pt-BR', [DEFAULT_LOCALES_DIR]).read_more).toBe('Read more');
  });

  test('a project locale file overrides single keys and keeps the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsletter-locale-'));
    mkdirSync(join(dir, 'locales'));
    writeFileSync(join(dir, 'locales', 'de.yaml'), 'read_more: Weiterlesen\nheadings:\n  review: Was war\n');
    const mine = loadLocale('de', [join(dir, 'locales'), DEFAULT_LOCALES_DIR]);
    expect([mine.read_more, mine.headings.review, mine.headings.insight, mine.dates.day]).toEqual(['Weiterlesen', 'Was war', 'Einblick', '{DD}.{MM}.{YYYY}']);
  });
});

describe('a language without locale file', () => {
  test('falls back to English and says so', () => {
    expect(loadLocale('pt-BR', [DEFAULT_LOCALES_DIR]).fallback).toBe('en');
    expect(loadLocale('de-AT', [DEFAULT_LOCALES_DIR]).fallback).toBeUndefined();
    expect(loadLocale('en', [DEFAULT_LOCALES_DIR]).fallback).toBeUndefined();
  });
});
