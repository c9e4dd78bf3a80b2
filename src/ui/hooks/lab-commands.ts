/**
 * The commands that use the lab: run the step (and cancel it), look closer
 * at a row of its run (gdb for a crash, strace for a trace), build the
 * images. Each reports back with actions; nothing here draws.
 */
import { isLabError } from '../../errors.js';
import type { EnvName, SourceFile } from '../../lab/types.js';
import type { Lesson } from '../../lessons/load.js';
import { onDemandEnvs, type RunnableStep, type VariantResult } from '../../lessons/run-step.js';
import type { Action } from '../state/actions.js';
import { toErrorInfo } from '../state/error-info.js';
import { currentLesson, currentStep } from '../state/selectors.js';
import { crashedRow, traceableRow } from '../state/step-facts.js';
import type { RunState } from '../state/state.js';
import { rowKey, stepKey, type RowKey, type StepKey } from '../state/step-key.js';
import type { CommandContext, CommandFor } from './command-context.js';

/** An on-demand environment (e.g. toolchains) the step needs is built on its first use, in the build panel. */
async function firstUse({ dispatch, fx }: CommandContext, envs: readonly EnvName[]): Promise<void> {
  if (envs.length === 0) return;
  const st = await fx.checkImages(envs);
  if (st.status !== 'missing') return; // unreachable: the run says so itself
  dispatch({ type: 'build-start', what: `the ${st.missing.join(' and ')} environment${st.missing.length > 1 ? 's' : ''}` });
  try {
    await fx.buildImages((text) => dispatch({ type: 'build-line', text }), st.missing);
  } catch (e) {
    dispatch({ type: 'build-error', error: toErrorInfo(e) });
    throw e;
  }
  dispatch({ type: 'build-done' });
}

/**
 * Stop the run under way of a step, if any: its programs are killed, the environments stay warm.
 * The promise ends when the lab says the programs are gone (null: nothing was running).
 */
function stopRun({ fx, controllers }: CommandContext, key: StepKey): Promise<void> | null {
  const controller = controllers.get(key);
  if (!controller) return null;
  controller.abort();
  controllers.delete(key);
  return (fx.cancelRun?.() ?? Promise.resolve()).catch(() => undefined);
}

/** Run the step on screen in its environments; the result (or the error) comes back as actions. */
export function runStep(cx: CommandContext, trigger: RunState['trigger']): void {
  const { s, dispatch, fx, controllers } = cx;
  const lesson = currentLesson(s);
  const step = currentStep(s);
  if (!lesson || !step || (step.kind !== 'task' && step.kind !== 'experiment')) return;
  const key = stepKey(lesson.id, step.id);
  if (s.runs[key]?.status === 'running') return;
  // A run of this step that is no longer on screen (a save seen by the watcher just before c or z,
  // or in the same moment as r) is superseded: stopped, so it neither runs on unseen nor holds the
  // environments the new run needs. One run per step at a time.
  stopRun(cx, key);
  // the learner's variant of an experiment: run it, show it, never count it
  const tinker = step.kind === 'experiment' ? s.tinker[key] : undefined;
  dispatch({ type: 'run-start', key, envs: step.runIn, trigger, tinker: !!tinker });
  const controller = new AbortController();
  controllers.set(key, controller);
  const finished = () => controllers.get(key) === controller && controllers.delete(key);
  let main: SourceFile | undefined;
  try {
    if (step.kind === 'task') main = fx.workspace.source(lesson, step);
    else if (tinker) main = { name: step.program!, content: Buffer.from(fx.readFile(tinker.path)) };
  } catch (e) {
    dispatch({ type: 'run-error', key, error: toErrorInfo(e) });
    return;
  }
  firstUse(cx, onDemandEnvs([step]))
    .then(() => fx.runStep(lesson, step as RunnableStep, main, (env, phase, outcome, at) => dispatch({ type: 'run-env', key, env, phase, outcome, at }), { signal: controller.signal, onRow: (index, of) => dispatch({ type: 'run-row', key, index, of }) }))
    .then((result) => {
      finished();
      // cancelled (said at once by the key): a later run of the step may be on screen now
      if (controller.signal.aborted) return;
      dispatch({ type: 'run-done', key, result: tinker ? { ...result, which: 'workspace' } : result });
      if (!result.notApplicable && !tinker) cx.progress(fx.store.recordRun(lesson.id, step.id, step.kind, result.passed));
    })
    .catch((e) => {
      finished();
      if (controller.signal.aborted) return;
      dispatch({ type: 'run-error', key, error: toErrorInfo(e) });
      if (isLabError(e) && (e.kind === 'image-missing' || e.kind === 'docker-unreachable')) fx.checkImages().then((images) => dispatch({ type: 'images', images }));
    });
}

export const run: CommandFor<'run'> = (cx) => runStep(cx, 'key');
export const rerun: CommandFor<'rerun'> = (cx, e) => runStep(cx, e.trigger);

export const cancel: CommandFor<'cancel'> = (cx) => {
  const lesson = currentLesson(cx.s);
  const step = currentStep(cx.s);
  if (!lesson || !step) return;
  const key = stepKey(lesson.id, step.id);
  const stopped = stopRun(cx, key);
  if (!stopped) return;
  // "Cancelled" only once the lab has killed the programs: until then the panel says it is stopping them
  cx.dispatch({ type: 'run-cancelled', key });
  void stopped.then(() => cx.dispatch({ type: 'run-cancelled', key, stopped: true }));
};

/** w and t: the chosen row run again for a closer look (gdb or strace), reported into state.why. */
function lookAtRow<T>(
  { s, dispatch, fx }: CommandContext,
  kind: 'why' | 'trace',
  at: { key: StepKey; row: string } | null,
  look: ((l: Lesson, st: RunnableStep, main: SourceFile | undefined, row: VariantResult) => Promise<T>) | undefined,
  done: (key: RowKey, r: T) => Action,
): void {
  const lesson = currentLesson(s);
  const step = currentStep(s);
  const row = at ? s.runs[at.key]?.result?.variants.find((v) => v.id === at.row) : undefined;
  if (!lesson || !at || !row || (step?.kind !== 'task' && step?.kind !== 'experiment') || !look) return;
  const key = rowKey(at.key, at.row);
  dispatch({ type: 'why-start', key, ...(kind === 'trace' ? { kind } : {}) });
  let main;
  try {
    main = step.kind === 'task' ? fx.workspace.source(lesson, step) : undefined;
  } catch (e) {
    dispatch({ type: 'why-error', key, error: toErrorInfo(e) });
    return;
  }
  look(lesson, step, main, row)
    .then((r) => dispatch(done(key, r)))
    .catch((e) => dispatch({ type: 'why-error', key, error: toErrorInfo(e) }));
}

export const why: CommandFor<'why'> = (cx) => lookAtRow(cx, 'why', crashedRow(cx.s), cx.fx.explainRow, (key, explanations) => ({ type: 'why-done', key, explanations }));

export const trace: CommandFor<'trace'> = (cx) =>
  lookAtRow(cx, 'trace', traceableRow(cx.s), cx.fx.traceRow, (key, t) =>
    t ? { type: 'trace-done', key, sides: t.sides, saved: t.saved } : { type: 'why-error', key, error: { message: 'This step cannot be traced.', next: 'Trace a program with `musl-lab compare prog.c --trace`.' } },
  );

export const build: CommandFor<'build'> = ({ dispatch, fx }) => {
  dispatch({ type: 'build-start' });
  fx.buildImages((text) => dispatch({ type: 'build-line', text }))
    .then(async () => {
      dispatch({ type: 'build-done' });
      dispatch({ type: 'images', images: await fx.checkImages() });
    })
    .catch((e) => dispatch({ type: 'build-error', error: toErrorInfo(e) }));
};
