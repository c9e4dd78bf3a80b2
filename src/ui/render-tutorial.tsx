/**
 * Mounting the tutorial, and stepping aside for the editor: unmount (Ink
 * gives raw mode back), run the editor on the terminal, mount again with the
 * same state, and re-run the step if the file changed.
 */
import { readFileSync } from 'node:fs';
import { render } from 'ink';
import type { Style } from '../term/style.js';
import { BugError } from '../errors.js';
import { App } from './views/App.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import type { Leave, TutorialEffects } from './hooks/effects.js';
import { markdownReady, preloadMarkdown } from '../term/markdown.js';
import { reducer } from './state/reducer.js';
import type { RunState, State } from './state/state.js';
import { parseStepKey } from './state/step-key.js';
import { MAX_VISIT_MS } from './hooks/use-step-sync.js';

export interface RenderTutorialOptions {
  initial: State;
  effects: TutorialEffects;
  style: Style;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Open a file in the editor with the terminal handed over; resolves when it exits. */
  openEditor: (file: string) => Promise<number>;
  onFirstFrame?: () => void;
}

const readOr = (f: string) => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return null;
  }
};

/** Runs the tutorial until the learner quits; returns the last state, and whether it was Ctrl-C. */
export async function renderTutorial(o: RenderTutorialOptions): Promise<{ state: State; interrupted: boolean }> {
  let state = o.initial;
  let rerun: RunState['trigger'] | undefined;
  let skipStartup = false;
  let first = true;
  let crash: Error | undefined;
  // a lesson shown at once needs the prose renderer now; the list does not
  if (state.screen === 'lesson') await preloadMarkdown();
  for (;;) {
    let resolveLeave!: (l: Leave) => void;
    let mounted = true;
    const left = new Promise<Leave>((r) => (resolveLeave = r));
    const app = () => (
      <ErrorBoundary
        onCrash={(e) => {
          crash = e;
          resolveLeave({ kind: 'quit' });
        }}
      >
      <App
        initial={state}
        effects={o.effects}
        style={o.style}
        onLeave={resolveLeave}
        onState={(s) => (state = s)}
        rerunOnMount={rerun}
        skipStartup={skipStartup}
      />
      </ErrorBoundary>
    );
    const inst = render(app(), {
      stdin: o.stdin,
      stdout: o.stdout,
      stderr: o.stderr,
      exitOnCtrlC: false,
      patchConsole: false,
      onRender: () => {
        if (first) {
          first = false;
          o.onFirstFrame?.();
          // load the prose renderer in the background, then draw again with it
          if (!markdownReady()) void preloadMarkdown().then(() => mounted && inst.rerender(app()), () => undefined);
        }
      },
    });
    const leave = await left;
    mounted = false;
    inst.unmount();
    await inst.waitUntilExit().catch(() => undefined);
    o.stdin.pause?.(); // stop reading the terminal: the editor owns it now
    if (crash) throw new BugError(`The tutorial hit a bug while drawing: ${crash.message}`, { cause: crash, next: 'Your progress and workspace files are saved. Run `musl-lab` again; if it repeats, run with MUSL_LAB_DEBUG=1 and report the output.' });
    if (leave.kind === 'quit') return { state, interrupted: !!leave.interrupted };
    const before = readOr(leave.file);
    const opened = Date.now();
    try {
      const code = await o.openEditor(leave.file);
      if (code !== 0) state = reducer(state, { type: 'notice', text: `The editor exited with status ${code}.` });
    } catch (e) {
      state = reducer(state, { type: 'notice', text: `The editor could not be started: ${(e as Error).message}. Open ${leave.file} in any editor; saving re-runs the step.` });
    }
    // time in the editor is time on the step (the screen was away, so the step's own clock was stopped)
    const at = parseStepKey(leave.key);
    if (at) void o.effects.store.addTime(at.lesson, at.step, Math.min(MAX_VISIT_MS, Date.now() - opened)).catch(() => undefined);
    const after = readOr(leave.file);
    if (after !== null) state = reducer(state, leave.tinker ? { type: 'tinker-file', key: leave.key, file: { path: leave.file, text: after } } : { type: 'workspace-file', key: leave.key, path: leave.file, text: after });
    rerun = after !== null && after !== before ? 'editor' : undefined;
    skipStartup = state.images.status !== 'checking';
  }
}
