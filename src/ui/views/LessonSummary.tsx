import type { Lesson } from '../../lessons/load.js';
import { Lines } from '../components/Lines.js';
import { lessonSummary } from '../state/onward.js';
import type { State } from '../state/state.js';
import { useEffect } from 'react';
import stringWidth from 'string-width';
import { stripVTControlCharacters as stripAnsi } from 'node:util';
import { scrolledLines } from '../../term/scroll.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';

/** A finished lesson: what the runs proved, the checklist items it earned, hints and reveals, time, and the next lesson. */
export function LessonSummary({ state, lesson, width, height, onScrollMax }: { state: State; lesson: Lesson; width: number; height: number; /** Told the furthest scroll that still moves the text, so keys past the end are not stored up. */ onScrollMax?: (max: number) => void }) {
  const st = useTheme();
  const sum = lessonSummary(state, lesson);
  const lines: string[] = [];
  // a marked line, its text wrapped under itself (plain marks are words: "PASS" is wider than "✓")
  const item = (mark: string, text: string) => {
    const pad = 3 + stringWidth(stripAnsi(mark));
    return wrap(text, width - pad).map((l, i) => (i ? ' '.repeat(pad) : `  ${mark} `) + l);
  };
  lines.push(...wrap(sum.done ? `${st.sym.ok} Lesson finished: ${sum.title}` : `End of the lesson: ${sum.title}`, width).map((l) => st.bold(l)));
  if (!sum.done) lines.push(...wrap(`Some tasks or quizzes are not passed yet: ${st.sym.left} goes back to the first of them.`, width).map((l) => st.dim(l)));
  lines.push('');
  lines.push(st.bold('What the runs proved'));
  for (const p of sum.proved) {
    const mark = p.ok === null ? st.dim(st.fancy ? '·' : '-') : p.ok ? st.green(st.sym.ok) : st.yellow('~');
    lines.push(...item(mark, `${p.title}: ${p.text}`));
  }
  if (!sum.proved.length) lines.push(st.dim('  (this lesson has no runs)'));
  lines.push('', st.bold('Checklist'));
  for (const c of sum.checklist) lines.push(...item(c.earned ? st.green(st.sym.ok) : st.dim(st.fancy ? '·' : '-'), `${c.earned ? 'earned' : 'not yet'}: ${c.text}`));
  lines.push('', st.bold('How it went'));
  const quiz = sum.firstTry.of ? `quiz: ${sum.firstTry.right} of ${sum.firstTry.of} right at the first try; ${sum.reveals} answer${sum.reveals === 1 ? '' : 's'} shown` : 'no quiz';
  lines.push(...wrap(`hints used: ${sum.hints}${st.sym.sep}solutions viewed: ${sum.solutions}${st.sym.sep}time: ${sum.time}`, width - 2).map((l) => `  ${l}`));
  lines.push(...wrap(quiz, width - 2).map((l) => `  ${l}`));
  lines.push('');
  if (sum.next) lines.push(...wrap(`Next: ${sum.next.title} (enter opens it)`, width).map((l) => st.bold(l)), ...wrap(sum.next.summary, width).map((l) => st.dim(l)));
  else lines.push(st.bold('That was the last lesson.') + st.dim(' x shows the checklist; l the lesson list.'));
  // taller than the window (a small terminal, many steps): it scrolls, and its last row says so
  const max = lines.length <= height ? 0 : Math.max(0, lines.length - (height - 1));
  useEffect(() => {
    if (state.helpScroll > max) onScrollMax?.(max);
  }, [state.helpScroll, max, onScrollMax]);
  return <Lines lines={scrolledLines(lines, height, state.helpScroll, st)} height={height} />;
}
