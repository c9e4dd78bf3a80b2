/**
 * Terminal columns: what a string takes on screen, and cutting or padding it to a width. The
 * one `fit` of the project. Printable ASCII, colour codes included, is measured and cut here
 * without any tables, so the light paths (compare) stay light; other text is measured exactly
 * once exact-width.ts is loaded (string-width and cli-truncate: their Unicode tables cost about
 * 30 ms of CPU), and by the common wide and zero-width blocks until then.
 * A command loads the exact widths when its text needs them (`loadWideText`, wide-text.ts); a
 * module that draws any text synchronously imports exact-width.ts for its effect. This file
 * imports neither: exact-width.ts hands its measure over (useWideText) when loaded.
 */

/** The exact measure of exact-width.ts. */
export interface Full {
  fit(s: string, width: number, ellipsis?: string): string;
  visibleLength(s: string): number;
}
let wide: Full | undefined;

/** exact-width.ts hands its measure over when loaded, by whoever loads it: from then on widths are exact. */
export function useWideText(full: Full): void {
  wide = full;
}
const SGR = /\x1b\[[0-9;]*m/g;
const PRINTABLE = /^[\x20-\x7e]*$/;

/** Does this text hold anything but printable ASCII, newlines and colour codes? */
export function needsWideText(text: string): boolean {
  return !PRINTABLE.test(text.replace(SGR, '').replaceAll('\n', ''));
}

/** Are the exact widths (exact-width.ts) loaded? */
export const hasWideText = (): boolean => wide !== undefined;

// East Asian wide and emoji blocks: two columns (the common cases of string-width's tables)
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const ZERO = /^[\p{M}\u200b-\u200f\ufe00-\ufe0f]+$/u;

/** Columns of one grapheme by the common wide and zero-width blocks (before the full tables are loaded). */
export function approxGraphemeWidth(g: string): number {
  if (ZERO.test(g)) return 0;
  return WIDE.test(g) ? 2 : 1;
}

/** Columns of one grapheme, and whether the answer is exact (the full tables are loaded). */
export function graphemeWidth(g: string): { columns: number; exact: boolean } {
  return wide ? { columns: wide.visibleLength(g), exact: true } : { columns: approxGraphemeWidth(g), exact: false };
}

/** Columns a string takes on a terminal (ANSI codes take none; CJK and emoji take two). */
export function visibleLength(s: string): number {
  const plain = s.replace(SGR, '');
  if (PRINTABLE.test(plain)) return plain.length;
  if (wide) return wide.visibleLength(s);
  return [...plain].reduce((n, ch) => n + approxGraphemeWidth(ch), 0);
}

/** Pad a line with spaces to `width` columns; a longer line is left as it is (never cut). */
export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleLength(s)));
}

/** Cut a line longer than `width` columns (ending in `ellipsis`); a shorter one is left as it is (never padded). */
export function cut(s: string, width: number, ellipsis = '…'): string {
  // fit pads a cut that ends before a wide character: that space is not the text's
  return visibleLength(s) <= width ? s : fit(s, width, ellipsis).replace(/ +$/, '');
}

/** Pad or cut a line to exactly `width` columns (a cut ends in `ellipsis`; styles end before it). */
export function fit(s: string, width: number, ellipsis = '…'): string {
  const w = Math.max(0, width);
  const plain = s.replace(SGR, '');
  if (!PRINTABLE.test(plain)) {
    if (wide) return wide.fit(s, w, ellipsis);
    // not loaded (a caller that did not ask): the common blocks' widths, styles dropped, cut without an ellipsis
    let out = '';
    let cols = 0;
    for (const ch of plain) {
      const cw = approxGraphemeWidth(ch);
      if (cols + cw > w) break;
      out += ch;
      cols += cw;
    }
    return out + ' '.repeat(w - cols);
  }
  if (plain.length <= w) return s + ' '.repeat(w - plain.length);
  const ellW = PRINTABLE.test(ellipsis) ? ellipsis.length : 1; // '…' takes one column
  if (w <= ellW) return plain.slice(0, w);
  const keep = w - ellW;
  let out = '';
  let seen = 0;
  let styled = false;
  for (const m of s.matchAll(/(\x1b\[[0-9;]*m)|([^\x1b]+)/g)) {
    if (seen >= keep) break;
    if (m[1]) {
      out += m[1];
      styled = true;
      continue;
    }
    const take = m[2]!.slice(0, keep - seen);
    out += take;
    seen += take.length;
  }
  return out + (styled ? '\x1b[0m' : '') + ellipsis;
}
