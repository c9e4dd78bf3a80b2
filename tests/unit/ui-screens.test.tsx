/**
 * Every screen at 80x24, 100x32 and 140x45, in colour and in --plain: nothing
 * wider than the terminal, nothing taller than the window, program output
 * verbatim (tabs, double spaces, wide characters, a 300-column line reachable
 * whole), escapes visible, --plain ASCII only, the checklist reachable at 80x24.
 */
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lessons/load.js';
import type { StepResult } from '../../src/lessons/run-step.js';
import type { AvailableCourse } from '../../src/progress/course.js';
import { emptyProgress, type ProgressData } from '../../src/progress/schema.js';
import { App } from '../../src/ui/views/App.js';
import type { TutorialEffects } from '../../src/ui/hooks/effects.js';
import { preloadMarkdown } from '../../src/term/markdown.js';
import { initialState } from '../../src/ui/state/reducer.js';
import { makeStyle } from '../../src/term/style.js';

const run = { flags: [], args: [], env: {}, extraSources: [], compileIn: 'each', runIn: ['glibc', 'musl'] };
const TABLE = '| situation | fix | what to watch |\n|---|---|---|\n| You have the source | Rebuild on musl (a musl build stage) | Fix what does not compile (glibc-only headers such as execinfo.h), then test thread stacks, DNS and locales |\n| A small tool | Static linking | No dlopen in a static musl program |\n';
const lesson = {
  id: 'output',
  // long enough to crowd an 80-column list row
  title: 'Output as it is: what a program prints, shown exactly as printed on both sides',
  summary: 'Programs print; the lab shows exactly that.',
  checklist: ['c0', 'c1'],
  dir: '',
  srcDir: '',
  prose: { '': `# Output\n\nWhat a program prints is shown as printed.\n\n${TABLE}`, show: 'Run it and read both sides.' },
  steps: [
    { id: 'intro', kind: 'explain', title: 'Intro' },
    { id: 'show', kind: 'experiment', title: 'Print things', program: 'a.c', ...run, expect: { relations: [] } },
    { id: 'fix', kind: 'task', title: 'Fix it', starter: 'w.c', solution: 'w.solution.c', ...run, expect: { relations: [] }, starterExpect: { relations: [] }, hints: ['Look at the output.'] },
    { id: 'quiz', kind: 'quiz', title: 'Quiz', questions: [{ id: 'q1', prompt: 'Which library is smaller?', choices: ['glibc', 'musl'], answer: 1, explanation: `musl is small. ${'Its static binaries, loader and library fit in one small file, and it keeps its defaults small too. '.repeat(5)}END-OF-EXPLANATION.` }] },
  ],
} as unknown as Lesson;

// a checklist longer than 24 rows, with words that wrap
const items = Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, text: `Checklist item number ${i}: explain one difference between musl and glibc in your own words, with an example` }));
const course: AvailableCourse = { root: '/nowhere', index: { formatVersion: 1, title: 'Course', lessons: ['output'], checklist: items }, lessons: [lesson], missing: [] };

const LONG = Array.from({ length: 300 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
const ESC = '\x1b';
const EVIL = `${ESC}]0;pwned\x07${ESC}]52;c;aGk=\x07${ESC}[1A${ESC}[2K= same outcome\x00\x7f\u009b\r`;
const ASCII_OUT = `a\tb  c\n%'d  -> 1.234.567\n${LONG}\n${EVIL}\n`;
const WIDE_OUT = `日本語のテキスト 😀 wide\n${ASCII_OUT}`;

const outcome = (env: 'glibc' | 'musl', stdout: string, stderr = '') => ({ env, exitCode: 0, signal: null, stdout, stderr, timedOut: false, truncated: false, durationMs: 5 });
const result = (stdout: string): StepResult => ({
  lesson: 'output',
  step: 'show',
  title: 'Print things',
  which: 'experiment',
  passed: false,
  durationMs: 42,
  variants: [
    {
      id: 'main',
      passed: false,
      outcomes: {
        glibc: { env: 'glibc', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: outcome('glibc', stdout) },
        musl: { env: 'musl', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: outcome('musl', 'short\n', `warn\tfrom ${ESC}[31mmusl\n`) },
      },
      verdicts: [
        { label: 'glibc: stdout', env: 'glibc', ok: true, expected: 'a line', actual: `"${EVIL}"`, reason: '' },
        { label: 'musl: stdout', env: 'musl', ok: false, expected: 'the same line', actual: `"short\\n${ESC}[2J"`, reason: 'another output', why: 'musl prints less.' },
      ],
    },
  ],
});

function mount(o: { cols: number; rows: number; plain: boolean; color: boolean; lesson?: string; progress?: ProgressData }) {
  const pending: { resolve: (r: StepResult) => void; onEnv: Parameters<TutorialEffects['runStep']>[3] }[] = [];
  const same = () => Promise.resolve(o.progress ?? emptyProgress());
  const fx: TutorialEffects = {
    store: { recordStep: same, recordAnswer: same, recordRun: same, recordReveal: same, recordHints: same, recordSolutionViewed: same, addTime: same, saveProblem: () => undefined, setSelfCheck: same, setCurrent: same, resetLesson: same, resetAll: same },
    workspace: { ensure: () => '/data/workspace/output/w.c', source: () => ({ name: 'w.c', content: '' }), resetLesson: () => [], resetAll: () => [], ensureTinker: () => '/data/workspace/output/variants/v.c', tinkerFile: () => undefined, resetTinker: () => '/data/workspace/output/variants/v.c.bak-1' },
    runStep: (_l, _s, _m, onEnv) => new Promise((resolve) => pending.push({ resolve, onEnv })),
    checkImages: async () => ({ status: 'ok' }),
    buildImages: async () => undefined,
    watch: () => () => undefined,
    readSource: (_l, f) => `/* ${f} */\nint main(void) { return 0; } /* ${'a long comment that runs on '.repeat(5)}and ends here */\n`,
    readFile: () => 'int main(void) { return 1; }\n',
  };
  const initial = initialState({ course, progress: o.progress ?? emptyProgress(), size: { cols: o.cols, rows: o.rows }, plain: o.plain, workspaceDir: '/data/workspace', editor: 'vi', lesson: o.lesson });
  const r = render(<App initial={initial} effects={fx} style={makeStyle({ color: o.color, plain: o.plain })} onLeave={() => undefined} />);
  // ink-testing-library's terminal is 100 columns: give it the size under test
  Object.defineProperty(r.stdout, 'columns', { get: () => o.cols });
  Object.defineProperty(r.stdout, 'rows', { get: () => o.rows });
  r.stdout.emit('resize');
  const seen: string[] = [];
  const wait = async (test: string | RegExp) => {
    const deadline = Date.now() + 4000;
    for (;;) {
      const f = r.lastFrame() ?? '';
      if (typeof test === 'string' ? f.includes(test) : test.test(f)) {
        seen.push(f);
        checkFrame(f, o);
        return f;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(test)}; last frame:\n${f}`);
      await new Promise((res) => setTimeout(res, 5));
    }
  };
  /** Press a key and wait for the frame to change (or a text to show). */
  const press = async (key: string, until?: string | RegExp) => {
    const before = r.lastFrame();
    r.stdin.write(key);
    if (until) return wait(until);
    const deadline = Date.now() + 1000;
    while (r.lastFrame() === before && Date.now() < deadline) await new Promise((res) => setTimeout(res, 5));
    const f = r.lastFrame() ?? '';
    seen.push(f);
    checkFrame(f, o);
    return f;
  };
  return { ...r, pending, wait, press, seen };
}

const stripSgr = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** What holds for every frame: within the window, no raw control characters; ASCII only in plain mode. */
function checkFrame(f: string, o: { cols: number; rows: number; plain: boolean; color: boolean }) {
  const lines = f.split('\n');
  expect(lines.length).toBeLessThan(o.rows);
  for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(o.cols);
  // a full-width line ending in an ellipsis is Ink cutting a line that was too long
  for (const l of lines) if (stringWidth(l) >= o.cols - 1) expect(stripSgr(l)).not.toMatch(/…$/);
  const text = o.color ? stripSgr(f) : f;
  if (!o.color) expect(f).not.toContain(ESC);
  expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
}

const ascii = (f: string) => {
  const bad = stripSgr(f).split('\n').filter((l) => /[^\x00-\x7f]/.test(l));
  expect(bad).toEqual([]);
};

const SIZES = [
  [80, 24],
  [100, 32],
  [140, 45],
] as const;

beforeAll(() => preloadMarkdown());

describe.each(SIZES)('screens at %ix%i', (cols, rows) => {
  for (const mode of ['colour', 'plain'] as const) {
    const o = { cols, rows, plain: mode === 'plain', color: mode === 'colour' };

    it(`${mode}: the list, a lesson with a prose table, help, checklist, quiz and a confirm fit; plain is ASCII`, async () => {
      const t = mount(o);
      const list = await t.wait('lab ready');
      expect(stripSgr(list)).toMatch(/1\. Output as it is.*  (pending|in progress)$/m); // the status stays when the title is long
      await t.press('\r', 'What a program prints');
      const table = await t.wait(o.plain ? /\| situation/ : /│ situation/);
      // the whole table is inside the width (checked per frame) and no word of it is lost
      for (const w of ['execinfo.h),', 'locales', 'dlopen']) expect(table).toContain(w);
      await t.press('?', 'All keys');
      await t.press('\x1b', 'What a program prints');
      await t.press('x', 'Self-assessment checklist');
      await t.press('\x1b', 'What a program prints');
      await t.press('nnn', 'Which library is smaller?');
      await t.press('z', /Reset "Output as it is/);
      await t.press('n', 'Which library is smaller?');
      await t.press('l', 'lessons done');
      await t.press('/', 'search:');
      if (o.plain) for (const f of t.seen) ascii(f);
      t.unmount();
    });

    it(`${mode}: a run shows output verbatim: tabs, double spaces, escapes visible, plain ASCII`, async () => {
      const t = mount({ ...o, lesson: 'output' });
      await t.wait('step 1 of 4');
      // a program line longer than the terminal continues on the next rows
      await t.press('n', 'and ends here */');
      await t.press('r', /Running in glibc and musl/);
      t.pending[0]!.onEnv('musl', 'compiling');
      const phases = await t.wait(o.plain ? /musl\s+compiling\.\.\./ : /musl\s+\S+ compiling…/);
      if (o.plain) ascii(phases);
      t.pending[0]!.resolve(result(ASCII_OUT));
      const f = await t.wait('Not yet');
      expect(f).toMatch(/a {7}b {2}c/);
      expect(o.plain ? f : stripSgr(f)).toMatch(o.plain ? /FAIL musl: stdout/ : /✗ musl: stdout/);
      // open the output and scroll through all of it: every row of the 300-column line is there, and the escapes
      await t.press('o', /lines 1-/);
      for (let i = 0; i < 40 && !/lines \d+-(\d+) of \1\b/.test(t.lastFrame() ?? ''); i++) await t.press('\x1b[B');
      const all = t.seen.map((x) => (o.color ? stripSgr(x) : x)).join('\n');
      const width = cols - 1;
      for (let i = 0; i < LONG.length; i += width) expect(all).toContain(LONG.slice(i, i + width));
      expect(all).toContain("%'d  -> 1.234.567");
      expect(all).toContain('\\e]0;pwned\\a\\e]52;c;aGk=\\a\\e[1A\\e[2K= same outcome\\0\\x7f\\u009b\\r');
      expect(all).toMatch(/warn {4}from/);
      expect(all).toContain('\\e[31mmusl');
      expect(all).toContain('\\e[2J');
      if (o.plain) for (const x of t.seen) ascii(x);
      t.unmount();
    });

    it(`${mode}: wide characters (CJK, emoji) keep their columns`, async () => {
      const t = mount({ ...o, lesson: 'output' });
      await t.wait('step 1 of 4');
      await t.press('n', 'Run it and read both sides.');
      await t.press('r', /Running in glibc and musl/);
      t.pending[0]!.resolve(result(WIDE_OUT));
      const f = await t.wait('Not yet');
      expect(f).toContain('日本語のテキスト 😀 wide');
      t.unmount();
    });
  }
});

describe('plain mode reads as words', () => {
  it('the step bar says done and current in words, not 1PASS 2PASS', async () => {
    const progress: ProgressData = { ...emptyProgress(), lessons: { output: { steps: { intro: { status: 'seen', at: '' }, show: { status: 'passed', at: '' } } } } };
    const t = mount({ cols: 80, rows: 24, plain: true, color: false, lesson: 'output', progress });
    await t.wait('step 1 of 4');
    const f = await t.press('nn', 'step 3 of 4');
    expect(f).toContain('steps: 1 done, 2 done, [3 current], 4');
    expect(f).not.toMatch(/\dPASS/);
    expect(f).toMatch(/left\/right step/);
    t.unmount();
  });
});

describe('the quiz at 80x24', () => {
  it('a second wrong answer shows all of its explanation and what to do next', async () => {
    const t = mount({ cols: 80, rows: 24, plain: true, color: false, lesson: 'output' });
    await t.wait('step 1 of 4');
    await t.press('nnn', 'Which library is smaller?');
    const nudge = await t.press('1', 'Not quite');
    expect(nudge).not.toContain('END-OF-EXPLANATION.'); // a nudge first, not the answer
    const f = await t.press('1', 'END-OF-EXPLANATION.');
    expect(f).toContain('tab: next question.');
    t.unmount();
  });
});

describe('the checklist at 80x24', () => {
  for (const key of [['down', '\x1b[B'], ['PgDn', '\x1b[6~']] as const) {
    it(`is taller than the window, says there is more, and ${key[0]} reaches every item`, async () => {
      const t = mount({ cols: 80, rows: 24, plain: true, color: false });
      await t.wait('lab ready');
      const first = await t.press('x', 'Self-assessment checklist');
      expect(first).toMatch(/down \d+ more lines/);
      expect(first).not.toContain('Checklist item number 11');
      for (let i = 0; i < 60 && !/\bend\b.*above/.test(t.lastFrame() ?? ''); i++) await t.press(key[1]);
      const all = t.seen.join('\n');
      for (const it of items) expect(all).toContain(it.text.slice(0, 30));
      expect(all).toContain('with an example');
      // and back up to the top
      for (let i = 0; i < 60 && !(t.lastFrame() ?? '').includes('Self-assessment checklist'); i++) await t.press(key[0] === 'down' ? '\x1b[A' : '\x1b[5~');
      expect(t.lastFrame()).toContain('Self-assessment checklist');
      t.unmount();
    });
  }
});
