/** Everything that can change the UI state: typed actions for the reducer. */
import type { CrashExplanation } from '../../explain/explain.js';
import type { TraceSide } from '../../trace/trace.js';
import type { SavedTraces } from '../../trace/view.js';
import type { StepResult } from '../../lessons/run-step.js';
import type { EnvName, RunOutcome } from '../../lab/types.js';
import type { ProgressData } from '../../progress/schema.js';
import type { Confirm, EnvPhase, ErrorInfo, ImagesState, QuizAnswer, RunState, Screen, State } from './state.js';

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
  | { type: 'hint-more'; key: string }
  | { type: 'hints-known'; key: string; shown: number }
  | { type: 'solution-toggle'; key: string }
  | { type: 'run-start'; key: string; envs: EnvName[]; trigger: RunState['trigger']; tinker?: boolean }
  | { type: 'run-env'; key: string; env: EnvName; phase: EnvPhase; outcome?: RunOutcome; at?: number }
  | { type: 'output-row'; delta: number; rows: number; from: number }
  | { type: 'run-done'; key: string; result: StepResult }
  | { type: 'run-error'; key: string; error: ErrorInfo }
  | { type: 'run-row'; key: string; index: number; of: number }
  | { type: 'run-cancelled'; key: string }
  | { type: 'output-toggle' }
  | { type: 'prose-toggle' }
  | { type: 'output-scroll'; delta: number }
  | { type: 'help-scroll'; delta: number }
  | { type: 'help-scroll-max'; max: number }
  | { type: 'quiz-move'; key: string; delta: number }
  | { type: 'quiz-typing'; key: string; text: string | undefined }
  | { type: 'quiz-answered'; key: string; question: string; answer: QuizAnswer }
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
  | { type: 'workspace-file'; key: string; path: string; text: string }
  | { type: 'quiz-revealed'; key: string; question: string }
  | { type: 'tinker-file'; key: string; file: { path: string; text: string } | null }
  | { type: 'watching'; watching: State['watching'] }
  | { type: 'checklist-move'; delta: number }
  | { type: 'lesson-summary'; lesson: string }
  | { type: 'unsaved'; text: string }
  | { type: 'why-start'; key: string; kind?: 'why' | 'trace' }
  | { type: 'trace-done'; key: string; sides: [TraceSide, TraceSide]; saved: SavedTraces }
  | { type: 'why-done'; key: string; explanations: CrashExplanation[] }
  | { type: 'why-error'; key: string; error: ErrorInfo }
  | { type: 'why-close' }
  | { type: 'sources-toggle'; key: string };
