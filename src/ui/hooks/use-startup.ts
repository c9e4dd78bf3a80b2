/** At start: find out whether Docker and the images are there (the TUI is already usable meanwhile), then warm the lab. */
import { useEffect, type Dispatch } from 'react';
import type { Action } from '../state/actions.js';
import type { TutorialEffects } from './effects.js';
import { toErrorInfo } from '../state/error-info.js';

export function useStartup(dispatch: Dispatch<Action>, fx: TutorialEffects, skip: boolean): void {
  useEffect(() => {
    if (skip) return;
    let live = true;
    fx.checkImages()
      .then((images) => {
        if (!live) return;
        dispatch({ type: 'images', images });
        if (images.status === 'ok') fx.warm?.();
      })
      .catch((e) => live && dispatch({ type: 'images', images: { status: 'unreachable', error: toErrorInfo(e) } }));
    return () => {
      live = false;
    };
  }, []);
}
