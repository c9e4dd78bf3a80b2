/**
 * The tutorial end to end: the real CLI in a real pseudo-terminal (tmux)
 * against the real engine. Open the thread-stacks lesson, run its task, see
 * musl crash and glibc pass, put the fix into the workspace file, see the
 * step pass (watch mode), quit, and find it in `musl-lab progress --json`.
 * Cancel a looping run with c and see the next run answer at once; Ctrl-C exits 130.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DockerEngine } from '../../src/engine/client.js';
import { LABEL } from '../../src/lab/environments.js';
import { loadLesson } from '../../src/lessons/load.js';

/** The parent pid of a process (0 when it is gone). */
function readParent(pid: number): number {
  try {
    return Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LESSON = 'thread-stacks';
const home = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-e2e-'));
const session = `musl-lab-e2e-${process.pid}`;

const tmux = (...args: string[]) => execa('tmux', args, { reject: false });
const screen = async () => (await tmux('capture-pane', '-p', '-t', session)).stdout;
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);

/** Poll the screen until `test` holds, up to a deadline (no fixed sleeps). */
async function waitScreen(test: (s: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await screen();
    if (test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
}
async function waitScreenOf(name: string, test: (s: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  let last = '';
  for (const t = Date.now(); Date.now() - t < timeoutMs; await new Promise((r) => setTimeout(r, 100))) {
    last = (await tmux('capture-pane', '-p', '-t', name)).stdout;
    if (test(last)) return last;
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
}
const shows = (re: RegExp | string) => (s: string) => (typeof re === 'string' ? s.includes(re) : re.test(s));

afterAll(async () => {
  await tmux('kill-session', '-t', session);
  rmSync(home, { recursive: true, force: true });
});

describe('the tutorial in a real terminal', () => {
  it('thread-stacks: musl crashes, glibc passes; the fix passes; progress --json has it', async () => {
    const lesson = loadLesson(ROOT, LESSON);
    const taskIndex = lesson.steps.findIndex((s) => s.kind === 'task');
    const task = lesson.steps[taskIndex]!;
    if (task.kind !== 'task') throw new Error('thread-stacks has no task step');
    const n = lesson.steps.length;

    const env = `MUSL_LAB_HOME=${home} NO_COLOR=1 EDITOR=true`;
    const cmd = `cd ${ROOT} && ${env} node --import tsx src/cli/main.ts --lesson ${LESSON}; echo EXITED:$?; sleep 600`;
    const started = await tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '40', cmd);
    expect(started.exitCode).toBe(0);

    await waitScreen(shows(`step 1 of ${n}`), 'the lesson to open');
    await waitScreen(shows('lab ready'), 'the lab check');
    for (let i = 0; i < taskIndex; i++) await keys('Right');
    await waitScreen(shows(`step ${taskIndex + 1} of ${n}`), 'the task step');
    const ws = path.join(home, 'workspace', LESSON, task.starter);
    await waitScreen(shows(ws), 'the workspace path');

    await keys('r');
    const failed = await waitScreen(shows(/Not yet: \d+ of \d+ checks failed/), 'the verdict of the starter');
    expect(failed).toMatch(/glibc\s+exit 0/);
    expect(failed).toMatch(/musl\s+SIGSEGV/);
    expect(failed).toMatch(/FAIL|✗/);

    // the learner's fix: the reference solution saved over the workspace copy; watch mode re-runs it
    copyFileSync(path.join(ROOT, 'c-src', LESSON, task.solution), ws);
    const passed = await waitScreen(shows(/Passed: all \d+ checks hold/), 'the verdict after the fix');
    expect(passed).toMatch(/musl\s+exit 0/);
    expect(passed).toContain(`step ${taskIndex + 1} of ${n}`); // no jump to the next step

    await keys('q');
    await waitScreen(shows('EXITED:0'), 'the tutorial to quit');

    const p = await execa('node', ['--import', 'tsx', 'src/cli/main.ts', 'progress', '--json'], { cwd: ROOT, env: { MUSL_LAB_HOME: home, NO_COLOR: '1' } });
    const report = JSON.parse(p.stdout);
    const entry = report.lessons.find((l: { id: string }) => l.id === LESSON);
    expect(entry.steps[task.id]).toMatchObject({ status: 'passed', attempts: 2 });
    expect(report.current).toEqual({ lesson: LESSON, step: task.id });
  });

  it('a multi-row step opens to its rows\' outputs: the measured stack sizes are on screen', async () => {
    const lesson = loadLesson(ROOT, LESSON);
    const measure = lesson.steps.findIndex((s) => s.id === 'measure');
    const rows = `${session}-rows`;
    const cmd = `cd ${ROOT} && MUSL_LAB_HOME=${home} NO_COLOR=1 node --import tsx src/cli/main.ts --lesson ${LESSON}`;
    expect((await tmux('new-session', '-d', '-s', rows, '-x', '100', '-y', '32', cmd)).exitCode).toBe(0);
    const on = (...k: string[]) => tmux('send-keys', '-t', rows, ...k);
    const shown = async (re: RegExp) => {
      let last = '';
      for (let t = Date.now(); Date.now() - t < 60_000; await new Promise((r) => setTimeout(r, 100))) {
        last = (await tmux('capture-pane', '-p', '-t', rows)).stdout;
        if (re.test(last)) return last;
      }
      throw new Error(`timed out waiting for ${re}; the screen was:\n${last}`);
    };
    await shown(/lab ready/);
    for (let i = 0; i < measure; i++) await on('Right');
    await shown(new RegExp(`step ${measure + 1} of`));
    await on('r');
    const table = await shown(/Passed: all \d+ checks hold/);
    // the table of runs shows what the step measures at once, row by row: 8192 KiB against musl's ~130 KiB
    expect(table).toMatch(/glibc: thread stack: 8388608 bytes \(8192 KiB\)\s+musl: thread stack: 13\d{4} bytes \(1[23]\d KiB\)/);
    expect(table).toMatch(/glibc: thread stack: 1048576 bytes \(1024 KiB\)/);
    await on('o'); // the first row (ulimit -s 8192), opened
    const opened = await shown(/\$ \.\/stack-size[\s\S]*thread stack: 8388608 bytes \(8192 KiB\)/);
    expect(opened).toMatch(/thread stack: 13\d{4} bytes \(1[23]\d KiB\)/); // musl's measured size, same row
    expect(opened).toMatch(/\$ \.\/stack-size/); // the command that ran
    await on(']');
    await shown(/thread stack: 1048576 bytes \(1024 KiB\)/); // the next row: ulimit -s 1024
    await tmux('kill-session', '-t', rows);
  });

  it('c cancels a looping run (row 1/3, limit 10 s): when it says so, the programs are gone and the environments kept; the same environments answer the next run; Ctrl-C exits 130', async () => {
    const lesson = loadLesson(ROOT, LESSON);
    const measure = lesson.steps.findIndex((s) => s.id === 'measure');
    const step = lesson.steps[measure]!;
    if (step.kind !== 'experiment' || !step.program) throw new Error('thread-stacks has no measure experiment');
    const name = `${session}-cancel`;
    const cmd = `cd ${ROOT} && MUSL_LAB_HOME=${home} NO_COLOR=1 EDITOR=true node --import tsx src/cli/main.ts --lesson ${LESSON}; echo EXITED:$?; sleep 600`;
    expect((await tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '32', cmd)).exitCode).toBe(0);
    const on = (...k: string[]) => tmux('send-keys', '-t', name, ...k);
    const shown = async (re: RegExp, ms = 60_000) => {
      let last = '';
      for (let t = Date.now(); Date.now() - t < ms; await new Promise((r) => setTimeout(r, 50))) {
        last = (await tmux('capture-pane', '-p', '-t', name)).stdout;
        if (re.test(last)) return last;
      }
      throw new Error(`timed out waiting for ${re}; the screen was:\n${last}`);
    };
    try {
      await shown(/lab ready/);
      for (let i = 0; i < measure; i++) await on('Right');
      await shown(new RegExp(`step ${measure + 1} of`));
      // the learner's variant of the program: a silent endless loop (e with EDITOR=true makes the copy)
      await on('e');
      await shown(/your variant/i);
      const variant = path.join(home, 'workspace', LESSON, 'variants', step.id, step.program);
      // saving it runs it (the watcher): no r here, or the save and the key would race for one run
      writeFileSync(variant, 'int main(void) { for (;;) ; }\n');
      const running = await shown(/Running in glibc and musl.*row 1\/3 · limit 10 s · c cancels/);
      expect(running).toMatch(/c cancel run/);
      await shown(/musl\s+\S+ running/); // the loop runs now
      // the learner's program in the tutorial's environments (labelled with the pid of the tutorial's node), as the engine sees it
      const pane = (await tmux('list-panes', '-t', name, '-F', '#{pane_pid}')).stdout.trim();
      const tutorialPid = (await execa('pgrep', ['-P', pane, 'node'])).stdout.trim();
      const mine = async () => (await execa('docker', ['ps', '-q', '--filter', `label=${LABEL.pid}=${tutorialPid}`])).stdout;
      const loops = async () => {
        const ids = (await mine()).split('\n').filter(Boolean);
        const tops = await Promise.all(ids.map((id) => execa('docker', ['top', id, '-eo', 'pid,comm'])));
        return { containers: ids.length, loops: tops.filter((t) => t.stdout.split('\n').some((l) => l.trim().split(/\s+/)[1] === path.basename(step.program!, '.c'))).length };
      };
      expect(await loops()).toEqual({ containers: 2, loops: 2 }); // the loop really runs in glibc and musl
      const before = await mine();
      await on('c');
      // "Cancelled" is said only once the lab has killed them (until then: "Cancelling: stopping the programs")
      await shown(/Cancelled: the programs were stopped/, 15_000);
      expect(await loops()).toEqual({ containers: 2, loops: 0 }); // stopped in both, and the environments kept
      // back to the lesson's own program: it runs all three rows at once, in the same warm environments
      await on('z');
      await shown(/Go back to the lesson's own program\?/);
      await on('y');
      await shown(/Back to the shipped program/);
      await on('r');
      await shown(/Passed: all \d+ checks hold/, 20_000);
      // the next run was answered by the same warm environments: nothing was rebuilt
      expect(await mine()).toBe(before);
      await on('C-c');
      await shown(/EXITED:130/, 10_000);
    } finally {
      await tmux('kill-session', '-t', name);
    }
  });

  it('Ctrl-C in the tutorial while idle exits 130, as the README says', async () => {
    const name = `${session}-ctrlc`;
    const cmd = `cd ${ROOT} && MUSL_LAB_HOME=${home} NO_COLOR=1 node --import tsx src/cli/main.ts; echo EXITED:$?; sleep 600`;
    expect((await tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', cmd)).exitCode).toBe(0);
    try {
      await waitScreenOf(name, shows('lessons done'), 'the list');
      await tmux('send-keys', '-t', name, 'C-c');
      await waitScreenOf(name, shows('EXITED:130'), 'the exit status', 10_000);
    } finally {
      await tmux('kill-session', '-t', name);
    }
  });

  it('closing the terminal (SIGHUP) removes the lab containers', async () => {
    const closing = `${session}-hup`;
    const cmd = `cd ${ROOT} && MUSL_LAB_HOME=${home} NO_COLOR=1 node --import tsx src/cli/main.ts --lesson what-is-a-libc`;
    expect((await tmux('new-session', '-d', '-s', closing, '-x', '100', '-y', '40', cmd)).exitCode).toBe(0);
    const on = (...k: string[]) => tmux('send-keys', '-t', closing, ...k);
    const shown = async (re: RegExp) => {
      for (let t = Date.now(); Date.now() - t < 60_000; await new Promise((r) => setTimeout(r, 100))) {
        if (re.test((await tmux('capture-pane', '-p', '-t', closing)).stdout)) return;
      }
      throw new Error(`timed out waiting for ${re}`);
    };
    await shown(/lab ready/);
    await on('Right');
    await shown(/step 2 of/);
    await on('r');
    await shown(/Passed: all \d+ checks hold/);
    const pane = Number((await tmux('list-panes', '-t', closing, '-F', '#{pane_pid}')).stdout.trim());
    const engine = new DockerEngine();
    // the TUI is the pane's process or its child: its containers carry its pid
    const theirs = async () => (await engine.listContainers(LABEL.app)).filter((c) => { const pid = Number(c.labels[LABEL.pid]); return pid === pane || readParent(pid) === pane; });
    const before = (await theirs()).map((c) => c.id);
    expect(before.length).toBe(2);
    await tmux('kill-session', '-t', closing);
    // the TUI's containers: gone once it has cleaned up after the hangup (others' leftovers are not this test's)
    const left = async () => (await engine.listContainers(LABEL.app)).filter((c) => before.includes(c.id));
    for (const t = Date.now(); (await left()).length && Date.now() - t < 30_000; ) await new Promise((r) => setTimeout(r, 200));
    expect(await left()).toEqual([]);
  });

  it('without a terminal: says so, points at the headless commands, exits 2', async () => {
    const r = await execa('node', ['--import', 'tsx', 'src/cli/main.ts'], { cwd: ROOT, reject: false, input: '', env: { MUSL_LAB_HOME: home } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/needs an interactive terminal/);
    expect(r.stderr).toMatch(/musl-lab verify[\s\S]*musl-lab compare[\s\S]*musl-lab progress/);
  });
});
