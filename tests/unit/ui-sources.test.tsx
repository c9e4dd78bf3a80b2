/**
 * The tutorial shows a step's evidence: `i` opens its sources (and what a stand-in stands for) in
 * place of the run panel, the key bar and help list it, a stand-in says so on the step's screen,
 * and "why did it crash?" ends with the sources. Frames at 80x24 and 100x32, plain mode ASCII.
 */
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lessons/load.js';
import type { AvailableCourse } from '../../src/progress/course.js';
import { emptyProgress } from '../../src/progress/schema.js';
import { App } from '../../src/ui/views/App.js';
import { CrashPanel } from '../../src/ui/views/CrashPanel.js';
import type { TutorialEffects } from '../../src/ui/hooks/effects.js';
import { handleKey } from '../../src/ui/input/handle-key.js';
import { visibleKeys } from '../../src/ui/views/KeyBar.js';
import { preloadMarkdown } from '../../src/term/markdown.js';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import type { Action } from '../../src/ui/state/actions.js';
import { rowKey, stepKey } from '../../src/ui/state/step-key.js';

import { ThemeContext } from '../../src/ui/components/theme.js';
import { makeStyle } from '../../src/term/style.js';

const K = rowKey(stepKey('ev', 'loop'), 'main');

const run = { flags: [], args: [], env: {}, extraSources: [], compileIn: 'each', runIn: ['glibc', 'musl'] };
const SOURCES = ['musl 1.2.5 src/internal/pthread_impl.h (DEFAULT_STACK_SIZE, 131072)', 'glibc 2.41 nptl/nptl-stack.c (__nptl_stack_size from RLIMIT_STACK)', 'POSIX.1-2024 pthread_attr_setstacksize'];
const STANDS_FOR = { real: "a kubelet restarting a crashed pod's container", same: 'a failed run starts again after a wait that doubles', differs: 'waits of 100 ms, not 10 s; no pod, no container runtime' };
const lesson = {
  id: 'ev',
  title: 'Evidence',
  summary: 's',
  checklist: ['c0'],
  dir: '',
  srcDir: '',
  prose: { loop: 'It restarts.' },
  steps: [
    { id: 'loop', kind: 'experiment', title: 'A crash loop', program: 'a.c', ...run, sources: SOURCES, standsFor: STANDS_FOR, expect: { relations: [] } },
    { id: 'bare', kind: 'experiment', title: 'No sources', program: 'b.c', ...run, expect: { relations: [] } },
    { id: 'quiz', kind: 'quiz', title: 'Quiz', questions: [{ id: 'q1', prompt: 'Which?', choices: ['a', 'b'], answer: 1, explanation: 'b.' }] },
  ],
} as unknown as Lesson;
const course: AvailableCourse = { root: '/nowhere', index: { formatVersion: 1, title: 'Course', lessons: ['ev'], checklist: [{ id: 'c0', text: 'Item' }] }, lessons: [lesson], missing: [] };

function mount(cols: number, rows: number, plain: boolean) {
  const same = () => Promise.resolve(emptyProgress());
  const fx: TutorialEffects = {
    store: { recordStep: same, recordAnswer: same, recordRun: same, recordReveal: same, recordHints: same, recordSolutionViewed: same, addTime: same, saveProblem: () => undefined, setSelfCheck: same, setCurrent: same, resetLesson: same, resetAll: same },
    workspace: { ensure: () => '/ws/w.c', source: () => ({ name: 'w.c', content: '' }), resetLesson: () => [], resetAll: () => [], ensureTinker: () => '/ws/v.c', tinkerFile: () => undefined, resetTinker: () => '/ws/v.c.bak-1' },
    runStep: () => new Promise(() => undefined),
    checkImages: async () => ({ status: 'ok' }),
    buildImages: async () => undefined,
    watch: () => () => undefined,
    readSource: (_l, f) => `/* ${f} */\nint main(void) { return 0; }\n`,
    readFile: () => '',
  };
  const initial = initialState({ course, progress: emptyProgress(), size: { cols, rows }, plain, workspaceDir: '/ws', editor: 'vi', lesson: 'ev' });
  const r = render(<App initial={initial} effects={fx} style={makeStyle({ color: !plain, plain })} onLeave={() => undefined} />);
  Object.defineProperty(r.stdout, 'columns', { get: () => cols });
  Object.defineProperty(r.stdout, 'rows', { get: () => rows });
  r.stdout.emit('resize');
  const frames: string[] = [];
  const wait = async (test: string | RegExp, not?: string) => {
    const deadline = Date.now() + 4000;
    for (;;) {
      const f = (r.lastFrame() ?? '').replace(/\x1b\[[0-9;]*m/g, '');
      const hit = typeof test === 'string' ? f.includes(test) : test.test(f);
      if (hit && (!not || !f.includes(not))) {
        frames.push(f);
        const lines = f.split('\n');
        expect(lines.length).toBeLessThan(rows);
        for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(cols);
        if (plain) expect(lines.filter((l) => /[^\x00-\x7f]/.test(l))).toEqual([]);
        return f;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(test)}; last frame:\n${f}`);
      await new Promise((res) => setTimeout(res, 5));
    }
  };
  const press = (key: string, until: string | RegExp, not?: string) => {
    r.stdin.write(key);
    return wait(until, not);
  };
  return { ...r, wait, press, frames };
}

beforeAll(() => preloadMarkdown());

describe.each([
  [80, 24],
  [100, 32],
] as const)('sources at %ix%i', (cols, rows) => {
  for (const plain of [true, false]) {
    it(`${plain ? 'plain' : 'colour'}: the step says what it stands in for, i opens and closes its sources, help lists the key`, async () => {
      const t = mount(cols, rows, plain);
      const step = await t.wait('step 1 of 3');
      expect(step).toContain("Stands in for: a kubelet restarting a crashed pod's container");
      expect(step).toMatch(/\bi sources\b/); // on the key bar
      const open = await t.press('i', 'Sources: what this step rests on');
      // every source and the stand-in's three parts, whole (wrapped, never cut)
      const flat = open.replace(/\n\s*/g, ' ');
      for (const s of SOURCES) expect(flat).toContain(s);
      expect(flat).toContain(`stands in for: ${STANDS_FOR.real}`);
      expect(flat).toContain(`the same: ${STANDS_FOR.same}`);
      expect(flat).toContain(`differs: ${STANDS_FOR.differs}`);
      expect(open).toContain('i closes');
      await t.press('i', 'Press r to run', 'Sources: what this step rests on');
      // the help screen is taller than the window: scroll it until the key shows
      let help = await t.press('?', 'All keys');
      for (let i = 0; i < 40 && !/\bi\s+the step's sources/.test(help); i++) {
        t.stdin.write('\x1b[B');
        await new Promise((res) => setTimeout(res, 10));
        help = await t.wait('');
      }
      expect(help).toMatch(/\bi\s+the step's sources/);
      await t.press('\x1b', 'step 1 of 3');
      // a step without sources: no key on the bar, and i says why
      const bare = await t.press('n', 'step 2 of 3');
      expect(bare).not.toMatch(/\bi sources\b/);
      expect(bare).not.toContain('Stands in for');
      await t.press('i', 'This step names no sources.');
      t.unmount();
    });
  }
});

describe('the sources panel in the state', () => {
  const at = (step: string) => reducer(initialState({ course, progress: emptyProgress(), size: { cols: 80, rows: 24 }, plain: true, workspaceDir: '/ws', editor: 'vi' }), { type: 'open-lesson', id: 'ev', step });
  it('opens for the current step, and a step move or a run of that step closes it', () => {
    const s = at('loop');
    expect(visibleKeys(s).map((k) => k.keys)).toContain('i');
    const c = handleKey(s, 'i');
    expect(c).toEqual({ type: 'sources-toggle', key: stepKey('ev', 'loop') });
    const open = reducer(s, c as Action);
    expect(open.sources).toBe(stepKey('ev', 'loop'));
    expect(reducer(open, { type: 'sources-toggle', key: stepKey('ev', 'loop') }).sources).toBeUndefined();
    expect(reducer(open, { type: 'step-move', delta: 1 }).sources).toBeUndefined();
    const ran = reducer(open, { type: 'run-start', key: stepKey('ev', 'loop'), envs: ['glibc', 'musl'], trigger: 'key' });
    expect(ran.sources).toBeUndefined();
    expect(ran.output.expanded).toBe(false);
  });
  it('is not offered on a quiz', () => {
    const q = at('quiz');
    expect(visibleKeys(q).map((k) => k.keys)).not.toContain('i');
    expect(handleKey(q, 'i')).toMatchObject({ type: 'notice', text: expect.stringMatching(/experiment or a task/) });
  });
});

describe('"why did it crash?" ends with the sources', () => {
  it('lists them after the explanation, plain ASCII', () => {
    const t = render(
      <ThemeContext.Provider value={makeStyle({ color: false, plain: true })}>
        <CrashPanel why={{ key: K, kind: 'why', status: 'done', explanations: [] }} sources={['a.c']} evidence={{ sources: SOURCES }} width={80} height={20} scroll={0} />
      </ThemeContext.Provider>,
    );
    const f = t.lastFrame()!;
    expect(f).toContain('Sources: what this step rests on');
    expect(f).toContain('- musl 1.2.5 src/internal/pthread_impl.h (DEFAULT_STACK_SIZE, 131072)');
    expect(f.split('\n').filter((l) => /[^\x00-\x7f]/.test(l))).toEqual([]);
    t.unmount();
  });
});
