import { normalizeAddress } from '../../src/subscribers/email-address.js';

describe('normalizeAddress', () => {
  test('a local part in decomposed Unicode is the same reader as the composed one', () => {
    const composed = normalizeAddress('ann\u00e4@example.org');
    const decomposed = normalizeAddress('anna\u0308@example.org');
    expect(composed).toEqual({ ok: true, email: 'ann\u00e4@example.org', key: 'ann\u00e4@example.org' });
    expect(decomposed).toEqual(composed);
  });
});
