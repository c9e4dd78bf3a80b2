import { checklistStatus } from '../progress/status.js';
import type { State } from './state.js';
import { Lines } from './Lines.js';
import { scrolledLines, wrap } from './text.js';
import { useTheme } from './theme.js';

/** The self-assessment checklist, each item's status derived from the lessons that cover it. */
export function Checklist({ state, width, height }: { state: State; width: number; height: number }) {
  const st = useTheme();
  const items = checklistStatus(state.course.index, state.course.lessons, state.progress);
  const lines = [st.bold('Self-assessment checklist'), ''];
  for (const it of items) {
    const tag = { done: st.green('[done]'), 'in-progress': st.yellow('[in progress]'), pending: '[pending]', planned: st.dim('[planned]') }[it.status];
    lines.push(...wrap(`${it.text}`, width - 16).map((l, i) => (i === 0 ? `${tag} ${l}` : `   ${l}`)));
    const from = it.lessons.length ? `from: ${it.lessons.map((l) => `${l.title} (${l.status.replace('-', ' ')})`).join(', ')}` : it.plannedIn ? `planned in ${it.plannedIn}` : 'no lesson written yet';
    lines.push(...wrap(from, width - 4).map((l) => st.dim(`    ${l}`)));
  }
  return <Lines lines={scrolledLines(lines, height, state.helpScroll, st)} height={height} />;
}
