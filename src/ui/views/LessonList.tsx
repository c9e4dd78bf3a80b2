import cliTruncate from 'cli-truncate';
import { Box } from 'ink';
import { visibleLength } from '../../term/columns.js';
import '../../term/exact-width.js'; // exact widths for the tutorial's text
import { lessonStatus } from '../../progress/status.js';
import { listEntries } from '../state/selectors.js';
import type { State } from '../state/state.js';
import { Lines } from '../components/Lines.js';
import { windowOf } from '../../term/scroll.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';

const WORD = { done: 'done', 'in-progress': 'in progress', pending: 'pending' } as const;

/** Every lesson with its status, the cursor, the current one marked, and the selected lesson's summary and checklist items. */
export function LessonList({ state, width, height }: { state: State; width: number; height: number }) {
  const st = useTheme();
  const entries = listEntries(state);
  // the count is of the whole course, not of the lessons a search filter leaves
  const done = state.course.lessons.filter((l) => lessonStatus(state.progress, l) === 'done').length;
  const shown = state.list.search?.trim() ? `${st.fancy ? '  ·  ' : ', '}${entries.length} shown` : '';
  const header = [st.bold(state.course.index.title) + st.dim(`${st.fancy ? '  ·  ' : ': '}${done} of ${state.course.index.lessons.length} lessons done${shown}`)];
  if (state.list.search !== null) header.push(`${state.list.searching ? 'search: ' : 'filter: '}${state.list.search}${state.list.searching ? '_' : ''}${entries.length ? '' : st.dim('  (no lesson matches)')}`);
  for (const w of state.warnings) header.push(...wrap(`warning: ${w}`, width).map((l) => st.yellow(l)));
  const sym = { done: st.sym.done, 'in-progress': st.sym.partial, pending: st.sym.todo };
  const cur = state.progress.current?.lesson;
  const rows = entries.map((e, i) => {
    const mark = i === state.list.cursor ? `${st.sym.cursor} ` : '  ';
    const title = e.lesson ? e.lesson.title : e.id;
    const status = e.lesson ? WORD[e.status] : (e.missing?.problem === 'not written yet' ? 'not written yet' : 'cannot be loaded');
    const here = e.id === cur ? st.cyan('  (you are here)') : '';
    // a long title gives way (it is whole in the lesson), never the status at the end of the row
    const head = `${mark}${sym[e.status]} ${String(e.number).padStart(2)}. `;
    const tail = `  ${st.dim(status)}${here}`;
    const room = Math.max(8, width - visibleLength(head) - visibleLength(tail));
    const text = `${head}${visibleLength(title) > room ? cliTruncate(title, room, { truncationCharacter: st.sym.ellipsis }) : title}${tail}`;
    return i === state.list.cursor ? st.bold(text) : e.lesson ? text : st.dim(text);
  });
  const sel = entries[state.list.cursor];
  const detail: string[] = [''];
  if (sel?.lesson) {
    detail.push(...wrap(sel.lesson.summary, width));
    const items = state.course.index.checklist.filter((c) => sel.lesson!.checklist.includes(c.id));
    if (items.length) detail.push(st.dim('Covers:'), ...items.flatMap((c) => wrap(c.text, width - 4 - visibleLength(st.sym.bullet)).map((l, i) => `  ${i ? ' '.repeat(visibleLength(st.sym.bullet) + 1) : `${st.sym.bullet} `}${l}`)));
  } else if (sel?.missing) detail.push(...wrap(`This lesson is ${sel.missing.problem === 'not written yet' ? 'not written yet' : `not available: ${sel.missing.problem}`}.`, width));
  const listHeight = Math.max(3, height - header.length - Math.min(detail.length, Math.max(0, height - header.length - rows.length)));
  const win = windowOf(rows, listHeight, state.list.cursor - Math.floor(listHeight / 2));
  const detailShown = detail.slice(0, Math.max(0, height - header.length - win.shown.length));
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      <Lines lines={header} />
      <Lines lines={win.shown} />
      <Lines lines={detailShown} />
    </Box>
  );
}
