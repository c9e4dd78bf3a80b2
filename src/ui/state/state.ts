/**
 * The tutorial's UI state: plain data, changed only by the reducer. The
 * course is part of it (read-only) so every transition is a pure function of
 * state and action.
 */
import type { QuizAnswer } from '../../check/quiz.js';
import type { CrashExplanation } from '../../explain/explain.js';
import type { TraceSide } from '../../trace/trace.js';
import type { SavedTraces } from '../../trace/view.js';
import type { StepResult } from '../../lessons/run-step.js';
import type { EnvName, Phase, RunOutcome } from '../../lab/types.js';
import type { AvailableCourse } from '../../progress/course.js';
import type { ProgressData } from '../../progress/schema.js';
import type { RowKey, StepKey } from './step-key.js';

/** summary: a lesson finished (→ on its last step). */
export type Screen = 'list' | 'lesson' | 'checklist' | 'help' | 'summary';

/** An error as the learner sees it: what happened and the next step. */
export interface ErrorInfo {
  message: string;
  next: string;
}

export interface EnvProgress {
  /** The lab's own phases (queued, compiling, running, done), shown as they are named there. */
  phase: Phase;
  /** When the phase began (the lab's clock, ms): the panel shows the time spent in it. */
  since?: number;
  /** Set as soon as this environment's run finished (before the other one). */
  outcome?: RunOutcome;
}

export interface RunState {
  /** cancelled: the learner stopped it (c); nothing was recorded. */
  status: 'running' | 'done' | 'error' | 'cancelled';
  /** Cancelled, and the lab has not yet said that its programs are gone. */
  stopping?: boolean;
  /** What started it: a key, a save in the editor (watch mode), or coming back from the editor. */
  trigger: 'key' | 'save' | 'editor';
  envs: Partial<Record<EnvName, EnvProgress>>;
  result?: StepResult;
  error?: ErrorInfo;
  /** A run of the learner's variant of an experiment: shown against the expectations, never counted. */
  tinker?: boolean;
  /** The row (variant) running now of a multi-row step, from 0, and how many there are. */
  row?: { index: number; of: number };
}

export type ImagesState =
  | { status: 'checking' }
  | { status: 'ok' }
  | { status: 'missing'; missing: EnvName[] }
  | { status: 'unreachable'; error: ErrorInfo };

export interface BuildState {
  status: 'running' | 'done' | 'error';
  /** What is being built when it is not the lab images: an on-demand environment on its first use. */
  what?: string;
  /** The last lines of the build's progress. */
  lines: string[];
  error?: ErrorInfo;
}

export type Confirm =
  | { kind: 'reset-lesson'; lesson: string }
  | { kind: 'reset-all' }
  | { kind: 'solution-early'; key: StepKey }
  | { kind: 'reset-tinker'; key: StepKey };

export type { QuizAnswer };

export interface QuizState {
  /** Index of the question shown. */
  question: number;
  answers: Record<string, QuizAnswer>;
  /** The short answer typed so far (a short-answer question takes keys as text as soon as it is shown). */
  typing?: string;
  /** The learner left the answer field (esc): keys are shortcuts again until `a`. */
  away?: boolean;
}

export interface State {
  course: AvailableCourse;
  screen: Screen;
  /** Where `?` or the checklist returns to. */
  back: Screen;
  size: { cols: number; rows: number };
  plain: boolean;
  list: { cursor: number; search: string | null; searching: boolean };
  lesson: { id: string; step: number; scroll: number } | null;
  progress: ProgressData;
  /** By step key. */
  runs: Record<StepKey, RunState>;
  hints: Record<StepKey, number>;
  solution: Record<StepKey, boolean>;
  quiz: Record<StepKey, QuizState>;
  /** The run panel: expanded or folded, its scroll, and the row chosen in a multi-row step (unset: the row that matters). */
  output: { expanded: boolean; scroll: number; row?: number };
  /** `f`: the lesson text takes the whole view (the run or quiz panel hidden until f again). */
  proseOnly?: boolean;
  /** First line shown of the help or checklist screen (they are taller than small terminals). */
  helpScroll: number;
  confirm: Confirm | null;
  images: ImagesState;
  build: BuildState | null;
  /** One line of feedback ("workspace reset; old file kept as ..."). */
  notice: string | null;
  warnings: string[];
  /** Folder of the learner's workspaces (shown with each task). */
  workspaceDir: string;
  /** The learner's copy of each task program by step key: its path and latest text. */
  files: Record<StepKey, { path: string; text: string }>;
  /** The editor command `e` runs, if any. */
  editor: string | undefined;
  /** The learner's scratch copies of experiment programs by step key ("your variant"). */
  tinker: Record<StepKey, { path: string; text: string }>;
  /** The file watch mode watches now (null: watching does not work here, `r` re-runs by hand). */
  watching: { key: StepKey; file: string; ok: boolean } | null;
  /** Cursor on the checklist screen. */
  checklistCursor: number;
  /** The lesson whose completion summary is shown (screen 'summary'). */
  summary: string | null;
  /** Why progress is not being saved, shown on every screen; null while saving works. */
  unsaved: string | null;
  /** "Why did it crash?" (`w`) for one row of a step, shown in place of the run panel while its key is current. */
  why?: WhyState;
  /** The step (its key) whose sources panel (`i`) is open, in place of the run panel. */
  sources?: StepKey;
}

export interface WhyState {
  key: RowKey;
  /** `w`: why did it crash? (gdb); `t`: the system calls side by side (strace). */
  kind: 'why' | 'trace';
  status: 'running' | 'done' | 'error';
  explanations: CrashExplanation[];
  trace?: { sides: [TraceSide, TraceSide]; saved: SavedTraces };
  error?: ErrorInfo;
}

