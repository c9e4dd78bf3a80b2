/**
 * The compare view's fit(): printable ASCII is measured without the Unicode tables, and must
 * agree with the full measure (columns.ts) column for column; other text loads the full one.
 */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fit as fullFit } from '../../src/term/columns.js';
import { approxGraphemeWidth, fit, needsWideText } from '../../src/term/columns-fast.js';
import { loadWideText } from '../../src/term/wide-text.js';

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const red = (s: string) => `\x1b[31m${s}\x1b[39m`;

describe('columns-fast fit', () => {
  const samples = ['', 'a', 'hello world', 'exit 0, 12 ms', `x ${red('SIGSEGV')} (exit 139)`, red('a'.repeat(50)), `${red('ab')}cd${red('ef')}gh`, 'x'.repeat(200)];
  for (const ellipsis of ['…', '...']) {
    it(`agrees with the full measure on ASCII and colour codes (ellipsis ${ellipsis})`, () => {
      for (const s of samples) {
        for (const w of [0, 1, 2, 3, 4, 5, 8, 13, 40, 80]) {
          const fast = fit(s, w, ellipsis);
          expect(stringWidth(fast), `${JSON.stringify(s)} at ${w}`).toBe(w);
          const full = fullFit(s, w, ellipsis);
          // the same visible text; escape codes may close differently
          if (w > 3) expect(strip(fast), `${JSON.stringify(s)} at ${w}`).toBe(strip(full));
        }
      }
    });
  }

  it('closes a style it cut through, so colour never leaks into the next column', () => {
    const cut = fit(red('abcdefghij'), 5);
    expect(strip(cut)).toBe('abcd…');
    expect(cut.endsWith('\x1b[0m…')).toBe(true);
  });

  it('knows which text needs the Unicode tables', () => {
    expect(needsWideText('plain ascii\nand a newline')).toBe(false);
    expect(needsWideText(red('coloured'))).toBe(false);
    expect(needsWideText('日本')).toBe(true);
    expect(needsWideText('naïve')).toBe(true);
    expect(needsWideText('tab\there')).toBe(true); // not printable: the full measure decides
  });

  it('measures wide characters with the full tables once loaded', async () => {
    await loadWideText(['日本語のテキスト']);
    const s = '日本語のテキスト';
    expect(stringWidth(fit(s, 7))).toBe(7);
    expect(fit(s, 7)).toBe(fullFit(s, 7));
    expect(fit(s, 20)).toBe(fullFit(s, 20));
  });

  it('before the full tables load, common wide, narrow and zero-width characters measure as string-width says', () => {
    for (const g of ['a', 'é', 'ß', 'Ж', 'λ', '日', '本', 'の', 'テ', '한', '글', '！', '😀', '🦀', '\u0301', '\u200b', '€', '│', '…']) {
      expect(approxGraphemeWidth(g), `U+${g.codePointAt(0)!.toString(16)}`).toBe(stringWidth(g));
    }
  });
});
