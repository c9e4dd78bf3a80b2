import { explanationLines } from '../../explain/view.js';
import type { RunnableStep } from '../../lessons/run-step.js';
import { Lines } from '../components/Lines.js';
import { sourcesLines } from './SourcesPanel.js';
import type { WhyState } from '../state/state.js';
import { windowOf } from '../../term/scroll.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';

export interface CrashPanelProps {
  why: WhyState;
  /** The learner's source file names: their frames are marked in the backtrace. */
  sources: string[];
  /** The step's evidence: its primary sources follow the explanation, to read why it crashed there. */
  evidence?: Pick<RunnableStep, 'sources' | 'standsFor'>;
  width: number;
  height: number;
  scroll: number;
}

/** "Why did it crash?" (`w`): each crashed side's explanation, in place of the run panel; ↑/↓ scroll, w closes. */
export function CrashPanel({ why, sources, evidence, width, height, scroll }: CrashPanelProps) {
  const st = useTheme();
  const ell = st.fancy ? '…' : '...';
  const lines: string[] = [];
  if (why.status === 'running') lines.push(st.bold(`Why did it crash? Building with -g and running it again under gdb${ell}`));
  else if (why.status === 'error') lines.push(st.red(st.bold('The crash could not be explained.')), ...wrap(`error: ${why.error!.message}`, width), ...wrap(`next:  ${why.error!.next}`, width));
  else if (why.explanations.length === 0) lines.push(st.dim('No side of this row crashed.'));
  for (const e of why.explanations) {
    if (lines.length) lines.push('');
    lines.push(...explanationLines(e, st, sources).flatMap((l) => hanging(l, width)));
  }
  if (why.status === 'done' && evidence?.sources?.length) lines.push('', ...sourcesLines(evidence, width, st));
  const win = windowOf(lines, height - 1, scroll);
  const sep = st.fancy ? '·' : '-';
  const where = lines.length > height - 1 ? `lines ${win.scroll + 1}-${win.scroll + win.shown.length} of ${lines.length} ${sep} ${st.fancy ? '↑/↓' : 'up/down'} scroll ${sep} ` : '';
  return <Lines lines={[...win.shown, st.dim(`${where}w closes`)]} height={height} />;
}

/** Wrap a line keeping its indent; a bullet's continuation lines go under its text. */
function hanging(line: string, width: number): string[] {
  const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
  const indent = /^ */.exec(plain)![0].length;
  const bullet = /^ *(•|-|>) /.test(plain) ? 2 : 0;
  const rest = wrap(line.replace(/^ +/, ''), width - indent - bullet);
  return rest.map((l, i) => ' '.repeat(indent + (i ? bullet : 0)) + l);
}
