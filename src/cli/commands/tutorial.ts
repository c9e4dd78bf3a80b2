/**
 * `musl-lab` (no command): the interactive tutorial. Effects are built here,
 * once: the lab (lazily, so the TUI opens without Docker), the progress
 * store, the workspace, the watcher and the editor.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT, LabError } from '../../errors.js';
import { buildImages, imageStatus } from '../../images/images.js';
import type { LabSession as Lab } from '../../lab/session.js';
import type { PhaseEvent } from '../../lab/types.js';
import type { Lesson } from '../../lessons/load.js';
import { runStep } from '../../lessons/run-step.js';
import { explainRow, traceRow } from '../../lessons/explain-step.js';
import { saveTraces } from '../../trace/save.js';
import { loadAvailableCourse } from '../../progress/course.js';
import { dataDir, progressFile, workspaceDir } from '../../util/data-dir.js';
import { ProgressStore } from '../../progress/store.js';
import type { TutorialEffects } from '../../ui/hooks/effects.js';
import { toErrorInfo } from '../../ui/state/error-info.js';
import { initialState } from '../../ui/state/reducer.js';
import { renderTutorial } from '../../ui/render-tutorial.js';
import type { ImagesState } from '../../ui/state/state.js';
import { makeStyle } from '../../term/style.js';
import { editorCommand, openInEditor } from '../../workspace/editor.js';
import { watchFile } from '../../workspace/watch.js';
import { Workspace } from '../../workspace/workspace.js';
import type { Context } from '../context.js';

export interface TutorialOptions {
  editCmd?: string;
  plain?: boolean;
  lesson?: string;
}

export interface TutorialIO {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Called once the first frame is drawn (the benchmark measures to here). */
  onFirstFrame?: () => void;
}

export const NOT_A_TERMINAL = `musl-lab: the tutorial needs an interactive terminal (stdin and stdout must be a TTY).
Without one, use the headless commands:
  musl-lab verify      run every lesson's checks in glibc and musl
  musl-lab compare     compile and run a C program in both and compare
  musl-lab progress    print your progress and the checklist (--json, --markdown)
`;

/** The real effects: a lazily made lab (so the TUI opens without Docker), the store, the workspace, image status and building. */
export function tutorialEffects(ctx: Context, store: ProgressStore, workspace: Workspace): TutorialEffects {
  let labP: Promise<Lab> | undefined;
  const lab = () => (labP ??= ctx.lab().catch((e) => {
    labP = undefined;
    throw e;
  }));
  const sources = new Map<string, string>();
  return {
    store,
    workspace,
    async runStep(lesson, step, main, onEnv, o) {
      // The lab reports every phase itself, DNS steps included; the panel shows each side as it finishes.
      const onPhase = (e: PhaseEvent) => onEnv(e.env, e.phase, e.outcome, e.at);
      const more = { onPhase, signal: o?.signal, onRow: o?.onRow };
      return runStep(await lab(), lesson, step, main ? { which: 'workspace', main, ...more } : { which: 'experiment', ...more });
    },
    async cancelRun() {
      // only a lab that exists can be running something
      if (labP) await (await labP).cancel?.();
    },
    async explainRow(lesson, step, main, row) {
      return explainRow(await lab(), lesson, step, row, { which: step.kind === 'task' || main ? 'workspace' : 'experiment', main });
    },
    async traceRow(lesson, step, main, row) {
      const t = await traceRow(await lab(), lesson, step, row, { which: step.kind === 'task' || main ? 'workspace' : 'experiment', main });
      return t ? { sides: t, saved: await saveTraces(ctx.env, main?.name ?? (step.kind === 'task' ? step.starter : (step.program ?? 'prog')), t) } : null;
    },
    async checkImages(envs): Promise<ImagesState> {
      try {
        const st = await imageStatus(ctx.engine(), envs);
        const missing = st.filter((s) => !s.present).map((s) => s.env);
        return missing.length ? { status: 'missing', missing } : { status: 'ok' };
      } catch (e) {
        return { status: 'unreachable', error: toErrorInfo(e) };
      }
    },
    async buildImages(onLine, envs) {
      await buildImages({ engine: ctx.engine(), projectRoot: ctx.projectRoot, mode: 'auto', envs: envs && [...envs], signal: ctx.signal, onEvent: (e) => onLine(`${e.env}: ${e.text}`) });
    },
    warm() {
      void lab()
        .then((l) => Promise.all((['glibc', 'musl'] as const).map((env) => l.command(env, ['true']))))
        .catch(() => undefined);
    },
    watch: watchFile,
    readSource(lesson: Lesson, file: string) {
      const p = path.join(lesson.srcDir, file);
      let t = sources.get(p);
      if (t === undefined) sources.set(p, (t = readFileSync(p, 'utf8')));
      return t;
    },
    readFile: (f) => readFileSync(f, 'utf8'),
  };
}

export async function tutorialCommand(ctx: Context, o: TutorialOptions, io: TutorialIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  if (!io.stdin.isTTY || !io.stdout.isTTY) {
    ctx.stderr.write(NOT_A_TERMINAL);
    return EXIT.usage;
  }
  const course = loadAvailableCourse(ctx.projectRoot);
  if (o.lesson && !course.lessons.some((l) => l.id === o.lesson)) {
    const missing = course.missing.find((m) => m.id === o.lesson);
    throw new LabError('bad-input', missing ? `The lesson "${o.lesson}" cannot be opened: ${missing.problem}` : `There is no lesson "${o.lesson}".`, `Choose one of: ${course.lessons.map((l) => l.id).join(', ')}.`);
  }
  const dir = dataDir(ctx.env);
  const warnings: string[] = [];
  const store = new ProgressStore({ file: progressFile(dir), onWarning: (w) => warnings.push(w) });
  const progress = store.read();
  store.prepare(); // leftovers of a crashed write go; an unwritable folder is known before the first save
  const workspace = new Workspace({ dir: workspaceDir(dir) });
  const editor = editorCommand(ctx.env, o.editCmd);
  const style = makeStyle({ color: ctx.style.color, plain: o.plain || !ctx.style.fancy });

  const effects = tutorialEffects(ctx, store, workspace);

  const initial = initialState({
    course,
    progress,
    size: { cols: io.stdout.columns || 80, rows: io.stdout.rows || 24 },
    plain: !style.fancy,
    workspaceDir: workspace.dir,
    editor,
    warnings,
    lesson: o.lesson,
    unsaved: store.saveProblem(),
  });
  const { interrupted } = await renderTutorial({
    initial,
    effects,
    style,
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    openEditor: (file) => openInEditor(editor ?? 'vi', file, ctx.env),
    onFirstFrame: io.onFirstFrame,
  });
  const problem = store.saveProblem();
  ctx.stderr.write(problem ? `Nothing was saved: ${problem}\n` : `Progress is saved in ${store.file}\n`);
  // Ctrl-C arrives as a key in raw mode, not as SIGINT: exit as an interrupted command does (130)
  return interrupted ? EXIT.interrupted : EXIT.ok;
}
