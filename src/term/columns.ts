/**
 * Terminal columns: what a string takes on screen, and cutting or padding to a width.
 * Apart from style.ts on purpose: string-width and cli-truncate build large Unicode
 * tables when loaded, and a command pays for them only when it draws columns.
 */
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import { useWideText } from './columns-fast.js';

/** Columns a string takes on a terminal (ANSI codes take none; CJK and emoji take two). */
export function visibleLength(s: string): number {
  return stringWidth(s);
}

/** Pad or cut a line to exactly `width` columns (a cut ends in `ellipsis`; styles stay closed). */
export function fit(s: string, width: number, ellipsis = '…'): string {
  const w = Math.max(0, width);
  const cut = stringWidth(s) > w ? cliTruncate(s, w, { truncationCharacter: ellipsis }) : s;
  return cut + ' '.repeat(Math.max(0, w - stringWidth(cut)));
}

// loaded now: the fast measure (columns-fast.ts) and visible-text.ts use these tables too
useWideText({ fit, visibleLength });
