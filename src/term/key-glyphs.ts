/** Key names as a terminal shows them: arrows as arrows (words in plain mode), and a key bar packed into lines. */
import stringWidth from 'string-width';
import type { Style } from './style.js';

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
