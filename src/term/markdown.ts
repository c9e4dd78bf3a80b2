/**
 * Lesson prose for the terminal: marked + marked-terminal (the v7 way,
 * `use(markedTerminal())`, on an instance of its own), reflowed to the width,
 * with colour dropped when colour is off (NO_COLOR). Tables are drawn by us
 * (table.ts) to fit the width, in ASCII in plain mode.
 *
 * marked-terminal is slow to import (its highlighter), so it is loaded after
 * the first frame (`preloadMarkdown`); until then prose shows as plain text.
 */
import { Marked, type Tokens } from 'marked';
import { visibleLength } from './columns.js';
import './exact-width.js'; // prose holds any text: measured exactly
import wrapAnsi from 'wrap-ansi';
import { drawTable } from './table.js';
import { stripVTControlCharacters as stripAnsi } from 'node:util';
import { wrap } from './wrap.js';

type MarkedTerminal = typeof import('marked-terminal');
let terminal: MarkedTerminal | undefined;
let loading: Promise<void> | undefined;

/** Load the renderer; resolves when prose can be rendered properly. */
export function preloadMarkdown(): Promise<void> {
  return (loading ??= import('marked-terminal').then((m) => {
    terminal = m;
  }));
}

export const markdownReady = () => terminal !== undefined;

const cache = new Map<string, string[]>();

// marked-terminal hides ':' in inline code behind a placeholder and escapes entities; its block renderers undo that
const untransform = (s: string) =>
  s
    .replace(/\*#COLON\|\*/g, ':')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

const JOIN_WIDTH = 100_000;

/**
 * One rendered line fitted to `w` columns: wrapped at spaces (a style's end is not a place to
 * break), continuation lines indented under the text of a list item ("  * ", "  1. ") or of an
 * indented block; a rule drawn across the join width is cut to `w`.
 */
export function reflow(line: string, w: number): string[] {
  if (visibleLength(line) <= w) return [line];
  const bare = stripAnsi(line);
  if (/^[-─━=_*]+$/.test(bare.trim())) return [line.replace(/([-─━=_*])\1+/, (r) => r.slice(0, w))];
  const lead = /^(\s*)((?:[*•-]|\d+[.)])\s+)?/.exec(bare)!;
  const indent = Math.min(visibleLength(lead[0]), Math.floor(w / 2));
  if (indent === 0) return wrapAnsi(line, w, { hard: true, trim: true }).split('\n');
  // the marker stays on the first line; the text wraps in the column under it
  const at = sliceAfterVisible(line, indent);
  const text = wrapAnsi(line.slice(at), w - indent, { hard: true, trim: true }).split('\n');
  return text.map((l, i) => (i ? ' '.repeat(indent) : line.slice(0, at)) + l);
}

/** The index in `s` (which may hold ANSI codes) after `cols` visible columns. */
function sliceAfterVisible(s: string, cols: number): number {
  let seen = 0;
  let i = 0;
  while (i < s.length && seen < cols) {
    const esc = /^\x1b\[[0-9;]*m/.exec(s.slice(i));
    if (esc) {
      i += esc[0].length;
      continue;
    }
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    seen += visibleLength(ch);
    i += ch.length;
  }
  return i;
}

/** Markdown as terminal lines of `width` columns; `plain` draws only ASCII (--plain). */
export function renderMarkdown(md: string, width: number, color: boolean, plain = false): string[] {
  if (!terminal) return wrap(md.replace(/\n+$/, ''), width);
  const key = `${width}\0${color}\0${plain}\0${md}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const m = new Marked();
  // emoji off: ":name:" in technical text stays as written. marked-terminal's own reflow breaks
  // wherever a style ends (inline code then ")." put the ")." on a line of its own) and its list
  // items lose their indent when wrapped again: it only joins each paragraph into one line here
  // (a width nothing reaches), and `reflow` below wraps at spaces with the item's indent.
  m.use(terminal.markedTerminal({ width: JOIN_WIDTH, reflowText: true, tab: 2, showSectionPrefix: false, emoji: false }));
  // marked-terminal 7 renders a tight list item's text raw, so **bold** and `code` showed their
  // markers (mikaelbr/marked-terminal#304). Such block text tokens carry inline tokens: render those.
  m.use({
    renderer: {
      text(token) {
        return typeof token === 'object' && 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : false;
      },
      // marked-terminal's tables (cli-table3) grow past the width and always use box drawing
      table(token) {
        const cell = (c: Tokens.TableCell) => untransform(this.parser.parseInline(c.tokens));
        return drawTable(token.header.map(cell), token.rows.map((r) => r.map(cell)), Math.max(20, width), plain).join('\n') + '\n\n';
      },
    },
  });
  let out = String(m.parse(md));
  if (!color) out = stripAnsi(out);
  const w = Math.max(20, width);
  const lines = out
    .replace(/\n+$/, '')
    .split('\n')
    .flatMap((l) => reflow(l, w));
  cache.set(key, lines);
  return lines;
}
