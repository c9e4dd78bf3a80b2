/**
 * Terminal styling that honours NO_COLOR (https://no-color.org), FORCE_COLOR
 * and whether the stream is a terminal. Plain mode (--plain) is ASCII only:
 * every mark comes from `sym`, which has a word or an ASCII sign for each.
 */

export interface Style {
  color: boolean;
  /** Box-drawing and symbols allowed (false in --plain mode, for screen readers). */
  fancy: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  /** Every mark the interface draws, with an ASCII word or sign in plain mode. */
  sym: Symbols;
}

/** Marks and drawing characters; plain mode has ASCII for each (read well by a screen reader). */
export interface Symbols {
  ok: string;
  fail: string;
  differ: string;
  same: string;
  bullet: string;
  /** Something left out ("… 3 more lines"). */
  ellipsis: string;
  /** Between parts of one line: "exit 0 · 12 ms". Includes its spaces. */
  sep: string;
  up: string;
  down: string;
  left: string;
  right: string;
  /** "leads to": myth → measured. */
  arrow: string;
  /** Column separator and rules. */
  vbar: string;
  rule: string;
  /** Start of a section in a report. */
  corner: string;
  /** The line under the cursor. */
  cursor: string;
  /** Lesson status marks in lists. */
  done: string;
  partial: string;
  todo: string;
}

const FANCY: Symbols = {
  ok: '✓', fail: '✗', differ: '≠', same: '=', bullet: '•', ellipsis: '…', sep: ' · ',
  up: '↑', down: '↓', left: '←', right: '→', arrow: '→',
  vbar: '│', rule: '═', corner: '┌─', cursor: '▸',
  done: '✓', partial: '◐', todo: '○',
};

const PLAIN: Symbols = {
  ok: 'PASS', fail: 'FAIL', differ: 'DIFFERS', same: 'same', bullet: '-', ellipsis: '...', sep: ', ',
  up: 'up', down: 'down', left: 'left', right: 'right', arrow: '->',
  vbar: '|', rule: '=', corner: '--', cursor: '>',
  done: '[x]', partial: '[~]', todo: '[ ]',
};

export function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return !!isTTY;
}

export function makeStyle(opts: { color: boolean; plain?: boolean }): Style {
  const wrap = (code: number, reset: number) => (s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[${reset}m` : s);
  const fancy = !opts.plain;
  return {
    color: opts.color,
    fancy,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    sym: fancy ? FANCY : PLAIN,
  };
}
