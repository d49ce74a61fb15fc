import { describeImpossibleDate } from '../../src/source/dates.js';
import { didYouMean } from '../../src/source/did-you-mean.js';

const ITEM_FIELDS = ['title', 'subtitle', 'label', 'body', 'link', 'link_label', 'image', 'date', 'location', 'contact'];

describe('didYouMean', () => {
  test.each([
    ['tittle', 'title'],
    ['titel', 'title'],
    ['Title', 'title'],
    ['link-label', 'link_label'],
    ['linklabel', 'link_label'],
    ['locaton', 'location'],
    ['bdoy', 'body'],
    ['picture', undefined],
    ['x', undefined],
  ])('%s → %s', (found, expected) => {
    expect(didYouMean(found, ITEM_FIELDS)).toBe(expected);
  });
});

describe('describeImpossibleDate', () => {
  test.each([
    ['2020-12-01', undefined],
    ['2020-02-29', undefined],
    ['2000-02-29', undefined],
    ['2021-02-29', 'February 2021 has 28 days'],
    ['2100-02-29', 'February 2100 has 28 days'],
    ['2021-04-31', 'April 2021 has 30 days'],
    ['2021-01-00', 'there is no day 00'],
    ['2021-00-10', 'there is no month 00'],
  ])('%s', (date, expected) => {
    expect(describeImpossibleDate(date)).toBe(expected);
  });
});
