/**
 * Text for drawing, in terminal columns (string-width: CJK and emoji take two,
 * ANSI codes none). Two kinds of text: prose, word-wrapped (`wrap`); and program
 * output, shown verbatim (`outputLines`): spaces kept, tabs at 8-column stops,
 * hard-wrapped at the column, control characters made visible. Pure.
 */
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import type { Style } from '../util/style.js';
import { visibleText } from '../util/visible-text.js';
import { keyGlyphs } from './layout.js';

/** Text without ANSI escape sequences. */
export const stripAnsi = (s: string) => stripVTControlCharacters(s);

/** Wrap prose (may be styled) to `width` columns at word boundaries, keeping its line breaks; long words are cut. */
export function wrap(text: string, width: number): string[] {
  return wrapAnsi(text, Math.max(8, width), { hard: true, trim: true }).split('\n');
}

const TAB = 8;
const segmenter = new Intl.Segmenter();
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** One line of output (no newlines, controls already made visible) cut into rows of at most `width` columns, tabs expanded. */
function hardWrap(line: string, width: number): string[] {
  if (PRINTABLE_ASCII.test(line)) {
    if (line.length <= width) return [line];
    const rows: string[] = [];
    for (let i = 0; i < line.length; i += width) rows.push(line.slice(i, i + width));
    return rows;
  }
  const rows: string[] = [];
  let row = '';
  let col = 0;
  for (const { segment } of segmenter.segment(line)) {
    if (segment === '\t') {
      const to = Math.min(width, (Math.floor(col / TAB) + 1) * TAB);
      row += ' '.repeat(to - col);
      col = to;
      if (col >= width) {
        rows.push(row);
        row = '';
        col = 0;
      }
      continue;
    }
    const w = stringWidth(segment);
    if (col + w > width && col > 0) {
      rows.push(row);
      row = '';
      col = 0;
    }
    row += segment;
    col += w;
  }
  rows.push(row);
  return rows;
}

const cache = new Map<string, string[]>();

/**
 * Program output (text or bytes) as terminal rows of at most `width` columns:
 * every character kept in its column, nothing cut, escapes visible (see
 * visibleText). One final newline ends the last line rather than adding one.
 */
export function outputLines(text: string | Uint8Array, width: number): string[] {
  const w = Math.max(2, Math.floor(width));
  const shown = visibleText(text).replace(/\n$/, '');
  if (shown === '') return [];
  const key = `${w}\0${shown}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rows = shown.split('\n').flatMap((l) => hardWrap(l, w));
  // the run panel redraws often (spinners, phases): keep the last few results
  if (cache.size > 32) cache.delete(cache.keys().next().value!);
  cache.set(key, rows);
  return rows;
}

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

/** Fold long output: the first and last lines with a marker in between, to fit `height`. */
export function fold(lines: string[], height: number, marker: (hidden: number) => string): string[] {
  if (lines.length <= height) return lines;
  if (height <= 1) return [marker(lines.length)];
  const head = Math.ceil((height - 1) / 2);
  const tail = height - 1 - head;
  return [...lines.slice(0, head), marker(lines.length - head - tail), ...(tail ? lines.slice(-tail) : [])];
}

/** The first lines, and a marker for the rest (failures come first, so they stay visible). */
export function foldTail(lines: string[], height: number, marker: (hidden: number) => string): string[] {
  if (lines.length <= height) return lines;
  if (height <= 0) return [];
  return [...lines.slice(0, height - 1), marker(lines.length - height + 1)];
}
