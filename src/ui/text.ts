/** Plain-text helpers for drawing: strip ANSI, wrap words to a width. Pure. */
const ANSI = /\x1b\[[0-9;]*m/g;

export const stripAnsi = (s: string) => s.replace(ANSI, '');

/** Wrap plain text to `width` columns, keeping existing line breaks; long words are cut. */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(8, width);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    const words = para.split(/(\s+)/).filter((x) => x !== '');
    let line = '';
    for (const word of words) {
      if (/^\s+$/.test(word)) {
        if (line) line += ' ';
        continue;
      }
      let rest = word;
      while ([...rest].length > w) {
        if (line.trim()) out.push(line.trimEnd());
        out.push([...rest].slice(0, w).join(''));
        rest = [...rest].slice(w).join('');
        line = '';
      }
      if ([...(line + rest)].length > w) {
        out.push(line.trimEnd());
        line = rest;
      } else line += rest;
    }
    out.push(line.trimEnd());
  }
  return out;
}

/** A window of `height` lines starting at `scroll` (clamped), with how much is hidden above and below. */
export function windowOf<T>(lines: T[], height: number, scroll: number): { shown: T[]; above: number; below: number; scroll: number } {
  const h = Math.max(0, height);
  const max = Math.max(0, lines.length - h);
  const top = Math.min(Math.max(0, scroll), max);
  return { shown: lines.slice(top, top + h), above: top, below: Math.max(0, lines.length - top - h), scroll: top };
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
