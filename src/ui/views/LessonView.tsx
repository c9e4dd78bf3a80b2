import { Box } from 'ink';
import type { Lesson } from '../../lessons/load.js';
import type { RunnableStep } from '../../lessons/run-step.js';
import { hintText, orderedHints } from '../../lessons/hints.js';
import { SIDE_BY_SIDE_MIN, splitLessonHeight } from './layout.js';
import { runPanelWanted } from './run-view.js';
import { lessonBody } from './lesson-body.js';
import { Lines } from '../components/Lines.js';
import { QuizPanel, quizLines } from './QuizPanel.js';
import { RunPanel } from './RunPanel.js';
import { SolutionPanel } from './SolutionPanel.js';
import { stepDone } from '../state/onward.js';
import { CrashPanel } from './CrashPanel.js';
import { traceShown, whyShown } from '../state/step-facts.js';
import { TracePanel } from './TracePanel.js';
import { SourcesPanel, sourcesLines } from './SourcesPanel.js';
import { stepPassed } from '../state/selectors.js';
import type { State } from '../state/state.js';
import { stepKey } from '../state/step-key.js';
import { windowOf } from '../../term/scroll.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';

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
  // ✓ read, run (an experiment) or passed; • tried; blank: not yet (opening an experiment is not running it)
  const mark = (id: string) => {
    const which = lesson.steps.find((x) => x.id === id)!;
    const r = rec[id];
    const done = stepPassed(state, lesson.id, id) || (which.kind === 'explain' && !!r) || (which.kind === 'experiment' && stepDone(state, lesson, which));
    return done ? st.sym.ok : r?.status === 'attempted' ? (st.fancy ? '•' : '~') : ' ';
  };
  const header = st.bold(lesson.title) + st.dim(`${st.fancy ? '  ·  ' : ': '}step ${idx + 1} of ${lesson.steps.length}: `) + st.bold(step.title) + st.dim(` (${step.kind})`);
  // plain mode (screen readers): words, not marks run together ("1PASS 2PASS")
  const word = (id: string) => ({ [st.sym.ok]: 'done', '~': 'tried' })[mark(id)] ?? '';
  const strip = st.fancy
    ? lesson.steps.map((s, i) => (i === idx ? st.bold(`[${i + 1} ${mark(s.id)}]`) : st.dim(`${i + 1}${mark(s.id)}`))).join(' ')
    : 'steps: ' + lesson.steps.map((s, i) => (i === idx ? st.bold(`[${i + 1} current${word(s.id) ? `, ${word(s.id)}` : ''}]`) : `${i + 1}${word(s.id) ? ` ${word(s.id)}` : ''}`)).join(', ');

  const hintsShown = step.kind === 'task' ? (state.hints[key] ?? 0) : 0;
  const solutionShown = step.kind === 'task' && !!state.solution[key];
  // with the solution open, the hints make way for it
  const run = state.runs[key];
  // a hint about the check that fails now comes first (the lesson's order otherwise)
  const failing = run?.result && !run.tinker ? run.result.variants.flatMap((v) => v.verdicts.filter((x) => !x.ok).map((x) => x.label)) : [];
  const hints = step.kind === 'task' ? orderedHints(step.hints, failing) : [];
  const hintLines = step.kind === 'task' && hintsShown && !solutionShown ? hints.slice(0, hintsShown).flatMap((h, i) => wrap(`Hint ${i + 1} of ${hints.length}: ${hintText(h)}`, width).map((l) => st.cyan(l))) : [];
  const whyHere = whyShown(state); // "why did it crash?" is open for the row shown
  const traceHere = traceShown(state);
  // `i`: the step's sources, in place of the run panel, as tall as they need
  const sourcesHere = state.sources === key && (step.kind === 'experiment' || step.kind === 'task') ? step : null;
  // the solution gets the panel, as tall as it needs: it is what the learner asked to see
  const solution = step.kind === 'task' && state.solution[key];
  // prose at a readable measure (about 100 columns) however wide the terminal is
  const body = lessonBody({ lesson, step, stepIndex: idx, width: Math.min(width, PROSE_MEASURE), st, readSource, workspace: state.files[key], tinker: state.tinker[key], watching: state.watching?.key === key ? state.watching : null });
  // a quiz takes whatever the text leaves (a quiz step often has no text at all), at least what its lines need
  // the run panel asks for what it holds (a short output leaves the rows to the prose); a chart or a running step keeps a generous share
  const runWanted = (r: NonNullable<typeof run>, rs: RunnableStep) =>
    state.output.expanded && r.status === 'done' ? 200 // opened (o): as tall as the view allows, it scrolls
    : r.status === 'done' && r.result && !r.result.notApplicable && !rs.chart ? runPanelWanted(r.result, rs.runIn, width, st, state.output.row, width + 1 >= SIDE_BY_SIDE_MIN) : r.result && r.result.variants.length > 1 ? 3 * r.result.variants.length + 14 + (rs.chart ? 12 + 3 * r.result.variants.length : 0) : r.status === 'cancelled' ? 2 : r.status === 'running' ? 12 : r.status === 'error' ? 8 : 40;
  const panelWanted = solution ? 200 : sourcesHere ? sourcesLines(sourcesHere, width, st).length + 1 : step.kind === 'quiz' ? Math.max(12, height - 3 - body.length, quizLines(step, state.quiz[key], width, st).length) : run ? runWanted(run, step as RunnableStep) + (run.tinker ? 1 : 0) : step.kind === 'experiment' || step.kind === 'task' ? 1 : 0;
  // title and step bar wrap (long titles, many steps in plain words) rather than being cut
  const top = [header, strip].flatMap((l) => wrap(l, width));
  const split = splitLessonHeight(height - top.length, { panelWanted: state.proseOnly ? 0 : panelWanted, hintLines: hintLines.length, expanded: (state.output.expanded && !!run) || !!solution || whyHere || traceHere || !!sourcesHere, bodyWanted: body.length });

  const variantNote = run?.tinker ? [st.dim("Not counted as a pass or fail: it is your variant (z: the lesson's program).")] : [];
  const win = windowOf(body, split.body - (body.length > split.body ? 1 : 0), state.lesson!.scroll);
  const bodyLines = split.body <= 0 ? [] : body.length > split.body ? [...win.shown, st.dim(`${win.below ? `${st.sym.down} ${win.below} more lines` : 'end'}${win.above ? `${st.sym.sep}${st.sym.up} ${win.above} above` : ''}${split.panel ? `${st.sym.sep}f: full text` : state.proseOnly ? `${st.sym.sep}f: the panel again` : ''}`)] : win.shown;

  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      <Lines lines={top} />
      <Lines lines={bodyLines} height={split.body} />
      {split.hints ? <Lines lines={hintLines.slice(-split.hints)} /> : null}
      {split.panel ? (
        solution && step.kind === 'task' ? (
          <SolutionPanel lesson={lesson} step={step} solution={readSource(lesson, step.solution)} mine={state.files[key]} width={width} height={split.panel} scroll={state.output.scroll} />
        ) : sourcesHere ? (
          <SourcesPanel step={sourcesHere} width={width} height={split.panel} scroll={state.output.scroll} />
        ) : step.kind === 'quiz' ? (
          <QuizPanel step={step} quiz={state.quiz[key]} width={width} height={split.panel} />
        ) : run && traceHere ? (
          <TracePanel view={state.why!} width={width} height={split.panel} scroll={state.output.scroll} />
        ) : run && whyHere ? (
          <CrashPanel why={state.why!} sources={sourceNames(step as RunnableStep)} evidence={step as RunnableStep} width={width} height={split.panel} scroll={state.output.scroll} />
        ) : run ? (
          <Box flexDirection="column" height={split.panel} flexShrink={0}>
            {variantNote.length ? <Lines lines={variantNote} /> : null}
            <RunPanel run={run} step={step as RunnableStep} width={width} height={split.panel - variantNote.length} expanded={state.output.expanded} scroll={state.output.scroll} row={state.output.row} />
          </Box>
        ) : (
          <Lines lines={[st.dim(`Press r to run this step in ${runWhere(step as RunnableStep)}.`)]} height={split.panel} />
        )
      ) : null}
    </Box>
  );
}

/** The widest the lesson text runs: longer lines are hard to follow back to their start. */
const PROSE_MEASURE = 100;

/** The file names a step's program is built from (a task's starter or solution, the learner's copy keeps the starter's name). */
const sourceNames = (s: RunnableStep): string[] => [...(s.kind === 'task' ? [s.starter, s.solution] : s.program ? [s.program] : []), ...s.extraSources];

/** Where a step runs, in words: "glibc and musl", or "musl (built in toolchains)". */
function runWhere(step: RunnableStep): string {
  const envs = step.runIn.length > 1 ? `${step.runIn.slice(0, -1).join(', ')} and ${step.runIn.at(-1)}` : step.runIn[0];
  return step.compileIn !== 'each' && !step.runIn.includes(step.compileIn) ? `${envs} (built in ${step.compileIn})` : envs!;
}
