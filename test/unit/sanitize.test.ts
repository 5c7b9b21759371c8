import { describe, expect, it } from 'vitest';
import { safeLine, stripControl } from '../../src/core/sanitize.js';

describe('stripControl', () => {
  it.each([
    ['colour', 'a\u001b[31mred\u001b[0mb', 'aredb'],
    ['title change (OSC)', 'x\u001b]0;pwned\u0007y', 'xy'],
    ['clear screen', '\u001b[2J\u001b[Hok', 'ok'],
    ['bell and backspace', 'a\u0007b\u0008c', 'abc'],
    ['C1 CSI', 'a\u009b31mb', 'ab'],
  ])('removes %s', (_name, input, expected) => {
    expect(stripControl(input)).toBe(expected);
  });

  it('keeps newlines and tabs, safeLine folds them', () => {
    expect(stripControl('a\n\tb')).toBe('a\n\tb');
    expect(safeLine('a\n\tb')).toBe('a b');
  });
});
