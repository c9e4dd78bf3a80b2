/**
 * The effects the tutorial needs, built once at the entry point and passed
 * in: the lab, the progress store, the workspace, the file watcher, image
 * status and building. Tests hand in their own.
 */
import type { Lesson } from '../../lessons/load.js';
import type { CrashExplanation } from '../../explain/explain.js';
import type { TraceSide } from '../../trace/trace.js';
import type { SavedTraces } from '../../trace/view.js';
import type { RunnableStep, StepResult, VariantResult } from '../../lessons/run-step.js';
import type { EnvName, Phase, RunOutcome, SourceFile } from '../../lab/types.js';
import type { ProgressData } from '../../progress/schema.js';
import type { Watcher } from '../../workspace/watch.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { ImagesState, RunState } from '../state/state.js';
import type { StepKey } from '../state/step-key.js';

/** What a key (or the watcher) asks the hooks to do: the work the reducer cannot, because it needs the lab, the disk or the clock. */
export type Effect =
  | { effect: 'run' }
  /** A run not asked for by a key: a save seen by the watcher, or back from the editor. */
  | { effect: 'rerun'; trigger: RunState['trigger'] }
  | { effect: 'cancel' }
  | { effect: 'edit' }
  | { effect: 'build' }
  | { effect: 'quit'; interrupted?: boolean }
  | { effect: 'reset-lesson'; lesson: string }
  | { effect: 'reset-all' }
  | { effect: 'answer'; answer: string }
  | { effect: 'continue' }
  | { effect: 'hint' }
  | { effect: 'solution'; key: StepKey }
  | { effect: 'reveal' }
  | { effect: 'reset-tinker'; key: StepKey }
  | { effect: 'self-check' }
  | { effect: 'why' }
  | { effect: 'trace' };

/** The part of the progress store the tutorial uses. */
export interface ProgressWriter {
  recordStep(lesson: string, step: string, status: 'seen' | 'attempted' | 'passed'): Promise<ProgressData>;
  recordAnswer(lesson: string, step: string, question: string, ok: boolean, allQuestions: string[]): Promise<ProgressData>;
  recordRun(lesson: string, step: string, kind: 'task' | 'experiment', passed: boolean): Promise<ProgressData>;
  recordReveal(lesson: string, step: string, question: string): Promise<ProgressData>;
  recordHints(lesson: string, step: string, shown: number): Promise<ProgressData>;
  recordSolutionViewed(lesson: string, step: string): Promise<ProgressData>;
  addTime(lesson: string, step: string, ms: number): Promise<ProgressData>;
  setSelfCheck(item: string, on: boolean): Promise<ProgressData>;
  /** Why progress is not being saved (kept in memory only), or undefined. */
  saveProblem?(): string | undefined;
  setCurrent(lesson: string, step: string): Promise<ProgressData>;
  resetLesson(lesson: string): Promise<ProgressData>;
  resetAll(): Promise<ProgressData>;
}

/** Why the app left the screen: to quit, or to step aside for the editor. */
export type Leave = { kind: 'quit'; /** Ctrl-C: the command exits 130, as an interrupted one does. */ interrupted?: boolean } | { kind: 'edit'; file: string; key: StepKey; tinker?: boolean };

export interface TutorialEffects {
  store: ProgressWriter;
  workspace: Pick<Workspace, 'ensure' | 'source' | 'resetLesson' | 'resetAll' | 'ensureTinker' | 'tinkerFile' | 'resetTinker'>;
  /** Run a step; `onEnv` hears each environment's phase as it begins (`at`: the lab clock, ms). */
  runStep(lesson: Lesson, step: RunnableStep, main: SourceFile | undefined, onEnv: (env: EnvName, phase: Phase, outcome?: RunOutcome, at?: number) => void, o?: { signal?: AbortSignal; onRow?: (index: number, of: number) => void }): Promise<StepResult>;
  /** Stop the run under way: its programs are killed, the environments stay warm (absent: runs cannot be cancelled). */
  cancelRun?(): Promise<void>;
  /** "Why did it crash?" for a row of a run: each crashed side rerun under gdb (absent: the key is not offered). */
  explainRow?(lesson: Lesson, step: RunnableStep, main: SourceFile | undefined, row: VariantResult): Promise<CrashExplanation[]>;
  /** The row's program under strace in both environments, the raw traces saved (absent: the key is not offered). */
  traceRow?(lesson: Lesson, step: RunnableStep, main: SourceFile | undefined, row: VariantResult): Promise<{ sides: [TraceSide, TraceSide]; saved: SavedTraces } | null>;
  /** Whether these environments' images are built (default: the default environments). */
  checkImages(envs?: readonly EnvName[]): Promise<ImagesState>;
  /** Build the missing images of these environments (default: the default environments). */
  buildImages(onLine: (text: string) => void, envs?: readonly EnvName[]): Promise<void>;
  /** Start the environments in the background so the first run is quick. */
  warm?(): void;
  watch: Watcher;
  readSource(lesson: Lesson, file: string): string;
  readFile(file: string): string;
  /** Milliseconds, for the time spent on a step (tests hand in their own clock). */
  now?(): number;
}
