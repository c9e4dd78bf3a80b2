/**
 * Fitting the screen: the key bar wrapped to the width, and how many lines
 * each part of the lesson view gets. The live frame always stays shorter than
 * the window, so Ink never has to clear the screen (and the scrollback).
 */
import stringWidth from 'string-width';
import type { Style } from '../../term/style.js';

/** Key names as drawn: arrows as arrows, or as words in plain mode ("up/down"). */
export function keyGlyphs(keys: string, st: Style): string {
  const glyph: Record<string, string> = { up: st.sym.up, down: st.sym.down, left: st.sym.left, right: st.sym.right };
  return keys
    .split('/')
    .map((k) => glyph[k] ?? k)
    .join('/');
}

/** Key bar entries ("r run") packed into lines of `width` columns. */
export function keyBarLines(keys: { keys: string; label: string }[], width: number, st: Style): string[] {
  const lines: string[] = [];
  let line = '';
  let len = 0;
  for (const k of keys) {
    const glyphs = keyGlyphs(k.keys, st);
    const plain = `${glyphs} ${k.label}`;
    const shown = `${st.bold(glyphs)} ${k.label}`;
    const add = (len ? 2 : 0) + stringWidth(plain);
    if (len && len + add > width) {
      lines.push(line);
      line = shown;
      len = stringWidth(plain);
    } else {
      line += (len ? '  ' : '') + shown;
      len += add;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Side by side from this width up; stacked below it. */
export const SIDE_BY_SIDE_MIN = 100;

/**
 * Split the lesson view's height between text, hints and the panel (run or quiz).
 * `bodyWanted` (the text's length): rows the text does not need go to the panel.
 */
export function splitLessonHeight(total: number, o: { panelWanted: number; hintLines: number; expanded: boolean; bodyWanted?: number }): { body: number; hints: number; panel: number } {
  const hints = Math.min(o.hintLines, Math.max(0, Math.floor(total / 4)));
  const rest = total - hints;
  if (o.panelWanted <= 0) return { body: rest, hints, panel: 0 };
  const bodyWanted = o.bodyWanted ?? rest;
  const minBody = o.expanded ? 0 : Math.min(6, Math.floor(rest / 3), bodyWanted);
  const cap = o.expanded ? rest : Math.max(Math.ceil(rest * 0.6), rest - bodyWanted);
  const panel = Math.max(0, Math.min(o.panelWanted, rest - minBody, cap));
  return { body: rest - panel, hints, panel };
}
