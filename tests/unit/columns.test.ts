/**
 * The one fit(): printable ASCII is measured and cut without the Unicode tables, and must agree
 * with the full measure (string-width, cli-truncate) column for column; other text is measured
 * by the common blocks until the exact widths load, then exactly.
 */
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { approxGraphemeWidth, cut, fit, hasWideText, needsWideText, padEnd, visibleLength } from '../../src/term/columns.js';
import { loadWideText } from '../../src/term/wide-text.js';

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
/** The full measure's cut, as exact-width.ts makes it: the oracle for the ASCII fast path. */
const fullFit = (s: string, w: number, ellipsis: string) => {
  const cut = stringWidth(s) > w ? cliTruncate(s, w, { truncationCharacter: ellipsis }) : s;
  return cut + ' '.repeat(Math.max(0, w - stringWidth(cut)));
};

describe('fit', () => {
  it('before the exact widths load, wide text is measured by the common blocks (never wider than asked)', () => {
    expect(hasWideText()).toBe(false);
    expect(fit('日本語', 5)).toBe('日本 ');
    expect(fit('naïve', 7)).toBe('naïve  ');
    expect(visibleLength('日本語 ok')).toBe(9);
    expect(padEnd('日本', 6)).toBe('日本  ');
  });

  const samples = ['', 'a', 'hello world', 'exit 0, 12 ms', `x ${red('SIGSEGV')} (exit 139)`, red('a'.repeat(50)), `${red('ab')}cd${red('ef')}gh`, 'x'.repeat(200)];
  for (const ellipsis of ['…', '...']) {
    it(`agrees with the full measure on ASCII and colour codes (ellipsis ${ellipsis})`, () => {
      for (const s of samples) {
        expect(visibleLength(s)).toBe(stringWidth(s));
        for (const w of [0, 1, 2, 3, 4, 5, 8, 13, 40, 80]) {
          const fast = fit(s, w, ellipsis);
          expect(stringWidth(fast), `${JSON.stringify(s)} at ${w}`).toBe(w);
          // the same visible text; escape codes may close differently
          if (w > 3) expect(strip(fast), `${JSON.stringify(s)} at ${w}`).toBe(strip(fullFit(s, w, ellipsis)));
        }
      }
    });
  }

  it('closes a style it cut through, so colour never leaks into the next column', () => {
    const cut = fit(red('abcdefghij'), 5);
    expect(strip(cut)).toBe('abcd…');
    expect(cut.endsWith('\x1b[0m…')).toBe(true);
  });

  it('pads and never cuts with padEnd', () => {
    expect(padEnd('ab', 4)).toBe('ab  ');
    expect(padEnd(red('ab'), 4)).toBe(`${red('ab')}  `);
    expect(padEnd('abcdef', 4)).toBe('abcdef');
  });

  it('cuts with cut and never pads', () => {
    expect(cut('abc', 10)).toBe('abc');
    expect(cut('abcdefghij', 5)).toBe('abcd…');
    expect(cut('abcdefghij', 6, '...')).toBe('abc...');
  });

  it('knows which text needs the Unicode tables', () => {
    expect(needsWideText('plain ascii\nand a newline')).toBe(false);
    expect(needsWideText(red('coloured'))).toBe(false);
    expect(needsWideText('日本')).toBe(true);
    expect(needsWideText('naïve')).toBe(true);
    expect(needsWideText('tab\there')).toBe(true); // not printable: the full measure decides
  });

  it('measures wide characters with the full tables once loaded', async () => {
    await loadWideText(['plain']);
    expect(hasWideText()).toBe(false); // ASCII text does not load them
    await loadWideText(['日本語のテキスト']);
    expect(hasWideText()).toBe(true);
    const s = '日本語のテキスト';
    expect(stringWidth(fit(s, 7))).toBe(7);
    expect(fit(s, 7)).toBe(fullFit(s, 7, '…'));
    expect(fit(s, 20)).toBe(fullFit(s, 20, '…'));
    // never wider than asked, even where cli-truncate keeps a straddling wide character
    for (const w of [0, 1, 2, 3, 4, 5, 6, 9]) for (const t of ['日本語', `a${red('日本')}語b`, '👩‍👩‍👧👩‍👩‍👧x']) expect(stringWidth(fit(t, w)), `${t} at ${w}`).toBe(w);
    expect(visibleLength('👩‍👩‍👧 ok')).toBe(stringWidth('👩‍👩‍👧 ok'));
    // a cut before a wide character leaves a column short: cut does not pad it, fit does
    expect(cut('日本語', 4)).toBe('日…');
    expect(fit('日本語', 4)).toBe('日… ');
  });

  it('before the full tables load, common wide, narrow and zero-width characters measure as string-width says', () => {
    for (const g of ['a', 'é', 'ß', 'Ж', 'λ', '日', '本', 'の', 'テ', '한', '글', '！', '😀', '🦀', '\u0301', '\u200b', '€', '│', '…']) {
      expect(approxGraphemeWidth(g), `U+${g.codePointAt(0)!.toString(16)}`).toBe(stringWidth(g));
    }
  });
});
