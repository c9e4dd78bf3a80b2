/**
 * Learner output made safe to show on a terminal: every control character and
 * escape sequence becomes a visible escape (ESC as `\e`, so `ESC[1A` reads
 * `\e[1A`), so a program can neither move the cursor, retitle the window
 * (OSC 0), write the clipboard (OSC 52) nor draw fake lines. Bytes that are
 * not UTF-8 show as `\xff`. A backslash the text itself holds is doubled where
 * it could be read as one of these escapes (a literal `\xff` shows `\\xff`,
 * the byte 0xff `\xff`). Everything else, spaces included, stays as it is.
 * `--json` output never goes through here: it keeps the exact content.
 *
 * `outputLines` lays such text out in terminal columns (CJK and emoji take
 * two; exact once exact-width.ts is loaded, see columns.ts): spaces kept,
 * tabs at 8-column stops, hard-wrapped at the column rather than at words, so
 * columns and gcc's carets stay aligned.
 */
import { graphemeWidth } from './columns.js';

const NAMED: Record<number, string> = { 0: '\\0', 7: '\\a', 8: '\\b', 11: '\\v', 12: '\\f', 13: '\\r', 27: '\\e' };

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** The visible form of one code point, or undefined when it is shown as it is. */
function escapeOf(cp: number, keepTabs: boolean): string | undefined {
  if (cp === 10) return undefined; // line breaks are the text's structure
  if (cp === 9) return keepTabs ? undefined : '\\t';
  if (cp < 0x20) return NAMED[cp] ?? `\\x${hex2(cp)}`;
  if (cp === 0x7f) return '\\x7f';
  // C1 controls (0x9b is a one-character CSI on some terminals), bidi overrides and
  // isolates (they reorder what is shown), line/paragraph separators.
  if ((cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x2028 || cp === 0x2029) {
    return `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  return undefined;
}

const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** After a literal backslash, what would make it read as an escape of ours: a letter of one, or another backslash. */
const ESCAPE_LETTER = /[0abtvfrexu\\]/;

/**
 * `nextEscaped`: what follows `s` is shown as an escape (an invalid byte), so a
 * backslash that ends `s` must be doubled too.
 */
function escapeString(s: string, keepTabs: boolean, nextEscaped = false): string {
  if (!UNSAFE.test(s) && (keepTabs || !s.includes('\t')) && !s.includes('\\')) return s;
  let out = '';
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '\\') {
      const next = chars[i + 1];
      const ambiguous = next === undefined ? nextEscaped : ESCAPE_LETTER.test(next) || escapeOf(next.codePointAt(0)!, keepTabs) !== undefined;
      out += ambiguous ? '\\\\' : '\\';
      continue;
    }
    out += escapeOf(ch.codePointAt(0)!, keepTabs) ?? ch;
  }
  return out;
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there does not start one. */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    // no overlongs (e0 80..9f) and no surrogates (ed a0..bf)
    const ok = c === 0xe0 ? cont(1, 0xa0) : c === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return ok && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const ok = c === 0xf0 ? cont(1, 0x90) : c === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return ok && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

const decoder = new TextDecoder('utf-8');

function escapeBytes(b: Uint8Array, keepTabs: boolean): string {
  let out = '';
  let start = 0; // start of the current run of valid UTF-8
  let i = 0;
  while (i < b.length) {
    const n = utf8Length(b, i);
    if (n) {
      i += n;
      continue;
    }
    out += escapeString(decoder.decode(b.subarray(start, i)), keepTabs, true) + `\\x${hex2(b[i]!)}`;
    start = ++i;
  }
  return out + escapeString(decoder.decode(b.subarray(start)), keepTabs);
}

/**
 * Text or bytes as they may be shown on a terminal. Newlines are kept; tabs
 * too unless `keepTabs: false` (outputLines expands them to their columns).
 */
export function visibleText(text: string | Uint8Array, opts: { keepTabs?: boolean } = {}): string {
  const keepTabs = opts.keepTabs ?? true;
  return typeof text === 'string' ? escapeString(text, keepTabs) : escapeBytes(text, keepTabs);
}

/** Characters that show nothing (zero-width spaces and joiners, soft hyphen, BOM, Hangul fillers): two names that differ only by them look the same. */
const INVISIBLE = /[\p{Cf}\u034f\u115f\u1160\u3164\uffa0]/gu;

/**
 * A name or label from a file someone else made (a class export): visibleText,
 * and invisible characters shown as `\u200b`, so two names that look the same are the same.
 * One line: a line break shows as `\x0a`.
 */
export function visibleName(text: string): string {
  return visibleText(text, { keepTabs: false }).replace(/\n/g, '\\x0a').replace(INVISIBLE, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

const SGR = /^\x1b\[[0-9;]*m/;

/**
 * Styled text (our own SGR colour codes) made safe: every other escape
 * sequence or control character shown as visibleText shows it. The last line
 * of defence in drawing, for text that should have gone through visibleText.
 */
export function safeStyled(s: string): string {
  if (!UNSAFE.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const sgr = s[i] === '\x1b' ? SGR.exec(s.slice(i, i + 32)) : null;
    if (sgr) {
      out += sgr[0];
      i += sgr[0].length - 1;
      continue;
    }
    const cp = s.codePointAt(i)!;
    out += escapeOf(cp, true) ?? String.fromCodePoint(cp);
    if (cp > 0xffff) i++;
  }
  return out;
}

const TAB = 8;
let segmenter: Intl.Segmenter | undefined; // made on first need: creating one loads ICU data (about 10 ms)
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

// code points that join with their neighbours into one grapheme: marks, ZWJ, variation
// selectors, skin tones, flags, tags, Hangul jamo. Without them every code point stands alone.
const JOINS = /[\p{M}\u200d\ufe00-\ufe0f\u1160-\u11ff\u{1f3fb}-\u{1f3ff}\u{1f1e6}-\u{1f1ff}\u{e0020}-\u{e007f}]/u;

/** The line's graphemes (the segmenter is slow: only asked when something joins). */
function graphemes(line: string): Iterable<string> {
  return JOINS.test(line) ? Array.from((segmenter ??= new Intl.Segmenter()).segment(line), (s) => s.segment) : line;
}

const widths = new Map<string, number>();

/** Columns of one grapheme: 1 for the common narrow ones, else graphemeWidth's answer (remembered: output repeats its characters). */
function columns(g: string): number {
  if (g.length === 1 && g.charCodeAt(0) < 0x1100) return 1;
  let w = widths.get(g);
  if (w === undefined) {
    const m = graphemeWidth(g);
    if (!m.exact) return m.columns; // remembered only once exact
    if (widths.size > 4096) widths.clear();
    widths.set(g, (w = m.columns));
  }
  return w;
}

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
  for (const segment of graphemes(line)) {
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
    const w = columns(segment);
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
  if (text.length === 0) return [];
  const key = typeof text === 'string' ? `${w}\0${text}` : undefined;
  const hit = key === undefined ? undefined : cache.get(key);
  if (hit) return hit;
  const shown = visibleText(text).replace(/\n$/, '');
  const rows = shown.split('\n').flatMap((l) => hardWrap(l, w));
  // the run panel redraws often (spinners, phases): keep the last few results
  if (key !== undefined) {
    if (cache.size > 32) cache.delete(cache.keys().next().value!);
    cache.set(key, rows);
  }
  return rows;
}
