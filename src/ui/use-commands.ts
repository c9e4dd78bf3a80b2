/**
 * Performing effects for keys: run a step, answer a quiz, reset, build the
 * images, leave for the editor. Each reports back with actions; nothing here
 * draws.
 */
import { useCallback, type Dispatch, type RefObject } from 'react';
import { checkAnswer } from '../check/quiz.js';
import { isLabError } from '../errors.js';
import type { RunnableStep } from '../lessons/run-step.js';
import type { Action } from './actions.js';
import type { Leave, TutorialEffects } from './effects.js';
import { toErrorInfo } from './error-info.js';
import { crashedRow, traceableRow, type Effect } from './keys.js';
import { currentLesson, currentStep } from './selectors.js';
import { stepKey, whyKey, type RunState, type State } from './state.js';

export function useCommands(stateRef: RefObject<State>, dispatch: Dispatch<Action>, fx: TutorialEffects, leave: (l: Leave) => void) {
  const progress = useCallback((p: Promise<import('../progress/schema.js').ProgressData>) => {
    p.then((data) => dispatch({ type: 'progress', data })).catch((e) => dispatch({ type: 'warning', text: `Progress was not saved: ${toErrorInfo(e).message}` }));
  }, [dispatch]);

  const run = useCallback(
    (trigger: RunState['trigger']) => {
      const s = stateRef.current;
      const lesson = currentLesson(s);
      const step = currentStep(s);
      if (!lesson || !step || (step.kind !== 'task' && step.kind !== 'experiment')) return;
      const key = stepKey(lesson.id, step.id);
      if (s.runs[key]?.status === 'running') return;
      dispatch({ type: 'run-start', key, envs: step.runIn, trigger });
      let main;
      try {
        main = step.kind === 'task' ? fx.workspace.source(lesson, step) : undefined;
      } catch (e) {
        dispatch({ type: 'run-error', key, error: toErrorInfo(e) });
        return;
      }
      fx.runStep(lesson, step as RunnableStep, main, (env, phase, outcome, at) => dispatch({ type: 'run-env', key, env, phase, outcome, at }))
        .then((result) => {
          dispatch({ type: 'run-done', key, result });
          if (!result.notApplicable) progress(fx.store.recordStep(lesson.id, step.id, result.passed ? 'passed' : 'attempted'));
        })
        .catch((e) => {
          dispatch({ type: 'run-error', key, error: toErrorInfo(e) });
          if (isLabError(e) && (e.kind === 'image-missing' || e.kind === 'docker-unreachable')) fx.checkImages().then((images) => dispatch({ type: 'images', images }));
        });
    },
    [stateRef, dispatch, fx, progress],
  );

  return useCallback(
    (c: Effect | { effect: 'rerun'; trigger: RunState['trigger'] }) => {
      const s = stateRef.current;
      const lesson = currentLesson(s);
      const step = currentStep(s);
      switch (c.effect) {
        case 'run':
          return run('key');
        case 'rerun':
          return run(c.trigger);
        case 'edit': {
          if (!lesson || step?.kind !== 'task') return;
          try {
            leave({ kind: 'edit', file: fx.workspace.ensure(lesson, step), key: stepKey(lesson.id, step.id) });
          } catch (e) {
            dispatch({ type: 'notice', text: toErrorInfo(e).message });
          }
          return;
        }
        case 'why': {
          const c = crashedRow(s);
          const result = c ? s.runs[c.key]?.result : undefined;
          const row = result?.variants.find((v) => v.id === c!.row);
          if (!lesson || !c || !row || (step?.kind !== 'task' && step?.kind !== 'experiment') || !fx.explainRow) return;
          const key = whyKey(c.key, c.row);
          dispatch({ type: 'why-start', key });
          let main;
          try {
            main = step.kind === 'task' ? fx.workspace.source(lesson, step) : undefined;
          } catch (e) {
            dispatch({ type: 'why-error', key, error: toErrorInfo(e) });
            return;
          }
          fx.explainRow(lesson, step, main, row)
            .then((explanations) => dispatch({ type: 'why-done', key, explanations }))
            .catch((e) => dispatch({ type: 'why-error', key, error: toErrorInfo(e) }));
          return;
        }
        case 'trace': {
          const c = traceableRow(s);
          const row = c ? s.runs[c.key]?.result?.variants.find((v) => v.id === c.row) : undefined;
          if (!lesson || !c || !row || (step?.kind !== 'task' && step?.kind !== 'experiment') || !fx.traceRow) return;
          const key = whyKey(c.key, c.row);
          dispatch({ type: 'why-start', key, kind: 'trace' });
          let main;
          try {
            main = step.kind === 'task' ? fx.workspace.source(lesson, step) : undefined;
          } catch (e) {
            dispatch({ type: 'why-error', key, error: toErrorInfo(e) });
            return;
          }
          fx.traceRow(lesson, step, main, row)
            .then((t) => (t ? dispatch({ type: 'trace-done', key, sides: t.sides, saved: t.saved }) : dispatch({ type: 'why-error', key, error: { message: 'This step cannot be traced.', next: 'Trace a program with `musl-lab compare prog.c --trace`.' } })))
            .catch((e) => dispatch({ type: 'why-error', key, error: toErrorInfo(e) }));
          return;
        }
        case 'quit':
          return leave({ kind: 'quit' });
        case 'build':
          dispatch({ type: 'build-start' });
          fx.buildImages((text) => dispatch({ type: 'build-line', text }))
            .then(async () => {
              dispatch({ type: 'build-done' });
              dispatch({ type: 'images', images: await fx.checkImages() });
            })
            .catch((e) => dispatch({ type: 'build-error', error: toErrorInfo(e) }));
          return;
        case 'continue': {
          const cur = s.progress.current;
          if (cur) dispatch({ type: 'open-lesson', id: cur.lesson, step: cur.step });
          return;
        }
        case 'answer': {
          if (!lesson || step?.kind !== 'quiz') return;
          const key = stepKey(lesson.id, step.id);
          const q = step.questions[s.quiz[key]?.question ?? 0]!;
          if (q.choices && Number(c.answer) > q.choices.length) return;
          const verdict = checkAnswer(q, c.answer);
          dispatch({ type: 'quiz-answered', key, question: q.id, answer: { ...verdict, given: c.answer } });
          progress(fx.store.recordAnswer(lesson.id, step.id, q.id, verdict.ok, step.questions.map((x) => x.id)));
          return;
        }
        case 'reset-lesson': {
          const l = s.course.lessons.find((x) => x.id === c.lesson);
          if (!l) return;
          try {
            const backups = fx.workspace.resetLesson(l);
            dispatch({ type: 'reset', lesson: l.id });
            dispatch({ type: 'notice', text: `The lesson "${l.title}" was reset.${backups.length ? ` Your old file is kept as ${backups.join(', ')}` : ''}` });
            reloadFiles(l.id);
          } catch (e) {
            dispatch({ type: 'notice', text: `Reset failed: ${toErrorInfo(e).message}` });
          }
          progress(fx.store.resetLesson(l.id));
          return;
        }
        case 'reset-all': {
          try {
            const backups = fx.workspace.resetAll(s.course.lessons);
            dispatch({ type: 'reset' });
            dispatch({ type: 'notice', text: `Everything was reset.${backups.length ? ` ${backups.length} old file(s) kept as .bak-* next to the new ones.` : ''}` });
            reloadFiles();
          } catch (e) {
            dispatch({ type: 'notice', text: `Reset failed: ${toErrorInfo(e).message}` });
          }
          progress(fx.store.resetAll());
          return;
        }
      }

      function reloadFiles(only?: string) {
        for (const [key, f] of Object.entries(stateRef.current.files)) {
          if (only && !key.startsWith(`${only}/`)) continue;
          try {
            dispatch({ type: 'workspace-file', key, path: f.path, text: fx.readFile(f.path) });
          } catch {
            // gone: shown again when the step is opened
          }
        }
      }
    },
    [stateRef, dispatch, fx, leave, run, progress],
  );
}
