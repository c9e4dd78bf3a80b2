/**
 * `npx tsx bench/tutorial.ts`: how quickly the tutorial answers.
 *  1. Start to the first interactive frame (the key bar drawn) of the real
 *     CLI in a pseudo-terminal, against a bare Ink hello-world started the
 *     same way (medians; target: within 1.2x).
 *  2. Key to verdict of a warm step in both environments: `r` pressed in the
 *     real App with the real lab, until the verdict is on screen (median;
 *     target: under 0.5 s).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { render } from 'ink-testing-library';
import React from 'react';
import { createContext } from '../src/cli/context.js';
import { tutorialEffects } from '../src/cli/commands/tutorial.js';
import { loadAvailableCourse } from '../src/progress/course.js';
import { progressFile, workspaceDir } from '../src/util/data-dir.js';
import { ProgressStore } from '../src/progress/store.js';
import { App } from '../src/ui/views/App.js';
import { initialState } from '../src/ui/state/reducer.js';
import type { State } from '../src/ui/state/state.js';
import { stepKey } from '../src/ui/state/step-key.js';
import { makeStyle } from '../src/term/style.js';
import { Workspace } from '../src/workspace/workspace.js';
import { firstFrame, writeInkHello } from './first-frame.js';
import { median } from './stats.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-bench-tui-'));

const HELLO = writeInkHello(tmp, ROOT);

async function benchFirstFrame() {
  const home = path.join(tmp, 'home');
  const env = { MUSL_LAB_HOME: home, NO_COLOR: '1', TERM: 'xterm-256color' };
  const cases = {
    // both as users start them: plain node, the tutorial through its launcher (the bundled CLI)
    'bare Ink hello-world': () => firstFrame(`node ${HELLO}`, 'hello, q quits', { cwd: ROOT, env: { ...process.env, ...env } }),
    'musl-lab tutorial (lesson list)': () => firstFrame('node bin/musl-lab.js', 'q quit', { cwd: ROOT, env: { ...process.env, ...env } }),
  };
  const samples: Record<string, number[]> = { 'bare Ink hello-world': [], 'musl-lab tutorial (lesson list)': [] };
  await cases['bare Ink hello-world'](); // warm the file cache
  await cases['musl-lab tutorial (lesson list)']();
  for (let r = 0; r < ROUNDS; r++) for (const [name, f] of Object.entries(cases)) samples[name]!.push(await f());
  const base = median(samples['bare Ink hello-world']!);
  const tui = median(samples['musl-lab tutorial (lesson list)']!);
  console.log(`First interactive frame (pseudo-terminal 100x40; medians of ${ROUNDS})`);
  for (const [name, xs] of Object.entries(samples)) console.log(`  ${name.padEnd(36)} ${median(xs).toFixed(0).padStart(6)} ms   (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`);
  console.log(`  ratio ${(tui / base).toFixed(2)}x   target <= 1.2x: ${tui / base <= 1.2 ? 'met' : 'NOT met'}`);
}

async function benchKeyToVerdict() {
  const ctx = createContext({ env: { ...process.env, MUSL_LAB_HOME: path.join(tmp, 'home2') } });
  const course = loadAvailableCourse(ROOT);
  const lesson = course.lessons.find((l) => l.id === 'thread-stacks') ?? course.lessons.find((l) => l.steps.some((s) => s.kind === 'task' || s.kind === 'experiment'))!;
  const idx = lesson.steps.findIndex((s) => s.kind === 'task');
  const stepIndex = idx >= 0 ? idx : lesson.steps.findIndex((s) => s.kind === 'experiment');
  const step = lesson.steps[stepIndex]!;
  const store = new ProgressStore({ file: progressFile(path.join(tmp, 'home2')) });
  const workspace = new Workspace({ dir: workspaceDir(path.join(tmp, 'home2')) });
  if (step.kind === 'task') copyFileSync(path.join(lesson.srcDir, step.starter), workspace.ensure(lesson, step)); // the starter: glibc passes, musl crashes
  const effects = tutorialEffects(ctx, store, workspace);
  let initial = initialState({ course, progress: store.read(), size: { cols: 100, rows: 40 }, plain: false, workspaceDir: workspace.dir, lesson: lesson.id });
  initial = { ...initial, lesson: { id: lesson.id, step: stepIndex, scroll: 0 }, images: { status: 'ok' } };
  let state: State = initial;
  const key = stepKey(lesson.id, step.id);
  const app = render(React.createElement(App, { initial, effects, style: makeStyle({ color: false }), onLeave: () => undefined, onState: (s: State) => (state = s), skipStartup: true }));
  const poll = async (f: () => boolean) => {
    const deadline = Date.now() + 60_000;
    while (!f()) {
      if (Date.now() > deadline) throw new Error(`timed out; frame:\n${app.lastFrame()}`);
      await new Promise((r) => setImmediate(r));
    }
  };
  await poll(() => (app.lastFrame() ?? '').includes('r run'));
  const once = async () => {
    const before = state.runs[key]?.result;
    const t0 = performance.now();
    app.stdin.write('r');
    await poll(() => {
      const r = state.runs[key];
      return r?.status === 'done' && r.result !== before && /checks (hold|failed)/.test(app.lastFrame() ?? '');
    });
    return performance.now() - t0;
  };
  const cold = await once(); // starts the warm containers
  await once();
  const xs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) xs.push(await once());
  app.unmount();
  await ctx.dispose();
  const m = median(xs);
  console.log(`\nKey to verdict: ${lesson.id}/${step.id} in ${step.kind === 'task' || step.kind === 'experiment' ? step.runIn.join(' + ') : ''} (compile + run in each, checks, frame; medians of ${ROUNDS})`);
  console.log(`  cold (containers start)              ${cold.toFixed(0).padStart(6)} ms`);
  console.log(`  warm                                 ${m.toFixed(0).padStart(6)} ms   (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`);
  console.log(`  target < 500 ms: ${m < 500 ? 'met' : 'NOT met'}`);
}

try {
  await benchFirstFrame();
  await benchKeyToVerdict();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
