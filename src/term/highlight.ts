/**
 * C source with line numbers and light highlighting (keywords, strings,
 * comments, preprocessor lines). Bold and dim read well on dark and light
 * backgrounds alike; no colour at all under NO_COLOR.
 */
import { visibleLength } from './columns.js';
import './exact-width.js'; // a learner's code holds any text: measured exactly
import wrapAnsi from 'wrap-ansi';
import type { Style } from './style.js';
import { visibleText } from './visible-text.js';

const KEYWORDS = new Set('auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while size_t'.split(' '));

function highlightLine(line: string, st: Style, inComment: boolean): { text: string; inComment: boolean } {
  if (!st.color) return { text: line, inComment };
  let out = '';
  let i = 0;
  let comment = inComment;
  if (!comment && /^\s*#/.test(line)) return { text: st.cyan(line), inComment: false };
  while (i < line.length) {
    if (comment) {
      const end = line.indexOf('*/', i);
      const stop = end < 0 ? line.length : end + 2;
      out += st.dim(line.slice(i, stop));
      i = stop;
      comment = end < 0;
      continue;
    }
    const rest = line.slice(i);
    if (rest.startsWith('//')) {
      out += st.dim(rest);
      break;
    }
    if (rest.startsWith('/*')) {
      comment = true;
      continue;
    }
    const str = /^"(?:[^"\\]|\\.)*"?|^'(?:[^'\\]|\\.)*'?/.exec(rest);
    if (str) {
      out += st.green(str[0]);
      i += str[0].length;
      continue;
    }
    const word = /^[A-Za-z_]\w*/.exec(rest);
    if (word) {
      out += KEYWORDS.has(word[0]) ? st.bold(word[0]) : word[0];
      i += word[0].length;
      continue;
    }
    out += line[i];
    i++;
  }
  return { text: out, inComment: comment };
}

/**
 * Numbered, highlighted lines of a C file (tabs as 4 spaces; control characters
 * shown as escapes, never sent raw). With a `width`, a longer line continues on
 * the next rows under its text, so nothing is cut.
 */
export function highlightC(code: string, st: Style, width?: number): string[] {
  const lines = visibleText(code.replace(/\n$/, '').replace(/\t/g, '    ')).split('\n');
  const w = String(lines.length).length;
  let inComment = false;
  const room = width === undefined ? Infinity : Math.max(10, width - w - 1);
  return lines.flatMap((l, i) => {
    const h = highlightLine(l, st, inComment);
    inComment = h.inComment;
    const rows = visibleLength(h.text) > room ? wrapAnsi(h.text, room, { hard: true, trim: false }).split('\n') : [h.text];
    return rows.map((r, k) => `${k ? ' '.repeat(w) : st.dim(String(i + 1).padStart(w))} ${r}`);
  });
}
