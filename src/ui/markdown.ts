/**
 * Lesson prose for the terminal: marked + marked-terminal (the v7 way,
 * `use(markedTerminal())`, on an instance of its own), reflowed to the width,
 * with colour dropped when colour is off (NO_COLOR).
 *
 * marked-terminal is slow to import (its highlighter), so it is loaded after
 * the first frame (`preloadMarkdown`); until then prose shows as plain text.
 */
import { Marked } from 'marked';
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

export function renderMarkdown(md: string, width: number, color: boolean): string[] {
  if (!terminal) return wrap(md.replace(/\n+$/, ''), width);
  const key = `${width}\0${color}\0${md}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const m = new Marked();
  m.use(terminal.markedTerminal({ width: Math.max(20, width), reflowText: true, tab: 2, showSectionPrefix: false }));
  // marked-terminal 7 renders a tight list item's text raw, so **bold** and `code` showed their
  // markers (mikaelbr/marked-terminal#304). Such block text tokens carry inline tokens: render those.
  m.use({
    renderer: {
      text(token) {
        return typeof token === 'object' && 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : false;
      },
    },
  });
  let out = String(m.parse(md));
  if (!color) out = stripAnsi(out);
  const lines = out.replace(/\n+$/, '').split('\n');
  cache.set(key, lines);
  return lines;
}
