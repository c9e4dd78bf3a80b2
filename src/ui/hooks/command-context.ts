/** What every command of the tutorial is handed: the state when it was asked for, and the ways to report back. */
import type { Dispatch } from 'react';
import type { ProgressData } from '../../progress/schema.js';
import type { Action } from '../state/actions.js';
import type { State } from '../state/state.js';
import type { StepKey } from '../state/step-key.js';
import type { Effect, Leave, TutorialEffects } from './effects.js';

export interface CommandContext {
  /** The state when the key was pressed (or the watcher fired). */
  s: State;
  /** The state now, for work that ends later (reloading files after a reset). */
  latest: () => State;
  dispatch: Dispatch<Action>;
  fx: TutorialEffects;
  /** Save progress and report the result back (useProgress). */
  progress: (p: Promise<ProgressData>) => void;
  leave: (l: Leave) => void;
  /** The run under way of each step, to cancel it (one per step at a time). */
  controllers: Map<StepKey, AbortController>;
}

/** The command for one kind of effect. */
export type CommandFor<K extends Effect['effect']> = (cx: CommandContext, e: Extract<Effect, { effect: K }>) => void;
/** A command for every kind of effect. */
export type CommandTable = { [K in Effect['effect']]: CommandFor<K> };
