import { checklistStatus } from '../../progress/status.js';
import { stepPassed } from '../state/selectors.js';
import type { State } from '../state/state.js';
import { Lines } from '../components/Lines.js';
import { scrolledLines } from '../../term/scroll.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';

/**
 * The self-assessment checklist: per item, what the lessons show (from the
 * steps passed) and the learner's own tick, "I can explain this". Both are
 * kept; neither overrides the other.
 */
export function Checklist({ state, width, height }: { state: State; width: number; height: number }) {
  const st = useTheme();
  const items = checklistStatus(state.course.index, state.course.lessons, state.progress);
  const head = [st.bold('Self-assessment checklist'), ...wrap('For each item: what the lessons show, and your own tick. space ticks "I can explain this".', width).map((l) => st.dim(l)), ''];
  const lines: string[] = [];
  let cursorLine = 0;
  items.forEach((it, n) => {
    const here = n === state.checklistCursor;
    if (here) cursorLine = lines.length;
    const tag = { done: st.green('[done]'), 'in-progress': st.yellow('[in progress]'), pending: '[pending]', planned: st.dim('[planned]') }[it.status];
    const own = it.selfChecked ? st.green(`[${st.sym.ok}] I can explain this`) : '[ ] I can explain this';
    const mark = here ? (st.fancy ? '▸ ' : '> ') : '  ';
    lines.push(...wrap(it.text, width - 4).map((l, i) => (i === 0 ? `${mark}${here ? st.bold(l) : l}` : `  ${l}`)));
    const from = it.lessons.length ? `${it.lessons.map((l) => `${l.title} (${l.status.replace('-', ' ')})`).join(', ')}` : it.plannedIn ? `planned in ${it.plannedIn}` : 'no lesson written yet';
    lines.push(...wrap(`lessons: ${from}`, width - 20).map((l, i) => (i === 0 ? `    ${tag} ${st.dim(l)}` : `      ${st.dim(l)}`)));
    // the evidence: which tasks and quizzes of those lessons passed, which not yet
    // with several lessons, each step says whose it is ("Check yourself" is in most of them)
    const whose = (title: string) => (it.lessons.length > 1 ? ` (${title.split(':')[0]})` : '');
    const graded = it.lessons.flatMap((l) => (state.course.lessons.find((x) => x.id === l.id)?.steps ?? []).filter((x) => x.kind === 'task' || x.kind === 'quiz').map((x) => ({ title: `${x.title}${whose(l.title)}`, passed: stepPassed(state, l.id, x.id) })));
    const passed = graded.filter((g) => g.passed).map((g) => g.title);
    const open = graded.filter((g) => !g.passed).map((g) => g.title);
    if (graded.length) lines.push(...wrap(`${passed.length ? `passed: ${passed.join('; ')}` : 'nothing passed yet'}${open.length ? `${st.sym.sep}not yet: ${open.join('; ')}` : ''}`, width - 6).map((l) => `      ${st.dim(l)}`));
    lines.push(`    you: ${own}`);
  });
  // the window follows the cursor; its last line says what is above and below (nothing out of reach)
  const rest = Math.max(2, height - head.length);
  const scroll = Math.max(0, cursorLine - Math.floor(rest / 3));
  return <Lines lines={[...head, ...scrolledLines(lines, rest, scroll, st)].slice(0, height)} height={height} />;
}
