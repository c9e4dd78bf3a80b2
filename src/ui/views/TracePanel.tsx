import { renderTrace } from '../../trace/view.js';
import { Lines } from '../components/Lines.js';
import type { WhyState } from '../state/state.js';
import { windowOf } from '../../term/scroll.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';

/** The system calls of both sides (`t`), in place of the run panel; ↑/↓ scroll, t closes. */
export function TracePanel({ view, width, height, scroll }: { view: WhyState; width: number; height: number; scroll: number }) {
  const st = useTheme();
  const lines: string[] = [];
  if (view.status === 'running') lines.push(st.bold(`Running the program under strace in both environments${st.fancy ? '…' : '...'}`));
  else if (view.status === 'error') lines.push(st.red(st.bold('The trace could not be made.')), ...wrap(`error: ${view.error!.message}`, width), ...wrap(`next:  ${view.error!.next}`, width));
  else if (view.trace) lines.push(...renderTrace(view.trace.sides, st, width, view.trace.saved).replace(/\n$/, '').split('\n'));
  const win = windowOf(lines, height - 1, scroll);
  const sep = st.fancy ? '·' : '-';
  const where = lines.length > height - 1 ? `lines ${win.scroll + 1}-${win.scroll + win.shown.length} of ${lines.length} ${sep} ${st.fancy ? '↑/↓' : 'up/down'} scroll ${sep} ` : '';
  return <Lines lines={[...win.shown, st.dim(`${where}t closes`)]} height={height} />;
}
