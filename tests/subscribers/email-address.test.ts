import { normalizeAddress } from '../../src/subscribers/email-address.js';

describe('normalizeAddress', () => {
  test('a local part in decomposed Unicode is the same reader as the composed one', () => {
    const composed = normalizeAddress('ann\u00e4@example.org');
    const decomposed = normalizeAddress('anna\u0308@example.org');
    expect(composed).toEqual({ ok: true, email: 'ann\u00e4@example.org', key: 'ann\u00e4@example.org' });
    expect(decomposed).toEqual(composed);
  });
});

describe('control and text-direction characters (issue 11, item 7)', () => {
  test.each([
    ['backspace', 'ann\u0008a@example.org', 'U+0008'],
    ['an ESC sequence', 'anna\u001b[2J@example.org', 'U+001B'],
    ['a terminal title (OSC)', 'anna\u001b]0;x\u0007@example.org', 'U+001B'],
    ['DEL', 'anna\u007f@example.org', 'U+007F'],
    ['C1 CSI', 'anna\u009b2J@example.org', 'U+009B'],
    ['C1 NEL', 'anna\u0085@example.org', 'U+0085'],
    ['right-to-left override', 'anna\u202e@example.org', 'U+202E'],
    ['left-to-right embedding', '\u202aanna@example.org', 'U+202A'],
    ['first-strong isolate', 'anna@exa\u2068mple.org', 'U+2068'],
    ['pop directional isolate', 'anna\u2069@example.org', 'U+2069'],
    ['right-to-left mark', 'anna\u200f@example.org', 'U+200F'],
    ['a line break inside', 'anna\n@example.org', 'U+000A'],
  ])('%s is refused and named', (_name, value, label) => {
    expect(normalizeAddress(value)).toEqual({ ok: false, reason: `contains an invisible control or text-direction character (${label}); an address cannot hold one` });
  });

  test('spaces and tabs around an address are still just trimmed', () => {
    expect(normalizeAddress('\t anna@example.org \t')).toMatchObject({ ok: true, email: 'anna@example.org' });
  });
});
