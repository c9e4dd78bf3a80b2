/**
 * Performing effects for keys: run a step, answer a quiz, reset, build the
 * images, leave for the editor. Each reports back with actions; nothing here
 * draws.
 */
import { useCallback, useRef, type Dispatch, type RefObject } from 'react';
import { checkAnswer, nextAnswer } from '../../check/quiz.js';
import { isLabError } from '../../errors.js';
import type { Lesson } from '../../lessons/load.js';
import { onDemandEnvs, type RunnableStep, type VariantResult } from '../../lessons/run-step.js';
import type { EnvName, SourceFile } from '../../lab/types.js';
import type { ProgressData } from '../../progress/schema.js';
import type { Action } from '../state/actions.js';
import type { Leave, TutorialEffects } from './effects.js';
import { toErrorInfo } from '../state/error-info.js';
import { crashedRow, traceableRow, type Effect } from '../input/bindings.js';
import { continueTarget } from '../state/onward.js';
import { currentLesson, currentStep } from '../state/selectors.js';
import { stepKey, whyKey, type RunState, type State } from '../state/state.js';

/** Report a progress write back to the UI: the new data, and whether it reached the disk. */
export function useProgress(dispatch: Dispatch<Action>, fx: TutorialEffects) {
  return useCallback(
    (p: Promise<ProgressData>) => {
      p.then((data) => {
        dispatch({ type: 'progress', data });
        const problem = fx.store.saveProblem?.();
        if (problem) dispatch({ type: 'unsaved', text: problem });
      }).catch((e) => {
        const text = toErrorInfo(e).message;
        dispatch({ type: 'warning', text: `Progress was not saved: ${text}` });
        dispatch({ type: 'unsaved', text });
      });
    },
    [dispatch, fx],
  );
}

export function useCommands(stateRef: RefObject<State>, dispatch: Dispatch<Action>, fx: TutorialEffects, leave: (l: Leave) => void) {
  const progress = useProgress(dispatch, fx);
  /** The run under way of each step key, to cancel it. */
  const controllers = useRef(new Map<string, AbortController>());

  /** An on-demand environment (e.g. toolchains) the step needs is built on its first use, in the build panel. */
  const firstUse = useCallback(
    async (envs: readonly EnvName[]) => {
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
    },
    [dispatch, fx],
  );

  const run = useCallback(
    (trigger: RunState['trigger']) => {
      const s = stateRef.current;
      const lesson = currentLesson(s);
      const step = currentStep(s);
      if (!lesson || !step || (step.kind !== 'task' && step.kind !== 'experiment')) return;
      const key = stepKey(lesson.id, step.id);
      if (s.runs[key]?.status === 'running') return;
      // A run of this step that is no longer on screen (a save seen by the watcher just before c or z,
      // or in the same moment as r) is superseded: stopped, so it neither runs on unseen nor holds the
      // environments the new run needs. One run per step at a time.
      const stale = controllers.current.get(key);
      if (stale) {
        stale.abort();
        controllers.current.delete(key);
        fx.cancelRun?.().catch(() => undefined);
      }
      // the learner's variant of an experiment: run it, show it, never count it
      const tinker = step.kind === 'experiment' ? s.tinker[key] : undefined;
      dispatch({ type: 'run-start', key, envs: step.runIn, trigger, tinker: !!tinker });
      const controller = new AbortController();
      controllers.current.set(key, controller);
      const finished = () => controllers.current.get(key) === controller && controllers.current.delete(key);
      let main: SourceFile | undefined;
      try {
        if (step.kind === 'task') main = fx.workspace.source(lesson, step);
        else if (tinker) main = { name: step.program!, content: Buffer.from(fx.readFile(tinker.path)) };
      } catch (e) {
        dispatch({ type: 'run-error', key, error: toErrorInfo(e) });
        return;
      }
      firstUse(onDemandEnvs([step]))
        .then(() => fx.runStep(lesson, step as RunnableStep, main, (env, phase, outcome, at) => dispatch({ type: 'run-env', key, env, phase, outcome, at }), { signal: controller.signal, onRow: (index, of) => dispatch({ type: 'run-row', key, index, of }) }))
        .then((result) => {
          finished();
          // cancelled (said at once by the key): a later run of the step may be on screen now
          if (controller.signal.aborted) return;
          dispatch({ type: 'run-done', key, result: tinker ? { ...result, which: 'workspace' } : result });
          if (!result.notApplicable && !tinker) progress(fx.store.recordRun(lesson.id, step.id, step.kind, result.passed));
        })
        .catch((e) => {
          finished();
          if (controller.signal.aborted) return;
          dispatch({ type: 'run-error', key, error: toErrorInfo(e) });
          if (isLabError(e) && (e.kind === 'image-missing' || e.kind === 'docker-unreachable')) fx.checkImages().then((images) => dispatch({ type: 'images', images }));
        });
    },
    [stateRef, dispatch, fx, progress, firstUse],
  );

  return useCallback(
    (c: Effect | { effect: 'rerun'; trigger: RunState['trigger'] }) => {
      const s = stateRef.current;
      const lesson = currentLesson(s);
      const step = currentStep(s);
      /** w and t: the chosen row run again for a closer look (gdb or strace), reported into state.why. */
      function lookAtRow<T>(kind: 'why' | 'trace', c: { key: string; row: string } | null, look: ((l: Lesson, st: RunnableStep, main: SourceFile | undefined, row: VariantResult) => Promise<T>) | undefined, done: (key: string, r: T) => Action): void {
        const row = c ? s.runs[c.key]?.result?.variants.find((v) => v.id === c.row) : undefined;
        if (!lesson || !c || !row || (step?.kind !== 'task' && step?.kind !== 'experiment') || !look) return;
        const key = whyKey(c.key, c.row);
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

      switch (c.effect) {
        case 'run':
          return run('key');
        case 'rerun':
          return run(c.trigger);
        case 'cancel': {
          const key = lesson && step ? stepKey(lesson.id, step.id) : undefined;
          const controller = key ? controllers.current.get(key) : undefined;
          if (!key || !controller) return;
          controller.abort();
          controllers.current.delete(key);
          dispatch({ type: 'run-cancelled', key });
          fx.cancelRun?.().catch(() => undefined);
          return;
        }
        case 'edit': {
          if (!lesson || !step) return;
          const key = stepKey(lesson.id, step.id);
          try {
            if (step.kind === 'task') return leave({ kind: 'edit', file: fx.workspace.ensure(lesson, step), key });
            if (step.kind !== 'experiment' || !step.program) return;
            const file = fx.workspace.ensureTinker(lesson, step);
            dispatch({ type: 'tinker-file', key, file: { path: file, text: fx.readFile(file) } });
            if (s.editor) return leave({ kind: 'edit', file, key, tinker: true });
            dispatch({ type: 'notice', text: `Your variant is at ${file}: change it in any editor, and r runs it (saving re-runs it). z goes back to the shipped program.` });
          } catch (e) {
            dispatch({ type: 'notice', text: toErrorInfo(e).message });
          }
          return;
        }
        case 'reset-tinker': {
          if (!lesson || step?.kind !== 'experiment') return;
          try {
            const bak = fx.workspace.resetTinker(lesson, step);
            dispatch({ type: 'tinker-file', key: c.key, file: null });
            dispatch({ type: 'notice', text: `Back to the shipped program.${bak ? ` Your variant is kept as ${bak}.` : ''}` });
          } catch (e) {
            dispatch({ type: 'notice', text: `Reset failed: ${toErrorInfo(e).message}` });
          }
          dispatch({ type: 'confirm-cancel' });
          return;
        }
        case 'hint': {
          if (!lesson || step?.kind !== 'task') return;
          const key = stepKey(lesson.id, step.id);
          const shown = Math.min(step.hints.length, (s.hints[key] ?? 0) + 1);
          dispatch({ type: 'hint-more', key });
          progress(fx.store.recordHints(lesson.id, step.id, shown));
          return;
        }
        case 'solution': {
          if (!lesson || step?.kind !== 'task') return;
          const showing = !s.solution[c.key];
          dispatch({ type: 'solution-toggle', key: c.key });
          if (showing) progress(fx.store.recordSolutionViewed(lesson.id, step.id));
          return;
        }
        case 'why':
          return lookAtRow('why', crashedRow(s), fx.explainRow, (key, explanations) => ({ type: 'why-done', key, explanations }));
        case 'trace':
          return lookAtRow('trace', traceableRow(s), fx.traceRow, (key, t) =>
            t ? { type: 'trace-done', key, sides: t.sides, saved: t.saved } : { type: 'why-error', key, error: { message: 'This step cannot be traced.', next: 'Trace a program with `musl-lab compare prog.c --trace`.' } },
          );
        case 'quit':
          return leave(c.interrupted ? { kind: 'quit', interrupted: true } : { kind: 'quit' });
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
          const to = continueTarget(s);
          if (to) dispatch({ type: 'open-lesson', id: to.lesson, step: to.step });
          return;
        }
        case 'answer': {
          if (!lesson || step?.kind !== 'quiz') return;
          const key = stepKey(lesson.id, step.id);
          const q = step.questions[s.quiz[key]?.question ?? 0]!;
          if (q.choices && Number(c.answer) > q.choices.length) return;
          const prev = s.quiz[key]?.answers[q.id];
          const answer = nextAnswer(prev, c.answer, checkAnswer(q, c.answer).ok);
          dispatch({ type: 'quiz-answered', key, question: q.id, answer });
          progress(fx.store.recordAnswer(lesson.id, step.id, q.id, answer.last, step.questions.map((x) => x.id)));
          if (answer.revealed && !prev?.revealed) progress(fx.store.recordReveal(lesson.id, step.id, q.id));
          return;
        }
        case 'reveal': {
          if (!lesson || step?.kind !== 'quiz') return;
          const key = stepKey(lesson.id, step.id);
          const q = step.questions[s.quiz[key]?.question ?? 0]!;
          dispatch({ type: 'quiz-revealed', key, question: q.id });
          progress(fx.store.recordReveal(lesson.id, step.id, q.id));
          return;
        }
        case 'self-check': {
          const item = s.course.index.checklist[s.checklistCursor];
          if (item) progress(fx.store.setSelfCheck(item.id, !s.progress.selfCheck?.[item.id]));
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
