/**
 * Taller text in fewer rows (pure): a window of it at a scroll position, the
 * same with a last row saying what is hidden and how to scroll, and folding
 * long output to its head and tail.
 */
import type { Style } from './style.js';
import { keyGlyphs } from './key-glyphs.js';

/** A window of `height` lines starting at `scroll` (clamped), with how much is hidden above and below. */
export function windowOf<T>(lines: T[], height: number, scroll: number): { shown: T[]; above: number; below: number; scroll: number } {
  const h = Math.max(0, height);
  const max = Math.max(0, lines.length - h);
  const top = Math.min(Math.max(0, scroll), max);
  return { shown: lines.slice(top, top + h), above: top, below: Math.max(0, lines.length - top - h), scroll: top };
}

/**
 * `height` rows of a taller text: the window at `scroll`, and when not all of it
 * fits, a last row that says how much is below and above and how to scroll.
 */
export function scrolledLines(lines: string[], height: number, scroll: number, st: Style): string[] {
  if (lines.length <= height) return lines;
  if (height <= 1) return windowOf(lines, height, scroll).shown;
  const win = windowOf(lines, height - 1, scroll);
  const where = [win.below ? `${st.sym.down} ${win.below} more lines` : 'end', ...(win.above ? [`${st.sym.up} ${win.above} above`] : [])];
  return [...win.shown, st.dim(`${where.join(st.sym.sep)}  (${keyGlyphs('up/down', st)}, PgUp/PgDn scroll)`)];
}

/**
 * Fold long output: the first and last lines with a marker in between, to fit `height`.
 * `starts[i]` false: row i continues a line wrapped at the column; the tail never begins
 * there (it would start mid-word), so those rows join the hidden ones.
 */
export function fold(lines: string[], height: number, marker: (hidden: number) => string, starts?: boolean[]): string[] {
  if (lines.length <= height) return lines;
  if (height <= 1) return [marker(lines.length)];
  const head = Math.ceil((height - 1) / 2);
  let from = lines.length - (height - 1 - head);
  while (starts && from < lines.length && starts[from] === false) from++;
  return [...lines.slice(0, head), marker(from - head), ...lines.slice(from)];
}

/** The first lines, and a marker for the rest (failures come first, so they stay visible). */
export function foldTail(lines: string[], height: number, marker: (hidden: number) => string): string[] {
  if (lines.length <= height) return lines;
  if (height <= 0) return [];
  return [...lines.slice(0, height - 1), marker(lines.length - height + 1)];
}
