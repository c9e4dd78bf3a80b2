/**
 * A prose table drawn to fit the width: columns share the width, cells wrap
 * (nothing is cut), and plain mode draws with ASCII (+ - |). Pure.
 */
import wrapAnsi from 'wrap-ansi';
import { padEnd, visibleLength } from './columns.js';
import './exact-width.js'; // cells hold any text: measured exactly

const BOX = {
  unicode: { h: '─', v: '│', tl: '┌', tm: '┬', tr: '┐', ml: '├', mm: '┼', mr: '┤', bl: '└', bm: '┴', br: '┘' },
  ascii: { h: '-', v: '|', tl: '+', tm: '+', tr: '+', ml: '+', mm: '+', mr: '+', bl: '+', bm: '+', br: '+' },
};

/** Column widths (content, without padding) that fit `room` columns: narrow columns keep their width, wide ones share the rest. */
export function columnWidths(natural: number[], room: number): number[] {
  const widths = natural.map((n) => Math.max(1, n));
  if (widths.reduce((a, b) => a + b, 0) <= room) return widths;
  const out = new Array<number>(widths.length).fill(0);
  const left = new Set(widths.keys());
  let rest = room;
  // give every column that fits in a fair share its own width, then split what is left
  for (;;) {
    const share = Math.floor(rest / Math.max(1, left.size));
    const small = [...left].filter((i) => widths[i]! <= share);
    if (!small.length) break;
    for (const i of small) {
      out[i] = widths[i]!;
      rest -= widths[i]!;
      left.delete(i);
    }
  }
  const wide = [...left];
  wide.forEach((i, k) => {
    out[i] = Math.max(4, Math.floor(rest / wide.length) + (k < rest % wide.length ? 1 : 0));
  });
  return out;
}

/** Lines of a table with a header row; cells may carry ANSI styles. */
export function drawTable(head: string[], rows: string[][], width: number, ascii: boolean): string[] {
  const b = ascii ? BOX.ascii : BOX.unicode;
  const n = Math.max(head.length, ...rows.map((r) => r.length));
  const all = [head, ...rows].map((r) => Array.from({ length: n }, (_, i) => r[i] ?? ''));
  const natural = Array.from({ length: n }, (_, i) => Math.max(...all.map((r) => Math.max(...r[i]!.split('\n').map((l) => visibleLength(l))))));
  // each column has a space either side and one border after it, plus the first border
  const widths = columnWidths(natural, Math.max(n * 4, width - 1 - 3 * n));
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => b.h.repeat(w + 2)).join(m) + r;
  const row = (cells: string[]): string[] => {
    const wrapped = cells.map((c, i) => wrapAnsi(c, widths[i]!, { hard: true, trim: true }).split('\n'));
    const height = Math.max(...wrapped.map((w) => w.length));
    return Array.from({ length: height }, (_, k) => b.v + wrapped.map((w, i) => ` ${padEnd(w[k] ?? '', widths[i]!)} `).join(b.v) + b.v);
  };
  const bodies = all.slice(1).map(row);
  // a line between body rows only when some row takes more than one line (else rows are plain to tell apart)
  const between = bodies.some((r) => r.length > 1);
  const out = [rule(b.tl, b.tm, b.tr), ...row(all[0]!), rule(b.ml, b.mm, b.mr)];
  bodies.forEach((r, i) => {
    if (i && between) out.push(rule(b.ml, b.mm, b.mr));
    out.push(...r);
  });
  out.push(rule(b.bl, b.bm, b.br));
  return out;
}
