import { Box, useInput, useStdin } from 'ink';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { Style } from '../../term/style.js';
import { BuildPanel } from './BuildPanel.js';
import { Checklist } from './Checklist.js';
import type { Leave, TutorialEffects } from '../hooks/effects.js';
import { Help } from './Help.js';
import { KeyBar, visibleKeys } from './KeyBar.js';
import { isEffect } from '../input/bindings.js';
import { handleKey } from '../input/handle-key.js';
import { keyNames } from '../input/key-name.js';
import { keyBarLines } from '../../term/key-glyphs.js';
import { LessonList } from './LessonList.js';
import { LessonSummary } from './LessonSummary.js';
import { LessonView } from './LessonView.js';
import { Lines } from '../components/Lines.js';
import { reducer } from '../state/reducer.js';
import { currentLesson } from '../state/selectors.js';
import type { RunState, State } from '../state/state.js';
import { StatusLine, statusLines } from './StatusLine.js';
import { wrap } from '../../term/wrap.js';
import { ThemeContext } from '../components/theme.js';
import { useCommands } from '../hooks/use-commands.js';
import { useStartup } from '../hooks/use-startup.js';
import { useStepSync } from '../hooks/use-step-sync.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';

export interface AppProps {
  initial: State;
  effects: TutorialEffects;
  style: Style;
  /** Leave the screen: quit, or step aside for the editor (the entry point comes back with the state). */
  onLeave: (l: Leave) => void;
  /** Told of every new state, so the entry can remount with it after the editor. */
  onState?: (s: State) => void;
  /** Run the current step once mounted (coming back from the editor with a changed file). */
  rerunOnMount?: RunState['trigger'];
  /** Skip the start-up image check (coming back from the editor: already known). */
  skipStartup?: boolean;
}

/** The tutorial: state in a reducer, keys mapped by one table, effects performed by hooks. */
export function App({ initial, effects, style, onLeave, onState, rerunOnMount, skipStartup }: AppProps) {
  const [state, dispatch] = useReducer(reducer, initial);
  const ref = useRef(state);
  ref.current = state;
  const { isRawModeSupported } = useStdin();
  const left = useRef(false);
  const leave = useCallback((l: Leave) => {
    if (left.current) return;
    left.current = true;
    onLeave(l);
  }, [onLeave]);
  const perform = useCommands(ref, dispatch, effects, leave);
  const rerun = useCallback(() => perform({ effect: 'rerun', trigger: 'save' }), [perform]);

  useEffect(() => {
    onState?.(state);
  }, [state, onState]);
  useStartup(dispatch, effects, !!skipStartup);
  useStepSync(state, dispatch, effects, rerun);
  const scrollMax = useCallback((max: number) => {
    ref.current = reducer(ref.current, { type: 'help-scroll-max', max });
    dispatch({ type: 'help-scroll-max', max });
  }, []);
  useTerminalSize(useCallback((cols, rows) => dispatch({ type: 'resize', cols, rows }), []));
  useEffect(() => {
    if (rerunOnMount) perform({ effect: 'rerun', trigger: rerunOnMount });
  }, []);

  useInput(
    (input, key) => {
      for (const name of keyNames(input, key)) {
        const c = handleKey(ref.current, name);
        if (!c) continue;
        if (isEffect(c)) perform(c);
        else {
          // later keys of the same chunk must see this key's effect
          ref.current = reducer(ref.current, c);
          dispatch(c);
        }
      }
    },
    { isActive: isRawModeSupported },
  );

  const width = Math.max(20, state.size.cols - 1);
  const keys = visibleKeys(state);
  const bar = keyBarLines(keys, width, style).length;
  const notice = state.notice ? wrap(state.notice, width).slice(0, 3) : [];
  // said on every screen while it holds: the learner must not believe their work is kept
  const unsaved = state.unsaved ? wrap(`Progress is not being saved: ${state.unsaved}`, width).slice(0, 2) : [];
  const confirm =
    state.confirm?.kind === 'reset-lesson'
      ? [`Reset "${currentLesson(state)?.title ?? state.confirm.lesson}"? Its progress is cleared and your file is replaced by the starter (the old one is kept as .bak). y resets, any other key keeps it.`]
      : state.confirm?.kind === 'reset-all'
        ? ['Reset everything? All progress is cleared and every workspace file is replaced (old files kept as .bak). y resets, any other key keeps it.']
        : state.confirm?.kind === 'reset-tinker'
          ? ["Go back to the lesson's own program? Your variant is kept as .bak. y goes back, any other key keeps your variant."]
        : state.confirm?.kind === 'solution-early'
          ? ['Show the reference solution before the step passes? y shows it, any other key keeps working on it.']
          : [];
  const confirmLines = confirm.flatMap((c) => wrap(c, width)).map((l) => style.yellow(l));
  const build = state.build && state.build.status !== 'done' ? state.build : null;
  const buildRows = build ? 1 + Math.min(4, build.lines.length) + (build.error ? 2 : 0) : 0;
  // one spare row: a frame as tall as the window makes Ink clear the screen
  const status = statusLines(state, width, style).length;
  const height = Math.max(4, state.size.rows - 1 - bar - status - notice.length - unsaved.length - confirmLines.length - buildRows);
  const lesson = currentLesson(state);
  const finished = state.summary ? state.course.lessons.find((l) => l.id === state.summary) : undefined;

  return (
    <ThemeContext.Provider value={style}>
      <Box flexDirection="column" width={width}>
        {state.screen === 'list' ? <LessonList state={state} width={width} height={height} /> : null}
        {state.screen === 'lesson' && lesson ? <LessonView state={state} lesson={lesson} width={width} height={height} readSource={effects.readSource} /> : null}
        {state.screen === 'checklist' ? <Checklist state={state} width={width} height={height} /> : null}
        {state.screen === 'summary' && finished ? <LessonSummary state={state} lesson={finished} width={width} height={height} onScrollMax={scrollMax} /> : null}
        {state.screen === 'help' ? <Help width={width} height={height} scroll={state.helpScroll} unsaved={!!state.unsaved} /> : null}
        {build ? <BuildPanel build={build} /> : null}
        {notice.length ? <Lines lines={notice.map((l) => style.cyan(l))} /> : null}
        {unsaved.length ? <Lines lines={unsaved.map((l) => style.red(l))} /> : null}
        {confirmLines.length ? <Lines lines={confirmLines} /> : null}
        <KeyBar keys={keys} width={width} />
        <StatusLine state={state} width={width} />
      </Box>
    </ThemeContext.Provider>
  );
}
