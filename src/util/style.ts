/**
 * Terminal styling that honours NO_COLOR (https://no-color.org), FORCE_COLOR
 * and whether the stream is a terminal. Plain mode also drops box drawing.
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
  /** Symbols with a plain-text fallback. */
  sym: { ok: string; fail: string; differ: string; same: string; bullet: string };
}

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
    sym: fancy
      ? { ok: '✓', fail: '✗', differ: '≠', same: '=', bullet: '•' }
      : { ok: 'PASS', fail: 'FAIL', differ: 'DIFFERS', same: 'same', bullet: '-' },
  };
}

/** Visible width of a string (ANSI codes do not count). */
export function visibleLength(s: string): number {
  return [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

/** Pad or cut a line to exactly `width` visible columns. */
export function fit(s: string, width: number): string {
  const plain = s.replace(/\x1b\[[0-9;]*m/g, '');
  const chars = [...plain];
  if (chars.length > width) return chars.slice(0, Math.max(0, width - 1)).join('') + '…';
  return s + ' '.repeat(width - visibleLength(s));
}
