/** Everything that can change the UI state: typed actions for the reducer. */
import type { CrashExplanation } from '../../explain/explain.js';
import type { TraceSide } from '../../trace/trace.js';
import type { SavedTraces } from '../../trace/view.js';
import type { StepResult } from '../../lessons/run-step.js';
import type { EnvName, Phase, RunOutcome } from '../../lab/types.js';
import type { ProgressData } from '../../progress/schema.js';
import type { RowKey, StepKey } from './step-key.js';
import type { Confirm, ErrorInfo, ImagesState, QuizAnswer, RunState, Screen, State } from './state.js';

export type Action =
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'list-move'; delta: number }
  | { type: 'search-start' }
  | { type: 'search-type'; text: string }
  | { type: 'search-backspace' }
  | { type: 'search-end'; keep: boolean }
  | { type: 'open-lesson'; id: string; step?: string }
  | { type: 'step-move'; delta: number }
  | { type: 'scroll'; delta: number }
  | { type: 'show'; screen: Screen }
  | { type: 'back' }
  | { type: 'hint-more'; key: StepKey }
  | { type: 'hints-known'; key: StepKey; shown: number }
  | { type: 'solution-toggle'; key: StepKey }
  | { type: 'run-start'; key: StepKey; envs: EnvName[]; trigger: RunState['trigger']; tinker?: boolean }
  | { type: 'run-env'; key: StepKey; env: EnvName; phase: Phase; outcome?: RunOutcome; at?: number }
  | { type: 'output-row'; delta: number; rows: number; from: number }
  | { type: 'run-done'; key: StepKey; result: StepResult }
  | { type: 'run-error'; key: StepKey; error: ErrorInfo }
  | { type: 'run-row'; key: StepKey; index: number; of: number }
  /** c: the run is being stopped; again with `stopped` once the lab says its programs are gone. */
  | { type: 'run-cancelled'; key: StepKey; stopped?: boolean }
  | { type: 'output-toggle' }
  | { type: 'prose-toggle' }
  | { type: 'output-scroll'; delta: number }
  | { type: 'help-scroll'; delta: number }
  | { type: 'help-scroll-max'; max: number }
  | { type: 'quiz-move'; key: StepKey; delta: number }
  | { type: 'quiz-typing'; key: StepKey; text: string | undefined }
  | { type: 'quiz-answered'; key: StepKey; question: string; answer: QuizAnswer }
  | { type: 'confirm-ask'; confirm: Confirm }
  | { type: 'confirm-cancel' }
  | { type: 'progress'; data: ProgressData }
  | { type: 'images'; images: ImagesState }
  | { type: 'build-start'; what?: string }
  | { type: 'build-line'; text: string }
  | { type: 'build-done' }
  | { type: 'build-error'; error: ErrorInfo }
  | { type: 'notice'; text: string | null }
  | { type: 'warning'; text: string }
  | { type: 'reset'; lesson?: string }
  | { type: 'workspace-file'; key: StepKey; path: string; text: string }
  | { type: 'quiz-revealed'; key: StepKey; question: string }
  | { type: 'tinker-file'; key: StepKey; file: { path: string; text: string } | null }
  | { type: 'watching'; watching: State['watching'] }
  | { type: 'checklist-move'; delta: number }
  | { type: 'lesson-summary'; lesson: string }
  | { type: 'unsaved'; text: string }
  | { type: 'why-start'; key: RowKey; kind?: 'why' | 'trace' }
  | { type: 'trace-done'; key: RowKey; sides: [TraceSide, TraceSide]; saved: SavedTraces }
  | { type: 'why-done'; key: RowKey; explanations: CrashExplanation[] }
  | { type: 'why-error'; key: RowKey; error: ErrorInfo }
  | { type: 'why-close' }
  | { type: 'sources-toggle'; key: StepKey };

/** One action type's handler: the state after it (pure). */
export type ActionOf<T extends Action['type']> = Extract<Action, { type: T }>;
/** A slice of the reducer: a handler for each action type of its concern. */
export type Handlers<T extends Action['type']> = { [K in T]: (s: State, a: ActionOf<K>) => State };
