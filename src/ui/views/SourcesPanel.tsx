import type { Step } from '../../lessons/schema.js';
import type { Style } from '../../term/style.js';
import { Lines } from '../components/Lines.js';
import { windowOf } from '../../term/scroll.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';

/** The evidence a step carries: its primary sources and, for a stand-in, what it stands for. */
type Evidence = Pick<Extract<Step, { kind: 'experiment' }>, 'sources' | 'standsFor'>;

/** Wrapped with a hanging indent: a list item's next lines go under its text. */
const item = (mark: string, text: string, width: number, indent = 2): string[] =>
  wrap(text, width - indent - mark.length - 1).map((l, i) => `${' '.repeat(indent)}${i ? ' '.repeat(mark.length + 1) : `${mark} `}${l}`);

/**
 * A step's sources as lines (the `i` panel, and the end of "why did it crash?"): each source to
 * open, then what a stand-in imitates, does the same, and does not.
 */
export function sourcesLines(step: Evidence, width: number, st: Style): string[] {
  const bullet = st.sym.bullet;
  const out: string[] = [st.bold('Sources: what this step rests on')];
  if (!step.sources?.length) out.push(...wrap('This step names no sources yet.', width).map((l) => st.dim(l)));
  else {
    out.push(...wrap('Open them to check the claim yourself: the file and function, with the version the lab runs.', width).map((l) => st.dim(l)));
    for (const s of step.sources) out.push(...item(bullet, s, width));
  }
  if (step.standsFor) {
    out.push('', st.bold('A stand-in'), ...item(bullet, `stands in for: ${step.standsFor.real}`, width), ...item(bullet, `the same: ${step.standsFor.same}`, width), ...item(bullet, `differs: ${step.standsFor.differs}`, width));
  }
  return out;
}

export interface SourcesPanelProps {
  step: Evidence;
  width: number;
  height: number;
  scroll: number;
}

/** `i` on an experiment or task: its sources in place of the run panel; ↑/↓ scroll, i closes. */
export function SourcesPanel({ step, width, height, scroll }: SourcesPanelProps) {
  const st = useTheme();
  const lines = sourcesLines(step, width, st);
  const win = windowOf(lines, height - 1, scroll);
  const where = lines.length > height - 1 ? `lines ${win.scroll + 1}-${win.scroll + win.shown.length} of ${lines.length}${st.sym.sep}${st.sym.up}/${st.sym.down} scroll${st.sym.sep}` : '';
  return <Lines lines={[...win.shown, st.dim(`${where}i closes`)]} height={height} />;
}
