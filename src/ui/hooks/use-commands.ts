/**
 * Performing effects for keys: one command per kind of effect (lab-commands,
 * learner-commands), each handed the state when it was asked for and the
 * ways to report back. The hook only wires them.
 */
import { useCallback, useRef, type Dispatch, type RefObject } from 'react';
import type { Action } from '../state/actions.js';
import type { State } from '../state/state.js';
import type { StepKey } from '../state/step-key.js';
import type { CommandContext, CommandTable } from './command-context.js';
import type { Effect, Leave, TutorialEffects } from './effects.js';
import { build, cancel, rerun, run, trace, why } from './lab-commands.js';
import { answer, continueHere, edit, hint, quit, resetAll, resetLesson, resetTinker, reveal, selfCheck, solution } from './learner-commands.js';
import { useProgress } from './use-progress.js';

/** The command of each kind of effect (the compiler checks every kind has one). */
const COMMANDS: CommandTable = {
  run,
  rerun,
  cancel,
  edit,
  build,
  quit,
  'reset-lesson': resetLesson,
  'reset-all': resetAll,
  answer,
  continue: continueHere,
  hint,
  solution,
  reveal,
  'reset-tinker': resetTinker,
  'self-check': selfCheck,
  why,
  trace,
};

export function useCommands(stateRef: RefObject<State>, dispatch: Dispatch<Action>, fx: TutorialEffects, leave: (l: Leave) => void): (e: Effect) => void {
  const progress = useProgress(dispatch, fx);
  /** The run under way of each step key, to cancel it. */
  const controllers = useRef(new Map<StepKey, AbortController>());
  return useCallback(
    (e: Effect) => {
      const cx: CommandContext = { s: stateRef.current, latest: () => stateRef.current, dispatch, fx, progress, leave, controllers: controllers.current };
      (COMMANDS[e.effect] as (cx: CommandContext, e: Effect) => void)(cx, e);
    },
    [stateRef, dispatch, fx, leave, progress],
  );
}
