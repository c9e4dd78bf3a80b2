/**
 * The tutorial's screens through ink-testing-library with fake effects:
 * keys are written only after a frame shows (a key written before useInput
 * listens is lost), and every wait polls the frame with a deadline.
 */
import { render } from 'ink-testing-library';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lessons/load.js';
import type { StepResult } from '../../src/lessons/run-step.js';
import type { AvailableCourse } from '../../src/progress/course.js';
import * as rec from '../../src/progress/record.js';
import { emptyProgress, type ProgressData } from '../../src/progress/schema.js';
import { App } from '../../src/ui/views/App.js';
import type { Leave, TutorialEffects } from '../../src/ui/hooks/effects.js';
import { preloadMarkdown } from '../../src/term/markdown.js';
import { initialState } from '../../src/ui/state/reducer.js';
import type { ImagesState } from '../../src/ui/state/state.js';
import { makeStyle } from '../../src/term/style.js';

const run = { flags: ['-pthread'], args: [], env: {}, extraSources: [], compileIn: 'each', runIn: ['glibc', 'musl'] };
const lesson = {
  id: 'stacks',
  title: 'Thread stacks',
  summary: 'Threads get a fixed stack.',
  checklist: ['set-stack-size'],
  dir: '',
  srcDir: '',
  prose: { '': '# Stacks\n\nEvery thread has a **stack**.', crash: 'It crashes on musl.' },
  steps: [
    { id: 'intro', kind: 'explain', title: 'Intro' },
    { id: 'crash', kind: 'experiment', title: 'The crash', prose: 'crash.md', program: 'a.c', ...run, expect: { relations: [] } },
    { id: 'fix', kind: 'task', title: 'Fix it', starter: 'w.c', solution: 'w.solution.c', ...run, expect: { relations: [] }, starterExpect: { relations: [] }, hints: ['Think about the stack.', 'pthread_attr_setstacksize'] },
    { id: 'quiz', kind: 'quiz', title: 'Quiz', questions: [{ id: 'q1', prompt: 'Which library gives threads 128 KiB?', choices: ['glibc', 'musl'], answer: 1, hint: 'Which one is the small library?', explanation: 'musl keeps thread stacks small.' }, { id: 'q2', prompt: 'On musl, what program is ldd really?', accept: 'loader|ld-musl', answerText: 'the dynamic loader (ld-musl)', explanation: 'ldd is the loader under another name.' }] },
  ],
} as unknown as Lesson;
const course: AvailableCourse = {
  root: '/nowhere',
  index: { formatVersion: 1, title: 'Course', lessons: ['basics', 'stacks'], checklist: [{ id: 'set-stack-size', text: 'Set a stack size' }, { id: 'dns', text: 'DNS', plannedIn: 'issue 5' }] },
  lessons: [lesson],
  missing: [{ id: 'basics', problem: 'not written yet' }],
};

const AT = '2025-01-01T00:00:00.000Z';
const outcome = (env: 'glibc' | 'musl', exitCode: number, stdout: string) => ({ env, exitCode, signal: exitCode === 139 ? 'SIGSEGV' : null, stdout, stderr: '', timedOut: false, truncated: false, durationMs: 5 });
const crashResult = (passed: boolean): StepResult => ({
  lesson: 'stacks',
  step: 'fix',
  title: 'Fix it',
  which: 'workspace',
  passed,
  durationMs: 42,
  variants: [
    {
      id: 'main',
      passed,
      outcomes: {
        glibc: { env: 'glibc', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: outcome('glibc', 0, 'checksum ok') },
        musl: { env: 'musl', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: passed ? outcome('musl', 0, 'checksum ok') : outcome('musl', 139, '') },
      },
      verdicts: [
        { label: 'glibc: exit', env: 'glibc', ok: true, expected: 'exit 0', actual: 'exit 0', reason: '' },
        passed
          ? { label: 'musl: exit', env: 'musl', ok: true, expected: 'exit 0', actual: 'exit 0', reason: '' }
          : { label: 'musl: exit', env: 'musl', ok: false, expected: 'exit 0', actual: 'SIGSEGV (exit 139)', reason: 'another exit status', why: 'musl gives threads 128 KiB.' },
      ],
    },
  ],
});

function fakes(o: { images?: ImagesState | Error; unsaved?: string } = {}) {
  let progress: ProgressData = emptyProgress();
  const calls: string[] = [];
  const pending: { resolve: (r: StepResult) => void; reject: (e: unknown) => void; onEnv: Parameters<TutorialEffects['runStep']>[3] }[] = [];
  let builds = 0;
  const tinkered: string[] = [];
  const save = (f: (p: ProgressData) => ProgressData) => Promise.resolve((progress = f(progress)));
  const fx: TutorialEffects = {
    store: {
      recordStep: (l, s, status) => (calls.push(`record ${l}/${s} ${status}`), save((p) => ({ ...p, lessons: { ...p.lessons, [l]: { steps: { ...(p.lessons[l]?.steps ?? {}), [s]: { status, at: '' } } } } }))),
      recordAnswer: (l, s, q, ok, all) => (calls.push(`answer ${l}/${s}/${q} ${ok}`), save((p) => rec.recordAnswer(p, l, s, q, ok, all, AT))),
      recordRun: (l, s, kind, passed) => (calls.push(`record ${l}/${s} ${kind === 'experiment' ? 'ran' : passed ? 'passed' : 'attempted'}`), save((p) => rec.recordRun(p, l, s, kind, passed, AT))),
      recordReveal: (l, s, q) => (calls.push(`reveal ${l}/${s}/${q}`), save((p) => rec.recordReveal(p, l, s, q, AT))),
      recordHints: (l, s, n) => (calls.push(`hints ${l}/${s} ${n}`), save((p) => rec.recordHints(p, l, s, n, AT))),
      recordSolutionViewed: (l, s) => (calls.push(`solution ${l}/${s}`), save((p) => rec.recordSolutionViewed(p, l, s, AT))),
      addTime: (l, s, ms) => (calls.push(`time ${l}/${s}`), save((p) => rec.addTime(p, l, s, ms, AT))),
      saveProblem: () => o.unsaved,
      setSelfCheck: (item, on) => (calls.push(`self ${item} ${on}`), save((p) => rec.setSelfCheck(p, item, on, AT))),
      setCurrent: (l, s) => (calls.push(`current ${l}/${s}`), save((p) => ({ ...p, current: { lesson: l, step: s } }))),
      resetLesson: (l) => (calls.push(`reset ${l}`), save((p) => p)),
      resetAll: () => (calls.push('reset all'), save((p) => p)),
    },
    workspace: {
      ensure: () => '/data/workspace/stacks/w.c',
      source: () => ({ name: 'w.c', content: 'int main(void){}' }),
      resetLesson: () => ['/data/workspace/stacks/w.c.bak-1'],
      resetAll: () => [],
      ensureTinker: (_l, st) => (tinkered.push(st.id), `/data/workspace/stacks/variants/${st.id}/${st.program}`),
      tinkerFile: () => undefined,
      resetTinker: (_l, st) => `/data/workspace/stacks/variants/${st.id}/${st.program}.bak-1`,
    },
    runStep: (_l, _s, _m, onEnv) => new Promise((resolve, reject) => pending.push({ resolve, reject, onEnv })),
    checkImages: async () => {
      if (o.images instanceof Error) throw o.images;
      return o.images ?? { status: 'ok' };
    },
    buildImages: async (onLine) => {
      builds++;
      onLine('glibc: step 1/5');
    },
    watch: () => () => undefined,
    readSource: (_l, f) => `/* ${f} */\nint main(void) { return 0; }\n`,
    readFile: () => 'int main(void) { /* mine */ }\n',
  };
  return { fx, calls, pending, builds: () => builds, tinkered, progress: () => progress };
}

async function until(frame: () => string | undefined, test: (f: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 4000;
  for (;;) {
    const f = frame() ?? '';
    if (test(f)) return f;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${f}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
const has = (s: string | RegExp) => (f: string) => (typeof s === 'string' ? f.includes(s) : s.test(f));

function mount(o: { lesson?: string; plain?: boolean; images?: ImagesState | Error; cols?: number; rows?: number; editor?: string | null; unsaved?: string } = {}) {
  const f = fakes({ images: o.images, unsaved: o.unsaved });
  const left: Leave[] = [];
  const initial = initialState({ course, progress: emptyProgress(), size: { cols: o.cols ?? 100, rows: o.rows ?? 30 }, plain: !!o.plain, workspaceDir: '/data/workspace', editor: o.editor === null ? undefined : (o.editor ?? 'vi'), lesson: o.lesson, unsaved: o.unsaved });
  const r = render(<App initial={initial} effects={f.fx} style={makeStyle({ color: false, plain: o.plain })} onLeave={(l) => left.push(l)} />);
  const wait = (s: string | RegExp) => until(r.lastFrame, has(s), String(s));
  return { ...r, ...f, left, wait };
}

describe('the tutorial UI', () => {
  beforeAll(() => preloadMarkdown());

  it('the list: every lesson with its status, unwritten ones named, keys on screen, status line', async () => {
    const t = mount();
    const f = await t.wait('lab ready');
    expect(f).toMatch(/1\. basics\s+not written yet/);
    expect(f).toMatch(/2\. Thread stacks\s+pending/);
    expect(f).toMatch(/enter open/);
    expect(f).toMatch(/\? help/);
    t.unmount();
  });

  it('opens a lesson, renders prose, steps through; a run shows spinners then verdicts with expected vs actual', async () => {
    const t = mount();
    await t.wait('lab ready');
    t.stdin.write('j');
    await t.wait('▸ ○  2. Thread stacks');
    t.stdin.write('\r');
    await t.wait('Every thread has a stack.');
    await until(() => t.calls.join('\n'), has('record stacks/intro seen'), 'the explain step marked as read');
    t.stdin.write('n');
    await t.wait('It crashes on musl.');
    t.stdin.write('n');
    const task = await t.wait('Your copy');
    expect(task).toContain('/data/workspace/stacks/w.c');
    expect(task).toContain('/* mine */');
    t.stdin.write('r');
    await t.wait('Running in glibc and musl');
    t.pending[0]!.onEnv('musl', 'compiling');
    await t.wait(/musl\s+. compiling/);
    t.pending[0]!.onEnv('glibc', 'done', outcome('glibc', 0, 'checksum ok'));
    await t.wait('checksum ok');
    t.pending[0]!.resolve(crashResult(false));
    const f = await t.wait('Not yet: 1 of 2 checks failed');
    expect(f).toMatch(/✗ musl: exit: another exit status/);
    expect(f).toMatch(/expected: exit 0/);
    expect(f).toMatch(/actual:\s+SIGSEGV \(exit 139\)/);
    expect(f).toMatch(/musl\s+SIGSEGV/);
    await until(() => t.calls.join('\n'), has('record stacks/fix attempted'), 'progress write');
    expect(f).toContain('Thread stacks  ·  step 3 of 4');
    t.unmount();
  });

  it('hints one per key; solution only on request after all hints; after a pass it is one key', async () => {
    const t = mount({ lesson: 'stacks' });
    await t.wait('step 1 of 4');
    t.stdin.write('n');
    await t.wait('step 2 of 4');
    t.stdin.write('n');
    await t.wait('h hint');
    expect(t.lastFrame()).not.toContain('s solution');
    t.stdin.write('h');
    await t.wait('Hint 1 of 2: Think about the stack.');
    expect(t.lastFrame()).not.toContain('Hint 2 of 2');
    t.stdin.write('h');
    await t.wait('Hint 2 of 2: pthread_attr_setstacksize');
    await t.wait('s solution');
    t.stdin.write('s');
    await t.wait('Show the reference solution before the step passes?');
    t.stdin.write('y');
    await t.wait('Reference solution: c-src/stacks/w.solution.c');
    t.unmount();
  });

  it('a passing run: passed, recorded, and no jump to the next step', async () => {
    const t = mount({ lesson: 'stacks' });
    await t.wait('step 1 of 4');
    t.stdin.write('nn');
    await t.wait('r run');
    t.stdin.write('r');
    await t.wait('Running');
    t.pending[0]!.resolve(crashResult(true));
    const f = await t.wait('Passed: all 2 checks hold');
    expect(f).toContain('step 3 of 4');
    await until(() => t.calls.join('\n'), has('record stacks/fix passed'), 'progress write');
    await t.wait('s solution');
    t.unmount();
  });

  it('an engine error shows the message and its next step, no stack trace', async () => {
    const t = mount({ lesson: 'stacks' });
    await t.wait('step 1 of 4');
    t.stdin.write('n');
    await t.wait('r run');
    t.stdin.write('r');
    await t.wait('Running');
    const { LabError } = await import('../../src/errors.js');
    t.pending[0]!.reject(new LabError('image-missing', 'The musl environment is not built yet.', 'Build the lab images: `npx musl-lab images build`.'));
    const f = await t.wait('next:');
    expect(f).toContain('error: The musl environment is not built yet.');
    expect(f).not.toMatch(/\n\s+at /);
    t.unmount();
  });

  it('a step that needs an on-demand environment builds it on first use, in the build panel, then runs', async () => {
    const langs = {
      ...lesson,
      id: 'langs',
      title: 'Other languages',
      steps: [{ id: 'go', kind: 'experiment', title: 'Go builds', program: 'hello.go', ...run, compileIn: 'toolchains', runIn: ['musl'], build: { command: ['go', 'build'], env: {} }, expect: { relations: [] } }],
    } as unknown as Lesson;
    const f = fakes();
    const asked: string[] = [];
    let finish: () => void = () => undefined;
    const built = new Promise<void>((r) => (finish = r));
    const fx: TutorialEffects = {
      ...f.fx,
      checkImages: async (envs) => (asked.push(`check ${envs?.join(',') ?? 'default'}`), envs?.includes('toolchains') ? { status: 'missing', missing: ['toolchains'] } : { status: 'ok' }),
      buildImages: async (onLine, envs) => {
        asked.push(`build ${envs?.join(',') ?? 'default'}`);
        onLine('toolchains: Step 4/9 : RUN apt-get install golang-go rustc');
        await built;
      },
    };
    const initial = initialState({ course: { ...course, lessons: [langs], index: { ...course.index, lessons: ['langs'] }, missing: [] }, progress: emptyProgress(), size: { cols: 80, rows: 24 }, plain: false, workspaceDir: '/ws', editor: 'vi', lesson: 'langs' });
    const r = render(<App initial={initial} effects={fx} style={makeStyle({ color: false })} onLeave={() => undefined} />);
    const wait = (x: string | RegExp) => until(r.lastFrame, has(x), String(x));
    await wait('r run');
    r.stdin.write('r');
    const frame = await wait('Building the toolchains environment (a few minutes, once)');
    expect(frame).toContain('Step 4/9');
    expect(f.pending).toHaveLength(0); // the step waits for its environment
    expect(asked).toEqual(['check default', 'check toolchains', 'build toolchains']);
    finish();
    await until(() => String(f.pending.length), (n) => n === '1', 'the run after the build');
    await wait('Built the toolchains environment.');
    r.unmount();
  });

  it('quiz: a wrong number gets a nudge and the hint, not the answer; right after that is not first-try right', async () => {
    const t = mount({ lesson: 'stacks' });
    await t.wait('step 1 of 4');
    t.stdin.write('nnn');
    await t.wait('Which library gives threads 128 KiB?');
    t.stdin.write('1');
    const wrong = await t.wait('Not quite: you answered 1) glibc.');
    expect(wrong).toContain('Hint: Which one is the small library?');
    expect(wrong).not.toContain('musl keeps thread stacks small.');
    expect(wrong).not.toMatch(/The answer:/);
    t.stdin.write('2');
    const f = await t.wait('✓ Right (at try 2).');
    expect(f).toContain('musl keeps thread stacks small.');
    expect(f).toContain('0 right first try');
    expect(t.calls).toContain('answer stacks/quiz/q1 false');
    expect(t.calls).toContain('answer stacks/quiz/q1 true');
    await until(() => JSON.stringify(t.progress().lessons.stacks?.steps.quiz?.questions?.q1 ?? {}), has('"ok":true'), 'the record');
    expect(t.progress().lessons.stacks!.steps.quiz!.questions!.q1).toMatchObject({ ok: true, firstTry: false, tries: 2 });
    t.unmount();
  });

  it('a short answer takes the keys at once: "loader" is typed, not l (lessons), a, e (edit), r (run)', async () => {
    const t = mount({ lesson: 'stacks' });
    await t.wait('step 1 of 4');
    t.stdin.write('nnn');
    await t.wait('Which library gives threads 128 KiB?');
    t.stdin.write('\t');
    await t.wait('On musl, what program is ldd really?');
    await t.wait('your answer: ▏');
    for (const ch of 'loader') {
      t.stdin.write(ch);
      await new Promise((r) => setTimeout(r, 5));
    }
    const typed = await t.wait('your answer: loader▏');
    expect(typed).toContain('step 4 of 4');
    expect(t.left).toEqual([]); // e did not leave for the editor
    expect(t.pending).toEqual([]); // r did not run anything
    t.stdin.write('\r');
    const f = await t.wait('✓ Right, at the first try.');
    expect(f).toContain('Accepted answers: the dynamic loader (ld-musl)');
    expect(f).not.toContain('loader|ld-musl'); // never the raw pattern
    expect(t.calls).toContain('answer stacks/quiz/q2 true');
    t.unmount();
  });

  it('a wrong short answer: a nudge first; the second wrong try shows the accepted answers in words, recorded as revealed', async () => {
    const t = mount({ lesson: 'stacks' });
    await t.wait('step 1 of 4');
    t.stdin.write('nnn');
    await t.wait('Which library');
    t.stdin.write('\t');
    await t.wait('your answer: ▏');
    t.stdin.write('libc\r');
    const nudge = await t.wait('Not quite: you answered "libc".');
    expect(nudge).not.toContain('Accepted answers');
    expect(nudge).toContain('One more wrong answer shows the answer');
    t.stdin.write('gcc\r');
    const shown = await t.wait('Accepted answers: the dynamic loader (ld-musl)');
    expect(shown).toContain('ldd is the loader under another name.');
    expect(shown).toContain('The answer is shown (and recorded as shown)');
    await until(() => t.calls.join('\n'), has('reveal stacks/quiz/q2'), 'the reveal recorded');
    t.unmount();
  });

  it('the lesson-complete summary: what the runs proved, checklist, hints and reveals, time, what comes next', async () => {
    const t = mount({ lesson: 'stacks' });
    await t.wait('step 1 of 4');
    t.stdin.write('n');
    await t.wait('r run');
    t.stdin.write('r');
    await t.wait('Running');
    t.pending[0]!.resolve({ ...crashResult(true), step: 'crash' });
    await t.wait('→ next: Fix it');
    t.stdin.write('n');
    await t.wait('h hint');
    t.stdin.write('h');
    await t.wait('Hint 1 of 2');
    t.stdin.write('r');
    await t.wait('Running');
    t.pending[1]!.resolve(crashResult(true));
    await t.wait('→ next: Quiz');
    t.stdin.write('n');
    await t.wait('Which library');
    t.stdin.write('1');
    await t.wait('Not quite');
    t.stdin.write('2');
    await t.wait('✓ Right (at try 2).');
    t.stdin.write('\t');
    await t.wait('your answer: ▏');
    t.stdin.write('loader\r');
    await t.wait('→ next: the lesson summary');
    t.stdin.write('\u001b[C'); // →
    const f = await t.wait('Lesson finished: Thread stacks');
    expect(f).toMatch(/What the runs proved\n\s+✓ The crash: shown: 2 of 2 checks held in glibc and musl\n\s+✓ Fix it: your fix passed: 2 of 2 checks held/);
    expect(f).toMatch(/earned: Set a stack size/);
    expect(f).toMatch(/hints used: 1 · solutions viewed: 0 · time: /);
    expect(f).toContain('quiz: 1 of 2 right at the first try; 0 answers shown');
    expect(f).toContain('That was the last lesson.');
    expect(f).toMatch(/← last step/);
    t.unmount();
  });

  it('e on an experiment: a scratch copy; its run is "your variant" and is never recorded as a run of the step', async () => {
    const t = mount({ lesson: 'stacks', editor: null });
    await t.wait('step 1 of 4');
    t.stdin.write('n');
    await t.wait('e: change a copy of it');
    t.stdin.write('e');
    const n = await t.wait('Your variant is at /data/workspace/stacks/variants/crash/a.c');
    expect(n).toMatch(/Your variant of c-src\/stacks\/a\.c/);
    expect(n).toContain('/* mine */');
    expect(t.tinkered).toEqual(['crash']);
    t.stdin.write('r');
    await t.wait('Running');
    t.pending[0]!.resolve({ ...crashResult(false), step: 'crash' });
    const f = await t.wait('Your variant: 1 of 2 expectations hold');
    expect(f).toContain('Not counted as a pass or fail: it is your variant');
    await new Promise((r) => setTimeout(r, 50));
    expect(t.calls.filter((c) => c.startsWith('record stacks/crash'))).toEqual([]);
    expect(f).toContain('z reset variant');
    t.stdin.write('z');
    await t.wait("Go back to the lesson's own program?");
    t.stdin.write('y');
    const back = await t.wait('Back to the shipped program. Your variant is kept as');
    expect(back).toContain('Program: c-src/stacks/a.c');
    t.unmount();
  });

  it('progress that cannot be saved is said on every screen', async () => {
    const t = mount({ unsaved: '/ro cannot be written (EACCES). Set MUSL_LAB_HOME to a folder you can write.' });
    const list = await t.wait('lab ready');
    expect(list).toContain('Progress is not being saved: /ro cannot be written (EACCES).');
    t.stdin.write('j\r');
    expect(await t.wait('Every thread has a stack.')).toContain('Progress is not being saved: /ro cannot be written');
    t.stdin.write('?');
    const help = await t.wait('All keys');
    expect(help).toContain('Progress is not being saved: /ro');
    t.unmount();
  });

  it('Docker unreachable: lessons still readable, the status line says what is missing', async () => {
    const { LabError } = await import('../../src/errors.js');
    const t = mount({ images: new LabError('docker-unreachable', 'Docker is not reachable at /var/run/docker.sock.', 'Start the Docker engine.') });
    const f = await t.wait('Docker not reachable');
    expect(f).toContain('Start the Docker engine.');
    t.stdin.write('j\r');
    await t.wait('Every thread has a stack.');
    t.unmount();
  });

  it('images missing: b builds them with progress shown', async () => {
    const t = mount({ images: { status: 'missing', missing: ['musl'] } });
    await t.wait('lab images missing: musl');
    await t.wait('b build images');
    t.stdin.write('b');
    await t.wait('The lab images are built.');
    expect(t.builds()).toBe(1);
    t.unmount();
  });

  it('checklist and help screens', async () => {
    const t = mount();
    await t.wait('lab ready');
    t.stdin.write('x');
    const c = await t.wait('Self-assessment checklist');
    // what the lessons show, with the evidence: which tasks and quizzes passed
    expect(c).toMatch(/Set a stack size\n\s+\[pending\] lessons: Thread stacks \(pending\)\n\s+nothing passed yet · not yet: Fix it; Quiz\n\s+you: \[ \] I can explain this/);
    expect(c).toMatch(/enter open its lesson/);
    expect(c).toMatch(/DNS\n\s+\[planned\]/);
    // the learner's own tick is kept next to what the lessons show
    t.stdin.write(' ');
    await until(() => t.calls.join('\n'), has('self set-stack-size true'), 'the tick');
    const ticked = await t.wait('[✓] I can explain this');
    expect(ticked).toMatch(/\[pending\] lessons: Thread stacks/);
    // enter opens the lesson that teaches the item
    t.stdin.write('\r');
    await t.wait('Thread stacks  ·  step 1 of 4');
    t.stdin.write('x');
    await t.wait('Self-assessment checklist');
    t.stdin.write('?');
    await t.wait('All keys');
    // the help is taller than 30 rows: scroll through it
    let h = '';
    for (let i = 0; i < 8; i++) {
      t.stdin.write('\u001b[6~');
      await new Promise((r) => setTimeout(r, 20));
      h += t.lastFrame();
    }
    expect(h).toMatch(/reset this lesson/);
    expect(h).toMatch(/one more hint/);
    expect(h).toMatch(/I can explain this/);
    t.stdin.write('q');
    await until(() => String(t.left.length), (n) => n === '1', 'quit');
    expect(t.left[0]).toEqual({ kind: 'quit' });
    t.unmount();
  });

  it('e steps aside for the editor with the workspace file', async () => {
    const t = mount({ lesson: 'stacks' });
    await t.wait('step 1 of 4');
    t.stdin.write('nn');
    await t.wait('e edit');
    t.stdin.write('e');
    await until(() => String(t.left.length), (n) => n === '1', 'leave');
    expect(t.left[0]).toEqual({ kind: 'edit', file: '/data/workspace/stacks/w.c', key: 'stacks/fix' });
    expect(t.tinkered).toEqual([]);
    t.unmount();
  });

  it('reset one lesson asks first and says where the old file went', async () => {
    const t = mount({ lesson: 'stacks' });
    await t.wait('z reset lesson');
    t.stdin.write('z');
    await t.wait('y resets, any other key keeps it');
    t.stdin.write('y');
    await t.wait('Your old file is kept as /data/workspace/stacks/w.c.bak-1');
    expect(t.calls).toContain('reset stacks');
    t.unmount();
  });

  it('--plain: no box drawing symbols or spinners; 80 columns stacks the environments', async () => {
    const t = mount({ lesson: 'stacks', plain: true, cols: 80 });
    await t.wait('step 1 of 4');
    t.stdin.write('nn');
    await t.wait('r run');
    t.stdin.write('r');
    await t.wait('Running');
    t.pending[0]!.onEnv('musl', 'running');
    const f = await t.wait(/musl\s+running\.\.\./);
    expect(f).not.toMatch(/[▸✓✗◐○⠋⠙⠹…]/);
    t.pending[0]!.resolve(crashResult(false));
    const d = await t.wait('Not yet');
    expect(d).toMatch(/FAIL musl: exit/);
    for (const line of d.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const glibcRow = d.split('\n').findIndex((l) => l.startsWith('glibc'));
    const muslRow = d.split('\n').findIndex((l) => l.startsWith('musl '));
    expect(muslRow).toBeGreaterThan(glibcRow); // stacked, not side by side
    t.unmount();
  });
});
