/** Report a progress write back to the UI: the new data, and whether it reached the disk. */
import { useCallback, type Dispatch } from 'react';
import type { ProgressData } from '../../progress/schema.js';
import type { Action } from '../state/actions.js';
import { toErrorInfo } from '../state/error-info.js';
import type { TutorialEffects } from './effects.js';

export function useProgress(dispatch: Dispatch<Action>, fx: TutorialEffects): (p: Promise<ProgressData>) => void {
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
