import { preferredLanguage } from './language';

describe('preferredLanguage', () => {
  it.each([
    ['nn', 'nn'],
    ['nn-NO', 'nn'],
    ['no-NN', 'nn'],
    ['en;q=0.4, nn;q=0.9', 'nn'],
    ['nn;q=0.2, en', 'en'],
    ['nb', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ] as const)('%s -> %s', (header, expected) => {
    expect(preferredLanguage(header)).toBe(expected);
  });
});
