import type { Config } from '../../src/config/types.js';
import { localizeConfig, pickLanguage } from '../../src/config/localize-config.js';
import { parseAddress } from '../../src/config/address.js';

describe('pickLanguage', () => {
  test.each([
    ['Hallo', 'en', 'Hallo'],
    [{ de: 'Hallo', en: 'Hello' }, 'en', 'Hello'],
    [{ de: 'Hallo', en: 'Hello' }, 'fr', 'Hallo'],
    [{ fr: 'Salut', it: 'Ciao' }, 'en', 'Salut'],
    [{ DE: 'Hallo' }, 'de', 'Hallo'],
  ] as const)('%j in %s → %s', (value, lang, expected) => {
    expect(pickLanguage(value, lang, 'de')).toBe(expected);
  });
});

describe('localizeConfig', () => {
  const config: Config = {
    dir: '/news',
    name: { de: 'Städtenetz', en: 'City Network' },
    tagline: { de: 'Nachrichten' },
    from: 'Städtenetz <news@example.org>',
    base_url: 'https://news.example.org',
    default_language: 'de',
    languages: ['de', 'en'],
    list_id: 'news.example.org',
    logo: { src: '/news/logo.png', alt: { de: 'Logo des Netzes', en: 'Network logo' } },
    connect: {
      heading: { de: 'Verbinden', en: 'Connect' },
      items: [{ title: { de: 'Mitmachen', en: 'Join' }, link: 'https://example.org', date: { from: '2020-10-26', to: '2020-11-05' } }],
    },
    footer: { partners: [{ name: 'Verband', address: { de: 'Straße 1', en: 'Street 1' }, email: 'info@example.org' }], copyright: '© 2020', imprint_url: 'https://example.org/imprint' },
  };

  test('resolves every per-language text for one language, falling back to the default', () => {
    expect(localizeConfig(config, 'en')).toEqual({
      lang: 'en',
      name: 'City Network',
      tagline: 'Nachrichten',
      from: 'Städtenetz <news@example.org>',
      base_url: 'https://news.example.org',
      list_id: 'news.example.org',
      logo: { src: '/news/logo.png', alt: 'Network logo' },
      connect: { heading: 'Connect', items: [{ title: 'Join', link: 'https://example.org', date: { from: '2020-10-26', to: '2020-11-05' } }] },
      footer: { partners: [{ name: 'Verband', address: 'Street 1', email: 'info@example.org' }], copyright: '© 2020', imprint_url: 'https://example.org/imprint' },
    });
  });
});

describe('parseAddress', () => {
  test.each([
    ['news@example.org', { address: 'news@example.org' }],
    ['Städtenetz <news@example.org>', { name: 'Städtenetz', address: 'news@example.org' }],
    ['"Netz, Redaktion" <news@example.org>', { name: 'Netz, Redaktion', address: 'news@example.org' }],
    ['<news@example.org>', { address: 'news@example.org' }],
    ['news at example.org', undefined],
    ['a@example.org, b@example.org', undefined],
    ['x@example.org\r\nBcc: y@example.org', undefined],
    ['Name <news@localhost>', undefined],
  ])('%j', (text, expected) => {
    expect(parseAddress(text)).toEqual(expected);
  });
});
