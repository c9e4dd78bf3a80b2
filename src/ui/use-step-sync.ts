/**
 * When the learner opens a step: remember it ("continue where I left off"),
 * mark an explain step as read, make sure a task has its workspace copy, and
 * watch that copy so saving it re-runs the step.
 */
import { useEffect, type Dispatch } from 'react';
import type { Action } from './actions.js';
import type { TutorialEffects } from './effects.js';
import { toErrorInfo } from './error-info.js';
import { currentLesson, currentStep } from './selectors.js';
import { stepKey, type State } from './state.js';

export function useStepSync(state: State, dispatch: Dispatch<Action>, fx: TutorialEffects, rerun: () => void): void {
  const lesson = state.screen === 'lesson' ? currentLesson(state) : undefined;
  const step = lesson ? currentStep(state) : undefined;
  const lessonId = lesson?.id;
  const stepId = step?.id;

  useEffect(() => {
    if (!lesson || !step) return;
    const save = (p: Promise<State['progress']>) =>
      p.then((data) => dispatch({ type: 'progress', data })).catch((e) => dispatch({ type: 'warning', text: `Progress was not saved: ${toErrorInfo(e).message}` }));
    void save(fx.store.setCurrent(lesson.id, step.id));
    if (step.kind === 'explain') void save(fx.store.recordStep(lesson.id, step.id, 'seen'));
    if (step.kind !== 'task') return;
    const key = stepKey(lesson.id, step.id);
    let file: string;
    try {
      file = fx.workspace.ensure(lesson, step);
      dispatch({ type: 'workspace-file', key, path: file, text: fx.readFile(file) });
    } catch (e) {
      dispatch({ type: 'notice', text: `Your copy could not be prepared: ${toErrorInfo(e).message}` });
      return;
    }
    return fx.watch(file, () => {
      try {
        dispatch({ type: 'workspace-file', key, path: file, text: fx.readFile(file) });
      } catch {
        return;
      }
      rerun();
    });
    // the step's identity is what matters, not the objects
  }, [lessonId, stepId]);
}
