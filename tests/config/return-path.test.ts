import { loadConfig } from '../../src/config/load-config.js';
import { TOKEN_LENGTH, UNSUBSCRIBE_PREFIX } from '../../src/unsubscribe/verp-token.js';
import { VERP_SUFFIX_LENGTH } from '../../src/config/config-checks.js';
import { brief, writeProject } from '../helpers/issue-project.js';

const V = `name: News
from: "News <news@example.org>"
base_url: https://news.example.org
`;
const load = (text: string) => loadConfig({ cwd: writeProject({ 'newsletter.config.yaml': text }) });

describe('return_path and bounces in the config', () => {
  it('takes a plain address and the bounce settings', () => {
    const { value, problems } = load(`${V}return_path: bounces@news.example.org\nbounces: {separator: "-", soft_limit: 2, processed_folder: Done}\n`);
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ return_path: 'bounces@news.example.org', bounces: { separator: '-', soft_limit: 2, processed_folder: 'Done' } });
  });

  it.each([
    ['a display name', `${V}return_path: "News <bounces@news.example.org>"\n`, ['4:14: "return_path" must be one plain address such as bounces@news.example.org, found "News <bounces@news.example.org>"']],
    ['no address', `${V}return_path: bounces\n`, ['4:14: "return_path" must be one plain address such as bounces@news.example.org, found "bounces"']],
    [
      'a local part with no room for the token',
      `${V}return_path: the-bounces-of-our-newsletter@news.example.org\n`,
      ['4:14: "return_path"\'s local part "the-bounces-of-our-newsletter" is too long for a per-message token: the address would have 77 characters before the @, at most 64 are allowed'],
    ],
    ['a separator of several characters', `${V}return_path: b@news.example.org\nbounces: {separator: "++"}\n`, ['5:22: "separator" must be one of + - = _ . (what your mail system puts between an address and its extension)']],
    ['a soft limit of 0', `${V}return_path: b@news.example.org\nbounces: {soft_limit: 0}\n`, ['5:23: "soft_limit" must be at least 1, found the number 0']],
  ])('refuses %s', (_what, text, expected) => {
    expect(brief(load(text).problems)).toEqual(expected);
  });

  it('a long local part is fine with verp: false', () => {
    expect(load(`${V}return_path: the-bounces-of-our-newsletter@news.example.org\nbounces: {verp: false}\n`).problems).toEqual([]);
  });

  it('counts the token as long as the token code makes it', () => {
    expect(VERP_SUFFIX_LENGTH).toBe(UNSUBSCRIBE_PREFIX.length + TOKEN_LENGTH);
  });
});
