/** Issue 21: what the text said and what escapes stand for never look the same. */
import { describe, expect, it } from 'vitest';
import { visibleName, visibleText } from '../../src/term/visible-text.js';

describe('a literal backslash is told apart from an escape', () => {
  it('the four characters \\xff and the byte 0xff show differently', () => {
    const literal = visibleText(Buffer.from('\\xff', 'latin1'));
    const byte = visibleText(Buffer.from([0xff]));
    expect(byte).toBe('\\xff');
    expect(literal).toBe('\\\\xff');
    expect(literal).not.toBe(byte);
  });

  it('a literal \\e[1A and a real ESC [1A differ; so do \\\\ and \\ before an escaped byte', () => {
    expect(visibleText('\\e[1A')).not.toBe(visibleText('\x1b[1A'));
    expect(visibleText('\x1b[1A')).toBe('\\e[1A');
    expect(visibleText('\\\x1b')).toBe('\\\\\\e'); // a backslash, then ESC
    expect(visibleText(Buffer.from([0x5c, 0xff]))).toBe('\\\\\\xff'); // a backslash, then the byte 0xff
    expect(visibleText('\\\\x')).toBe('\\\\\\\\x'); // two backslashes, then x
  });

  it('a backslash that cannot be read as an escape stays single (paths, regexes)', () => {
    expect(visibleText('C:\\Windows\\System32 \\d+ \\w')).toBe('C:\\Windows\\System32 \\d+ \\w');
  });
});

describe('visibleName: invisible characters are shown', () => {
  it('two names that differ by a zero-width space no longer look the same', () => {
    expect(visibleName('Ada')).toBe('Ada');
    expect(visibleName('A\u200bda')).toBe('A\\u200bda');
    expect(visibleName('\ufeffAda\u00ad')).toBe('\\ufeffAda\\u00ad');
    expect(visibleName('Ada\u2066x')).toBe('Ada\\u2066x');
  });

  it('control characters and escape sequences are shown as in program output, tabs too', () => {
    expect(visibleName('\x1b]0;pwned\x07\x1b]52;c;Zm9v\x07\tx')).toBe('\\e]0;pwned\\a\\e]52;c;Zm9v\\a\\tx');
  });
});
