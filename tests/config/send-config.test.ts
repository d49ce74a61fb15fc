import { loadConfig } from '../../src/config/load-config.js';
import { brief, writeProject } from '../helpers/issue-project.js';

const V = `name: Städtenetz
from: "Städtenetz <news@example.org>"
base_url: https://news.example.org
languages: [de, en]
`;

describe('send.limits and send.window in newsletter.config.yaml', () => {
  test('are read and parsed', () => {
    const text = `${V}send:\n  limits: {per_minute: 30, per_day: 10000}\n  window: {days: mon-fri, hours: "08:00-18:00", time_zone: Europe/Berlin}\n`;
    const { value, problems } = loadConfig({ cwd: writeProject({ 'newsletter.config.yaml': text }) });
    expect(problems).toEqual([]);
    expect(value?.send).toEqual({
      limits: { per_minute: 30, per_day: 10000 },
      window: { days: [1, 2, 3, 4, 5], hours: [{ from: 480, to: 1080 }], timeZone: 'Europe/Berlin' },
    });
  });

  test.each([
    ['an unknown time zone', 'window: {hours: "08:00-18:00", time_zone: Europe/Berlun}', ['6:45: "time_zone" must be an IANA time zone, found "Europe/Berlun"']],
    ['a day that is none', 'window: {days: mon-fry}', ['6:18: "days": "mon-fry" is not a day or a range of days: use mon, tue, wed, thu, fri, sat, sun, e.g. mon-fri']],
    ['hours across midnight', 'window: {hours: "22:00-06:00"}', ['6:19: "hours": "22:00-06:00" ends before it starts']],
    ['a daily limit that is not whole', 'limits: {per_day: 99.5}', ['6:21: "per_day" must be a whole number, found the number 99.5']],
    ['a typo in a limit', 'limits: {per_days: 100}', ['6:12: unknown field "per_days"']],
  ])('%s is a located problem', (_what, line, expected) => {
    const { value, problems } = loadConfig({ cwd: writeProject({ 'newsletter.config.yaml': `${V}send:\n  ${line}\n` }) });
    expect(brief(problems)).toEqual(expected);
    expect(value).toBeUndefined();
  });
});
