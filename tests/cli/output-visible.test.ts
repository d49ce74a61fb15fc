import { visible } from '../../src/cli/output.js';

describe('visible: every value printed shows its control characters (issue 11, item 7)', () => {
  test.each([
    ['an ESC sequence', 'anna\u001b[2J@example.org', 'anna<U+001B>[2J@example.org'],
    ['a window title (OSC … BEL)', '\u001b]0;pwned\u0007', '<U+001B>]0;pwned<U+0007>'],
    ['backspaces that rub out text', 'ok\u0008\u0008no', 'ok<U+0008><U+0008>no'],
    ['carriage return', 'safe\rEVIL', 'safe<U+000D>EVIL'],
    ['C1 CSI and DEL', 'a\u009b2Jb\u007f', 'a<U+009B>2Jb<U+007F>'],
    ['a right-to-left override', 'bob\u202egro.elpmaxe@', 'bob<U+202E>gro.elpmaxe@'],
    ['isolates and marks', '\u2066x\u2069\u200f\u061c', '<U+2066>x<U+2069><U+200F><U+061C>'],
    ['line breaks and tabs of our own layout', 'line 1\n\tline 2', 'line 1\n\tline 2'],
    ['plain Unicode', 'Jürgen Müller <jürgen@münchen.example>', 'Jürgen Müller <jürgen@münchen.example>'],
  ])('%s', (_name, text, shown) => {
    expect(visible(text)).toBe(shown);
  });

  test('on a colour terminal our own colour codes stay, anything else is shown', () => {
    expect(visible('\u001b[31merror:\u001b[0m anna\u001b[8m@x', true)).toBe('\u001b[31merror:\u001b[0m anna<U+001B>[8m@x');
    expect(visible('\u001b[31merror:\u001b[0m', false)).toBe('<U+001B>[31merror:<U+001B>[0m');
  });
});
