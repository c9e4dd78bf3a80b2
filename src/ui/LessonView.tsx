import { Box } from 'ink';
import type { Lesson } from '../lessons/load.js';
import type { RunnableStep } from '../lessons/run-step.js';
import { splitLessonHeight } from './layout.js';
import { lessonBody } from './lesson-body.js';
import { Lines } from './Lines.js';
import { QuizPanel } from './QuizPanel.js';
import { RunPanel } from './RunPanel.js';
import { CrashPanel } from './CrashPanel.js';
import { crashedRow, traceableRow } from './keys.js';
import { TracePanel } from './TracePanel.js';
import { stepPassed } from './selectors.js';
import { stepKey, whyKey, type State } from './state.js';
import { windowOf, wrap } from './text.js';
import { useTheme } from './theme.js';

export interface LessonViewProps {
  state: State;
  lesson: Lesson;
  width: number;
  height: number;
  readSource: (lesson: Lesson, file: string) => string;
}

/** A lesson: its steps in order, the current step's text and program, hints, and the run or quiz panel. */
export function LessonView({ state, lesson, width, height, readSource }: LessonViewProps) {
  const st = useTheme();
  const idx = state.lesson!.step;
  const step = lesson.steps[idx]!;
  const key = stepKey(lesson.id, step.id);
  const rec = state.progress.lessons[lesson.id]?.steps ?? {};
  const mark = (id: string) => {
    const s = stepPassed(state, lesson.id, id) ? 'passed' : rec[id]?.status;
    return s === 'passed' || s === 'seen' ? st.sym.ok : s === 'attempted' ? (st.fancy ? '•' : '~') : ' ';
  };
  const header = st.bold(lesson.title) + st.dim(`  ·  step ${idx + 1} of ${lesson.steps.length}: `) + st.bold(step.title) + st.dim(` (${step.kind})`);
  const strip = lesson.steps.map((s, i) => (i === idx ? st.bold(`[${i + 1} ${mark(s.id)}]`) : st.dim(`${i + 1}${mark(s.id)}`))).join(' ');

  const hintsShown = step.kind === 'task' ? (state.hints[key] ?? 0) : 0;
  const hintLines = step.kind === 'task' && hintsShown ? step.hints.slice(0, hintsShown).flatMap((h, i) => wrap(`Hint ${i + 1} of ${step.hints.length}: ${h}`, width).map((l) => st.cyan(l))) : [];
  const run = state.runs[key];
  const crashed = crashedRow(state);
  const whyHere = !!crashed && state.why?.kind === 'why' && state.why.key === whyKey(crashed.key, crashed.row); // "why did it crash?" is open for this row
  const traced = traceableRow(state);
  const traceHere = !!traced && state.why?.kind === 'trace' && state.why.key === whyKey(traced.key, traced.row);
  const panelWanted = step.kind === 'quiz' ? 12 : run ? (run.result && run.result.variants.length > 1 ? run.result.variants.length + 14 : 40) : step.kind === 'experiment' || step.kind === 'task' ? 1 : 0;
  const split = splitLessonHeight(height - 2, { panelWanted, hintLines: hintLines.length, expanded: state.output.expanded && !!run });

  const body = lessonBody({ lesson, step, stepIndex: idx, width, st, readSource, workspace: state.files[key], showSolution: !!state.solution[key] });
  const win = windowOf(body, split.body - (body.length > split.body ? 1 : 0), state.lesson!.scroll);
  const bodyLines = body.length > split.body ? [...win.shown, st.dim(`${win.below ? `↓ ${win.below} more lines` : 'end'}${win.above ? ` · ↑ ${win.above} above` : ''}`)] : win.shown;

  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      <Lines lines={[header, strip]} />
      <Lines lines={bodyLines} height={split.body} />
      {split.hints ? <Lines lines={hintLines.slice(-split.hints)} /> : null}
      {split.panel ? (
        step.kind === 'quiz' ? (
          <QuizPanel step={step} quiz={state.quiz[key]} width={width} height={split.panel} />
        ) : run && traceHere ? (
          <TracePanel view={state.why!} width={width} height={split.panel} scroll={state.output.scroll} />
        ) : run && whyHere ? (
          <CrashPanel why={state.why!} sources={sourceNames(step as RunnableStep)} width={width} height={split.panel} scroll={state.output.scroll} />
        ) : run ? (
          <RunPanel run={run} step={step as RunnableStep} width={width} height={split.panel} expanded={state.output.expanded} scroll={state.output.scroll} row={state.output.row} />
        ) : (
          <Lines lines={[st.dim('Press r to run this step in glibc and musl.')]} height={split.panel} />
        )
      ) : null}
    </Box>
  );
}

/** The file names a step's program is built from (a task's starter or solution, the learner's copy keeps the starter's name). */
const sourceNames = (s: RunnableStep): string[] => [...(s.kind === 'task' ? [s.starter, s.solution] : s.program ? [s.program] : []), ...s.extraSources];
