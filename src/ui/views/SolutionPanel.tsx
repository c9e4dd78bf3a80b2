import type { Lesson } from '../../lessons/load.js';
import type { TaskStep } from '../../lessons/schema.js';
import { lineDiff } from '../../term/diff.js';
import { highlightC } from '../../term/highlight.js';
import { Lines } from '../components/Lines.js';
import { windowOf } from '../../term/scroll.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';

export interface SolutionPanelProps {
  lesson: Lesson;
  step: TaskStep;
  solution: string;
  /** The learner's copy, when there is one: the solution is shown as a diff against it. */
  mine?: { path: string; text: string };
  width: number;
  height: number;
  scroll: number;
}

/** The reference solution in its own panel: a diff against the learner's file (- yours, + solution), or the whole program. */
export function SolutionPanel({ lesson, step, solution, mine, width, height, scroll }: SolutionPanelProps) {
  const st = useTheme();
  const diff = mine ? lineDiff(mine.text, solution) : null;
  const same = diff?.every((d) => d.op === ' ');
  const title = st.bold(`Reference solution: c-src/${lesson.id}/${step.solution}`);
  const head: string[] = [title];
  let body: string[];
  if (diff && !same) {
    head.push(...wrap(`As changes to your copy: - your line, + the solution's line (s hides it, ${st.sym.up}/${st.sym.down} scroll)`, width).map((l) => st.dim(l)));
    body = diff.map((d) => (d.op === '-' ? st.red(`- ${d.text}`) : d.op === '+' ? st.green(`+ ${d.text}`) : st.dim(`  ${d.text}`)));
  } else {
    head.push(st.dim(same ? `Your copy is the same as the solution. (s hides it, ${st.sym.up}/${st.sym.down} scroll)` : `(s hides it, ${st.sym.up}/${st.sym.down} scroll)`));
    body = highlightC(solution, st);
  }
  const win = windowOf(body, Math.max(1, height - head.length - 1), scroll);
  const more = st.dim(`lines ${win.scroll + 1}-${win.scroll + win.shown.length} of ${body.length}${win.below ? `${st.sym.sep}${st.sym.down} ${win.below} more` : ''}`);
  return <Lines lines={[...head, ...win.shown, more].slice(0, height)} height={height} />;
}
