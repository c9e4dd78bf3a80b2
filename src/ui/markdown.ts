/**
 * Lesson prose for the terminal: marked + marked-terminal (the v7 way,
 * `use(markedTerminal())`, on an instance of its own), reflowed to the width,
 * with colour dropped when colour is off (NO_COLOR). Tables are drawn by us
 * (src/ui/table.ts) to fit the width, in ASCII in plain mode.
 *
 * marked-terminal is slow to import (its highlighter), so it is loaded after
 * the first frame (`preloadMarkdown`); until then prose shows as plain text.
 */
import { Marked, type Tokens } from 'marked';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { drawTable } from './table.js';
import { stripAnsi, wrap } from './text.js';

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

/** Markdown as terminal lines of `width` columns; `plain` draws only ASCII (--plain). */
export function renderMarkdown(md: string, width: number, color: boolean, plain = false): string[] {
  if (!terminal) return wrap(md.replace(/\n+$/, ''), width);
  const key = `${width}\0${color}\0${plain}\0${md}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const m = new Marked();
  // emoji off: ":name:" in technical text stays as written
  m.use(terminal.markedTerminal({ width: Math.max(20, width), reflowText: true, tab: 2, showSectionPrefix: false, emoji: false }));
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
  // marked-terminal indents list items after reflowing them, so nested items can overrun: wrap those again
  const w = Math.max(20, width);
  const lines = out
    .replace(/\n+$/, '')
    .split('\n')
    .flatMap((l) => (stringWidth(l) > w ? wrapAnsi(l, w, { hard: true, trim: false }).split('\n') : [l]));
  cache.set(key, lines);
  return lines;
}
