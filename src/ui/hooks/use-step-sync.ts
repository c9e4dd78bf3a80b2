/**
 * When the learner opens a step: remember it ("continue where I left off"),
 * mark an explain step as read, make sure a task has its workspace copy, and
 * watch that copy (or the learner's variant of an experiment) so saving it
 * re-runs the step. When the step is left, the time spent on it is added.
 */
import { useEffect, type Dispatch } from 'react';
import type { Action } from '../state/actions.js';
import type { TutorialEffects } from './effects.js';
import { toErrorInfo } from '../state/error-info.js';
import { currentLesson, currentStep } from '../state/selectors.js';
import type { State } from '../state/state.js';
import { stepKey } from '../state/step-key.js';
import { useProgress } from './use-progress.js';

/** A visit longer than this counts as this long: a terminal left open overnight is not study time. */
export const MAX_VISIT_MS = 20 * 60 * 1000;

export function useStepSync(state: State, dispatch: Dispatch<Action>, fx: TutorialEffects, rerun: () => void): void {
  const lesson = state.screen === 'lesson' ? currentLesson(state) : undefined;
  const step = lesson ? currentStep(state) : undefined;
  const lessonId = lesson?.id;
  const stepId = step?.id;
  const key = lesson && step ? stepKey(lesson.id, step.id) : undefined;
  const tinkerPath = key ? state.tinker[key]?.path : undefined;
  const save = useProgress(dispatch, fx);

  // time on the step: from opening it to leaving it (another step, another screen, quitting)
  useEffect(() => {
    if (!lesson || !step) return;
    const now = () => fx.now?.() ?? Date.now();
    const t0 = now();
    return () => save(fx.store.addTime(lesson.id, step.id, Math.min(MAX_VISIT_MS, now() - t0)));
  }, [lessonId, stepId]);

  useEffect(() => {
    if (!lesson || !step || !key) return;
    save(fx.store.setCurrent(lesson.id, step.id));
    if (step.kind === 'explain') save(fx.store.recordStep(lesson.id, step.id, 'seen'));
    let file: string | undefined;
    let onSave: (() => void) | undefined;
    if (step.kind === 'task') {
      try {
        const f = fx.workspace.ensure(lesson, step);
        dispatch({ type: 'workspace-file', key, path: f, text: fx.readFile(f) });
        file = f;
        onSave = () => dispatch({ type: 'workspace-file', key, path: f, text: fx.readFile(f) });
      } catch (e) {
        dispatch({ type: 'notice', text: `Your copy could not be prepared: ${toErrorInfo(e).message}` });
        return;
      }
    } else if (step.kind === 'experiment' && step.program) {
      // a variant made in an earlier session is picked up again
      const f = tinkerPath ?? fx.workspace.tinkerFile(lesson, step);
      if (f && !tinkerPath) {
        try {
          dispatch({ type: 'tinker-file', key, file: { path: f, text: fx.readFile(f) } });
        } catch {
          return;
        }
      }
      if (f) {
        file = f;
        onSave = () => dispatch({ type: 'tinker-file', key, file: { path: f, text: fx.readFile(f) } });
      }
    }
    if (!file || !onSave) {
      dispatch({ type: 'watching', watching: null });
      return;
    }
    const watched = file;
    const stop = fx.watch(watched, () => {
      try {
        onSave!();
      } catch {
        return;
      }
      rerun();
    });
    dispatch({ type: 'watching', watching: { key, file: watched, ok: stop.watching !== false } });
    return () => {
      stop();
      dispatch({ type: 'watching', watching: null });
    };
    // the step's identity (and whether it has a variant) is what matters, not the objects
  }, [lessonId, stepId, tinkerPath]);
}
