/**
 * Finding one's way through the tutorial, at 80x24, 100x32 and 140x45, in
 * colour and --plain: the lesson-finished screen scrolls to its end, the list
 * counts the whole course under a filter and `/` starts a new search, `z`
 * takes a variant's verdict away, `c` goes on to the next unfinished step (a
 * passed quiz reopens passed), and Ctrl-C leaves as an interrupt.
 */
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lessons/load.js';
import type { StepResult } from '../../src/lessons/run-step.js';
import type { AvailableCourse } from '../../src/progress/course.js';
import { emptyProgress, type ProgressData } from '../../src/progress/schema.js';
import { App } from '../../src/ui/views/App.js';
import type { Leave, TutorialEffects } from '../../src/ui/hooks/effects.js';
import { preloadMarkdown } from '../../src/term/markdown.js';
import { initialState } from '../../src/ui/state/reducer.js';
import { makeStyle } from '../../src/term/style.js';

const run = { flags: [], args: [], env: {}, extraSources: [], compileIn: 'each', runIn: ['glibc', 'musl'] };
const experiment = (id: string) => ({ id, kind: 'experiment', title: `Experiment ${id}`, program: 'a.c', ...run, expect: { relations: [] } });
// many steps: the summary's "What the runs proved" alone is taller than 24 rows
const first = {
  id: 'first',
  title: 'The first lesson',
  summary: 'One lesson.',
  checklist: ['c0', 'c1', 'c2'],
  dir: '',
  srcDir: '',
  prose: { '': 'Read this.' },
  steps: [
    { id: 'intro', kind: 'explain', title: 'Intro' },
    ...Array.from({ length: 14 }, (_, i) => experiment(`e${i}`)),
    { id: 'quiz', kind: 'quiz', title: 'The quiz', questions: [{ id: 'q1', prompt: 'Which is smaller?', choices: ['glibc', 'musl'], answer: 1, explanation: 'musl.' }, { id: 'q2', prompt: 'Which is older?', choices: ['glibc', 'musl'], answer: 0, explanation: 'glibc.' }] },
  ],
} as unknown as Lesson;
const second = {
  id: 'second',
  title: 'The second lesson',
  summary: 'Another one.',
  checklist: ['c0', 'c3'],
  dir: '',
  srcDir: '',
  prose: { '': 'More.' },
  steps: [
    { id: 'start', kind: 'explain', title: 'Where it starts' },
    experiment('try'),
  ],
} as unknown as Lesson;
const items = Array.from({ length: 4 }, (_, i) => ({ id: `c${i}`, text: `Checklist item ${i}: explain a difference between musl and glibc with an example` }));
const course: AvailableCourse = { root: '/nowhere', index: { formatVersion: 1, title: 'Course', lessons: ['first', 'second'], checklist: items }, lessons: [first, second], missing: [] };

/** The first lesson done: every experiment run, the quiz passed (q1 at the first try, q2 at the second). */
function firstDone(): ProgressData {
  const p = emptyProgress();
  const steps: ProgressData['lessons'][string]['steps'] = { intro: { status: 'seen', at: '' } };
  for (let i = 0; i < 14; i++) steps[`e${i}`] = { status: 'seen', at: '', attempts: 1 };
  steps.quiz = { status: 'passed', at: '', questions: { q1: { ok: true, at: '', firstTry: true, tries: 1 }, q2: { ok: true, at: '', firstTry: false, tries: 2 } } };
  return { ...p, lessons: { first: { steps } }, current: { lesson: 'first', step: 'quiz' } };
}

const ran = (step: string): StepResult => ({
  lesson: 'first',
  step,
  title: step,
  which: 'experiment',
  passed: false,
  durationMs: 9,
  variants: [
    {
      id: 'main',
      passed: false,
      outcomes: {
        glibc: { env: 'glibc', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: { env: 'glibc', exitCode: 0, signal: null, stdout: 'mine\n', stderr: '', timedOut: false, truncated: false, durationMs: 2 } },
        musl: { env: 'musl', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: { env: 'musl', exitCode: 0, signal: null, stdout: 'mine\n', stderr: '', timedOut: false, truncated: false, durationMs: 2 } },
      },
      verdicts: [{ label: 'musl: stdout', env: 'musl', ok: false, expected: 'x', actual: 'mine', reason: 'another output' }],
    },
  ],
});

const stripSgr = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

function mount(o: { cols: number; rows: number; plain: boolean; color: boolean; lesson?: string; progress?: ProgressData }) {
  const pending: { resolve: (r: StepResult) => void; reject: (e: unknown) => void; o?: { signal?: AbortSignal; onRow?: (index: number, of: number) => void } }[] = [];
  let cancels = 0;
  const left: Leave[] = [];
  const progress = o.progress ?? emptyProgress();
  const same = () => Promise.resolve(progress);
  const fx: TutorialEffects = {
    store: { recordStep: same, recordAnswer: same, recordRun: same, recordReveal: same, recordHints: same, recordSolutionViewed: same, addTime: same, saveProblem: () => undefined, setSelfCheck: same, setCurrent: same, resetLesson: same, resetAll: same },
    workspace: { ensure: () => '/data/w.c', source: () => ({ name: 'w.c', content: '' }), resetLesson: () => [], resetAll: () => [], ensureTinker: () => '/data/workspace/first/variants/e0/a.c', tinkerFile: () => undefined, resetTinker: () => '/data/workspace/first/variants/e0/a.c.bak-1' },
    runStep: (_l, _s, _m, _onEnv, opts) => new Promise((resolve, reject) => pending.push({ resolve, reject, o: opts })),
    cancelRun: async () => {
      cancels++;
    },
    checkImages: async () => ({ status: 'ok' }),
    buildImages: async () => undefined,
    watch: () => () => undefined,
    readSource: () => 'int main(void) { return 0; }\n',
    readFile: () => 'int main(void) { /* mine */ return 0; }\n',
  };
  const initial = initialState({ course, progress, size: { cols: o.cols, rows: o.rows }, plain: o.plain, workspaceDir: '/data/workspace', editor: undefined, lesson: o.lesson });
  const r = render(<App initial={initial} effects={fx} style={makeStyle({ color: o.color, plain: o.plain })} onLeave={(l) => left.push(l)} />);
  Object.defineProperty(r.stdout, 'columns', { get: () => o.cols });
  Object.defineProperty(r.stdout, 'rows', { get: () => o.rows });
  r.stdout.emit('resize');
  const seen: string[] = [];
  const check = (f: string) => {
    const lines = f.split('\n');
    expect(lines.length).toBeLessThan(o.rows);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(o.cols);
    if (o.plain) expect(lines.filter((l) => /[^\x00-\x7f]/.test(stripSgr(l)))).toEqual([]);
  };
  const wait = async (test: string | RegExp) => {
    const deadline = Date.now() + 4000;
    for (;;) {
      const f = stripSgr(r.lastFrame() ?? '');
      if (typeof test === 'string' ? f.includes(test) : test.test(f)) {
        seen.push(f);
        check(f);
        return f;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(test)}; last frame:\n${f}`);
      await new Promise((res) => setTimeout(res, 5));
    }
  };
  const press = async (key: string, until?: string | RegExp) => {
    const before = r.lastFrame();
    r.stdin.write(key);
    if (until) return wait(until);
    const deadline = Date.now() + 1000;
    while (r.lastFrame() === before && Date.now() < deadline) await new Promise((res) => setTimeout(res, 5));
    const f = stripSgr(r.lastFrame() ?? '');
    seen.push(f);
    check(f);
    return f;
  };
  return { ...r, pending, left, wait, press, seen, cancels: () => cancels };
}

const SIZES = [
  [80, 24],
  [100, 32],
  [140, 45],
] as const;
const DOWN = '\x1b[B';
const PGDN = '\x1b[6~';

beforeAll(() => preloadMarkdown());

describe.each(SIZES)('at %ix%i', (cols, rows) => {
  for (const mode of ['colour', 'plain'] as const) {
    const o = { cols, rows, plain: mode === 'plain', color: mode === 'colour' };

    it(`${mode}: the lesson-finished screen scrolls to its end: checklist, how it went, what is next`, async () => {
      const t = mount({ ...o, lesson: 'first', progress: firstDone() });
      await t.wait('step 1 of 16');
      // the last step, then on to the summary
      for (let i = 0; i < 15; i++) await t.press('n');
      await t.wait('step 16 of 16');
      const top = await t.press('n', 'Lesson finished: The first lesson');
      const tall = top.includes('more lines');
      if (rows < 45) expect(tall).toBe(true); // 14 runs and 3 checklist items do not fit in 24 or 32 rows
      for (let i = 0; i < 80 && !/\bend\b/.test(stripSgr(t.lastFrame() ?? '')) && tall; i++) await t.press(i % 2 ? DOWN : PGDN);
      const all = t.seen.join('\n');
      for (const w of ['What the runs proved', 'Experiment e13', 'earned: Checklist item 2', 'How it went', 'quiz: 1 of 2 right at the first try', 'Next: The second lesson (enter opens it)']) expect(all).toContain(w);
      if (tall) {
        expect(t.lastFrame()).toMatch(/end/);
        // keys past the end are not stored up: one step back up moves the text at once
        for (let i = 0; i < 5; i++) t.stdin.write(PGDN);
        await new Promise((res) => setTimeout(res, 50));
        const up = await t.press('\x1b[A');
        expect(up).toMatch(/more lines/);
      }
      // back at the top with up, and enter still opens the next lesson
      for (let i = 0; i < 80 && !(t.lastFrame() ?? '').includes('Lesson finished'); i++) await t.press('\x1b[5~');
      await t.press('\r', 'The second lesson');
      t.unmount();
    });

    it(`${mode}: c after the first lesson goes to the next lesson's first unfinished step, and the passed quiz reopens passed`, async () => {
      const t = mount({ ...o, progress: firstDone() });
      const list = await t.wait('lab ready');
      expect(list).toMatch(/1 of 2 lessons done/);
      await t.press('c', 'The second lesson');
      await t.wait('step 1 of 2: Where it starts');
      await t.press('l', 'lessons done');
      // the first lesson's quiz, in a new session: passed, with its tally from the progress file
      await t.press(o.plain ? 'k' : '\x1b[A');
      await t.press('\r', 'step 16 of 16');
      const quiz = await t.wait('Question 1 of 2');
      expect(quiz).toMatch(/1 right first try, 2 of 2 right so far/);
      expect(quiz).toContain('You answered this one right before.');
      expect(quiz).not.toContain('0 right first try');
      t.unmount();
    });
  }

  for (const mode of ['colour', 'plain'] as const) {
    it(`${mode}: a running step says which row runs and its limit; c cancels it, and r runs it again`, async () => {
      const t = mount({ cols, rows, plain: mode === 'plain', color: mode === 'colour', lesson: 'first' });
      await t.wait('step 1 of 16');
      await t.press('n', 'step 2 of 16');
      await t.press('r', /Running in glibc and musl/);
      const single = await t.wait(/limit 10 s/);
      expect(single).toMatch(mode === 'plain' ? /limit 10 s, c cancels/ : /limit 10 s · c cancels/);
      expect(single).toMatch(/c cancel run/);
      t.pending[0]!.o!.onRow!(1, 3);
      const row = await t.wait('row 2/3');
      expect(row).toMatch(mode === 'plain' ? /row 2\/3, limit 10 s/ : /row 2\/3 · limit 10 s/);
      const signal = t.pending[0]!.o!.signal!;
      expect(signal.aborted).toBe(false);
      await t.press('c', 'Cancelled: the programs were stopped; nothing was recorded.');
      expect(signal.aborted).toBe(true);
      expect(t.cancels()).toBe(1);
      // the run under way ends as the lab ends it (a 'cancelled' error): the screen stays "cancelled"
      t.pending[0]!.reject(Object.assign(new Error('The run was cancelled.'), { kind: 'cancelled' }));
      const after = await t.wait('r runs it again');
      expect(after).not.toMatch(/could not be done/);
      await t.press('r', /Running in glibc and musl/);
      expect(t.pending.length).toBe(2);
      t.pending[1]!.resolve(ran('e0'));
      await t.wait(/Not yet: 1 of 1 checks failed/);
      t.unmount();
    });
  }

  for (const mode of ['colour', 'plain'] as const) {
    it(`${mode}: a table of runs shows each row's measured values at once (o still opens the outputs)`, async () => {
      const t = mount({ cols, rows, plain: mode === 'plain', color: mode === 'colour', lesson: 'first' });
      await t.wait('step 1 of 16');
      await t.press('n', 'step 2 of 16');
      await t.press('r', /Running in glibc and musl/);
      const row = (id: string, kib: number, muslKib: number) => {
        const out = (env: 'glibc' | 'musl', k: number) => ({ env, exitCode: 0, signal: null, stdout: `ulimit -s: ${kib} KiB\nthread stack: ${k * 1024} bytes (${k} KiB)\n`, stderr: '', timedOut: false, truncated: false, durationMs: 2 });
        return { id, label: `ulimit -s ${kib}`, passed: true, outcomes: { glibc: { env: 'glibc', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: out('glibc', kib) }, musl: { env: 'musl', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: out('musl', muslKib) } }, verdicts: [{ label: 'glibc: stdout', env: 'glibc', ok: true, expected: 'x', actual: 'x', reason: '' }] };
      };
      t.pending[0]!.resolve({ ...ran('e0'), passed: true, variants: [row('a', 8192, 130), row('b', 1024, 130), row('c', 512, 130)] } as unknown as StepResult);
      const f = await t.wait(/Passed: all 3 checks hold/);
      for (const kib of [8192, 1024, 512]) expect(f).toMatch(new RegExp(`glibc: thread stack: ${kib * 1024} bytes \\(${kib} KiB\\)`));
      expect(f.match(/musl: thread stack: 133120 bytes \(130 KiB\)/g)?.length).toBe(3);
      expect(f).not.toMatch(/glibc: ulimit -s/); // the same on both sides: not a key value
      // o opens the chosen row with the room of the whole view, not the folded table's few rows
      const opened = await t.press('o', /ulimit -s 8192: every check holds/);
      if (rows >= 32) expect(opened).toMatch(/musl\s+exit 0/);
      t.unmount();
    });
  }

  it('under a search filter the list still counts the whole course; / starts a new search empty', async () => {
    const t = mount({ cols, rows, plain: false, color: false, progress: firstDone() });
    await t.wait('lab ready');
    await t.press('/', 'search:');
    const none = await t.press('z', 'no lesson matches');
    expect(none).toMatch(/1 of 2 lessons done {2}· {2}0 shown/);
    await t.press('\x7f');
    for (const ch of 'second') await t.press(ch);
    const kept = await t.press('\r', 'filter: second');
    expect(kept).toMatch(/1 of 2 lessons done {2}· {2}1 shown/);
    const again = await t.press('/', 'search: _');
    expect(again).not.toContain('search: second');
    t.unmount();
  });
});

describe('prose space', () => {
  it('the text runs at most 100 columns at 140x45, and f gives it the whole view', async () => {
    const text = Array.from({ length: 8 }, () => 'Every thread gets a stack of its own, and its size is chosen when the thread is made. '.repeat(5)).join('\n\n') + '\n\nLAST-PARAGRAPH.';
    const long = { ...first, prose: { '': text, e0: text }, steps: first.steps.map((x) => (x.id === 'e0' ? { ...x, prose: 'e0.md' } : x)) } as unknown as Lesson;
    const c = { ...course, lessons: [long, second] };
    const progress = emptyProgress();
    const same = () => Promise.resolve(progress);
    const fx = { store: { recordStep: same, recordAnswer: same, recordRun: same, recordReveal: same, recordHints: same, recordSolutionViewed: same, addTime: same, saveProblem: () => undefined, setSelfCheck: same, setCurrent: same, resetLesson: same, resetAll: same }, workspace: { ensure: () => '/w/w.c', source: () => ({ name: 'w.c', content: '' }), resetLesson: () => [], resetAll: () => [], ensureTinker: () => '/w/v.c', tinkerFile: () => undefined, resetTinker: () => undefined }, runStep: () => new Promise<StepResult>(() => undefined), checkImages: async () => ({ status: 'ok' as const }), buildImages: async () => undefined, watch: () => () => undefined, readSource: () => 'int main(void) { return 0; }\n', readFile: () => '' } as TutorialEffects;
    const initial = initialState({ course: c, progress, size: { cols: 140, rows: 45 }, plain: false, workspaceDir: '/w', lesson: 'first' });
    const r = render(<App initial={initial} effects={fx} style={makeStyle({ color: false })} onLeave={() => undefined} />);
    Object.defineProperty(r.stdout, 'columns', { get: () => 140 });
    Object.defineProperty(r.stdout, 'rows', { get: () => 45 });
    r.stdout.emit('resize');
    const until = async (re: RegExp) => {
      for (let i = 0; i < 400; i++) {
        const f = r.lastFrame() ?? '';
        if (re.test(f)) return f;
        await new Promise((res) => setTimeout(res, 5));
      }
      throw new Error(`timed out waiting for ${re}: ${r.lastFrame()}`);
    };
    const f = await until(/Every thread gets/);
    const prose = f.split('\n').filter((l) => l.includes('thread'));
    expect(prose.length).toBeGreaterThan(3);
    for (const l of prose) expect(stringWidth(l)).toBeLessThanOrEqual(100);
    r.stdin.write('n');
    await until(/step 2 of 16/);
    const before = await until(/Press r to run/);
    expect(before).toMatch(/more lines · f: full text/);
    r.stdin.write('f');
    const full = await until(/f: the panel again/);
    expect(full).not.toContain('Press r to run');
    expect(full.split('\n').filter((l) => l.includes('Every thread')).length).toBeGreaterThan(before.split('\n').filter((l) => l.includes('Every thread')).length);
    r.stdin.write('f');
    await until(/Press r to run/);
    r.unmount();
  });
});

describe('back from the summary', () => {
  it('lands on the first quiz not passed, at its first question not answered right', async () => {
    const p = firstDone();
    p.lessons.first!.steps.quiz = { status: 'attempted', at: '', questions: { q1: { ok: true, at: '', firstTry: true, tries: 1 }, q2: { ok: false, at: '', firstTry: false, tries: 2, revealed: true } } };
    const t = mount({ cols: 100, rows: 32, plain: false, color: false, lesson: 'first', progress: p });
    await t.wait('step 1 of 16');
    for (let i = 0; i < 3; i++) await t.press('n');
    await t.wait('step 4 of 16');
    // straight on to the end of the lesson
    for (let i = 0; i < 13; i++) await t.press('n');
    await t.press('n', 'End of the lesson: The first lesson');
    await t.wait('goes back to the first of them');
    const back = await t.press('\x1b[D', 'Question 2 of 2');
    expect(back).toContain('step 16 of 16');
    expect(back).toContain('Which is older?');
    t.unmount();
  });
});

describe('the checklist', () => {
  it("lists each item's evidence, a step named with its lesson when several teach it; enter opens the lesson", async () => {
    const t = mount({ cols: 100, rows: 32, plain: false, color: false, progress: firstDone() });
    await t.wait('lab ready');
    const c = await t.press('x', 'Self-assessment checklist');
    expect(c).toMatch(/passed: The quiz \(The first lesson\)/);
    await t.press('\r', 'The second lesson'); // item 0: the first lesson is done, the second is not
    t.unmount();
  });
});

describe('z on an experiment', () => {
  it("takes the variant's verdict away with the variant", async () => {
    const t = mount({ cols: 100, rows: 32, plain: false, color: false, lesson: 'first' });
    await t.wait('step 1 of 16');
    await t.press('n', 'step 2 of 16');
    await t.press('e', 'Your variant is at');
    await t.press('r', /Running in glibc and musl/);
    t.pending[0]!.resolve(ran('e0'));
    await t.wait('Your variant: 0 of 1 expectations hold');
    await t.press('z', "Go back to the lesson's own program?");
    const back = await t.press('y', 'Back to the shipped program.');
    expect(back).not.toContain('Your variant: 0 of 1');
    expect(back).not.toContain("Not counted as a pass or fail: it is your variant");
    expect(back).toContain('Press r to run this step');
    t.unmount();
  });
});

describe('Ctrl-C', () => {
  it('leaves as an interrupt (the command then exits 130), q as a quit', async () => {
    for (const [key, want] of [['\x03', { kind: 'quit', interrupted: true }], ['q', { kind: 'quit' }]] as const) {
      const t = mount({ cols: 100, rows: 32, plain: false, color: false, lesson: 'first' });
      await t.wait('step 1 of 16');
      t.stdin.write(key);
      for (let i = 0; i < 200 && !t.left.length; i++) await new Promise((r) => setTimeout(r, 5));
      expect(t.left).toEqual([want]);
      t.unmount();
    }
  });

  it('mid-run too', async () => {
    const t = mount({ cols: 100, rows: 32, plain: false, color: false, lesson: 'first' });
    await t.wait('step 1 of 16');
    await t.press('n', 'step 2 of 16');
    await t.press('r', /Running in glibc and musl/);
    t.stdin.write('\x03');
    for (let i = 0; i < 200 && !t.left.length; i++) await new Promise((r) => setTimeout(r, 5));
    expect(t.left).toEqual([{ kind: 'quit', interrupted: true }]);
    t.unmount();
  });
});
