/**
 * Progress that tells the truth: first-try and eventual quiz results apart,
 * reveals, runs, hints, solutions, time and the learner's own tick recorded;
 * version 1 files migrated (not set aside); FIFOs, huge files, unwritable
 * folders and leftovers of crashed writes handled with a clear word.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nextAnswer } from '../../src/check/quiz.js';
import type { Lesson } from '../../src/lessons/load.js';
import type { CourseIndex } from '../../src/lessons/schema.js';
import { addTime, recordAnswer, recordHints, recordReveal, recordRun, recordSolutionViewed, setSelfCheck } from '../../src/progress/record.js';
import { progressReport, renderProgressMarkdown, renderProgressText } from '../../src/progress/report.js';
import { PROGRESS_VERSION, emptyProgress } from '../../src/progress/schema.js';
import { lessonStatus } from '../../src/progress/status.js';
import { ProgressStore } from '../../src/progress/store.js';
import { makeStyle } from '../../src/term/style.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const STORE = path.join(ROOT, 'src/progress/store.ts');
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-progress2-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) {
    chmodSync(d, 0o755);
    rmSync(d, { recursive: true, force: true });
  }
});
const AT = '2025-01-01T00:00:00.000Z';

const quizLesson = {
  id: 'l',
  title: 'L',
  checklist: ['c1'],
  steps: [
    { id: 'run', kind: 'experiment' },
    { id: 'fix', kind: 'task' },
    { id: 'quiz', kind: 'quiz', questions: [{ id: 'a' }, { id: 'b' }] },
  ],
} as unknown as Lesson;
const index = { formatVersion: 1, title: 't', lessons: ['l'], checklist: [{ id: 'c1', text: 'Explain the loader' }] } as CourseIndex;
const course = { root: '', index, lessons: [quizLesson], missing: [] };

describe('quiz answers (pure)', () => {
  it('wrong then right is not first-try right; the second wrong answer reveals', () => {
    let a = nextAnswer(undefined, '1', false);
    expect(a).toMatchObject({ ok: false, firstTry: false, tries: 1, revealed: false });
    a = nextAnswer(a, '2', true);
    expect(a).toMatchObject({ ok: true, last: true, firstTry: false, tries: 2, revealed: false });
    let b = nextAnswer(undefined, 'x', false);
    b = nextAnswer(b, 'y', false);
    expect(b.revealed).toBe(true);
    const c = nextAnswer(nextAnswer(undefined, 'ok', true), 'wrong later', false);
    expect(c).toMatchObject({ ok: true, firstTry: true, last: false, revealed: false });
  });

  it('the record keeps the first try for good, the eventual result, tries and reveals', () => {
    let d = recordAnswer(emptyProgress(), 'l', 'quiz', 'a', false, ['a', 'b'], AT);
    d = recordAnswer(d, 'l', 'quiz', 'a', true, ['a', 'b'], AT);
    d = recordAnswer(d, 'l', 'quiz', 'b', true, ['a', 'b'], AT);
    d = recordAnswer(d, 'l', 'quiz', 'b', false, ['a', 'b'], AT);
    const q = d.lessons.l!.steps.quiz!.questions!;
    expect(q.a).toMatchObject({ ok: true, firstTry: false, tries: 2 });
    expect(q.b).toMatchObject({ ok: true, firstTry: true, tries: 2 });
    expect(d.lessons.l!.steps.quiz!.status).toBe('passed');
    d = recordReveal(d, 'l', 'quiz', 'a', AT);
    expect(d.lessons.l!.steps.quiz!.questions!.a).toMatchObject({ revealed: true, ok: true, firstTry: false });
    const r = progressReport(course, d, '/p');
    expect(r.lessons[0]!.steps.quiz!.quiz).toEqual({ questions: 2, firstTryRight: 1, right: 2, revealed: 1, firstTryUnknown: 0 });
  });

  it('an answer shown before any try is recorded as revealed, not right', () => {
    const d = recordReveal(emptyProgress(), 'l', 'quiz', 'a', AT);
    expect(d.lessons.l!.steps.quiz!.questions!.a).toMatchObject({ ok: false, revealed: true, tries: 0 });
  });
});

describe('runs, hints, solutions, time, own tick (pure)', () => {
  it('an experiment run counts as run, never as passed; a task run is an attempt or a pass', () => {
    let d = recordRun(emptyProgress(), 'l', 'run', 'experiment', true, AT);
    expect(d.lessons.l!.steps.run).toMatchObject({ status: 'seen', attempts: 1 });
    d = recordRun(d, 'l', 'fix', 'task', false, AT);
    d = recordRun(d, 'l', 'fix', 'task', true, AT);
    d = recordRun(d, 'l', 'fix', 'task', false, AT);
    expect(d.lessons.l!.steps.fix).toMatchObject({ status: 'passed', attempts: 3 });
    const r = progressReport(course, d, '/p').lessons[0]!.steps;
    expect(r.run!.status).toBe('ran');
    expect(r.fix!.status).toBe('passed');
  });

  it('a lesson of experiments only is done when each was run, not just opened', () => {
    const only = { id: 'e', steps: [{ id: 'x', kind: 'experiment' }] } as unknown as Lesson;
    const opened = addTime(emptyProgress(), 'e', 'x', 5000, AT);
    expect(lessonStatus(opened, only)).toBe('in-progress');
    expect(lessonStatus(recordRun(opened, 'e', 'x', 'experiment', true, AT), only)).toBe('done');
  });

  it('hints only grow, the solution view sticks, time adds up, the own tick is kept apart from the evidence', () => {
    let d = recordHints(emptyProgress(), 'l', 'fix', 2, AT);
    d = recordHints(d, 'l', 'fix', 1, AT);
    d = recordSolutionViewed(d, 'l', 'fix', AT);
    d = addTime(addTime(d, 'l', 'fix', 60_000, AT), 'l', 'fix', 120_000, AT);
    d = setSelfCheck(d, 'c1', true, AT);
    expect(d.lessons.l!.steps.fix).toMatchObject({ hints: 2, solutionViewed: true, timeMs: 180_000, status: 'seen' });
    // viewed before the step passed, and again after: both kept, so an instructor can tell them apart
    expect(d.lessons.l!.steps.fix).toMatchObject({ solutionBeforePass: true });
    expect(d.lessons.l!.steps.fix!.solutionAfterPass).toBeUndefined();
    const after = recordSolutionViewed(recordRun(emptyProgress(), 'l', 'fix', 'task', true, AT), 'l', 'fix', AT);
    expect(after.lessons.l!.steps.fix).toMatchObject({ solutionViewed: true, solutionAfterPass: true });
    expect(after.lessons.l!.steps.fix!.solutionBeforePass).toBeUndefined();
    const r = progressReport(course, d, '/p');
    expect(r.checklist[0]).toMatchObject({ status: 'in-progress', selfChecked: AT });
    const md = renderProgressMarkdown(r);
    expect(md).toMatch(/\| Explain the loader \| lessons: in progress \(l\) \| yes \(2025-01-01\) \|/);
    expect(md).toMatch(/\| l \| fix \| opened \|  \| 2 \| viewed \|  \| 3 min \|/);
    const text = renderProgressText(r, makeStyle({ color: false }));
    expect(text).toMatch(/lessons: in progress \(l\) · you: "I can explain this"/);
    expect(text).toMatch(/fix: opened · 2 hints · solution viewed · 3 min/);
    expect(renderProgressText(progressReport(course, setSelfCheck(d, 'c1', false, AT), '/p'), makeStyle({ color: false }))).toMatch(/you: not ticked/);
  });
});

describe('migration', () => {
  it('a version 1 file loads (not set aside); what it knew is kept, first tries stay unknown; the next write is version 2', async () => {
    const file = path.join(tmp(), 'progress.json');
    const v1 = { version: 1, updatedAt: AT, current: { lesson: 'l', step: 'quiz' }, lessons: { l: { steps: { fix: { status: 'passed', at: AT }, quiz: { status: 'passed', at: AT, questions: { a: { ok: true, at: AT }, b: { ok: true, at: AT } } } } } } };
    writeFileSync(file, JSON.stringify(v1));
    const warnings: string[] = [];
    const s = new ProgressStore({ file, onWarning: (w) => warnings.push(w) });
    const d = s.read();
    expect(warnings).toEqual([]);
    expect(d.version).toBe(PROGRESS_VERSION);
    expect(d.lessons.l!.steps.fix!.status).toBe('passed');
    expect(d.current).toEqual({ lesson: 'l', step: 'quiz' });
    expect(d.lessons.l!.steps.quiz!.questions!.a!.firstTry).toBeUndefined();
    expect(progressReport(course, d, file).lessons[0]!.steps.quiz!.quiz).toMatchObject({ firstTryRight: 0, firstTryUnknown: 2 });
    // answering again does not invent a first try
    await s.recordAnswer('l', 'quiz', 'a', false, ['a', 'b']);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after.version).toBe(2);
    expect(after.lessons.l.steps.quiz.questions.a).toMatchObject({ ok: true, tries: 1 });
    expect(after.lessons.l.steps.quiz.questions.a.firstTry).toBeUndefined();
    expect(readdirSync(path.dirname(file)).filter((f) => f.includes('corrupt'))).toEqual([]);
  });
});

describe('files that are not progress files', () => {
  it('a FIFO in place of the file is refused at once with a clear message (it would block a read forever)', () => {
    const file = path.join(tmp(), 'progress.json');
    execFileSync('mkfifo', [file]);
    expect(() => new ProgressStore({ file }).read()).toThrow(/is a named pipe \(FIFO\), not a file/);
    // and the command does not hang: it says so and exits
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'progress'], { cwd: ROOT, env: { ...process.env, MUSL_LAB_HOME: path.dirname(file), NO_COLOR: '1' }, timeout: 30_000, encoding: 'utf8' });
    expect(r.signal).toBeNull();
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/named pipe \(FIFO\)[\s\S]*next:\s+Move it away/);
  }, 40_000);

  it('an absurdly large file gets a clear message and is left untouched', () => {
    const file = path.join(tmp(), 'progress.json');
    writeFileSync(file, '');
    truncateSync(file, 11 * 1024 * 1024); // sparse: no 11 MB written
    expect(() => new ProgressStore({ file }).read()).toThrow(/is 11 MB; a progress file is a few KB/);
    expect(existsSync(file)).toBe(true);
  });

  it('orphan .tmp files of crashed writes are removed at the next start; a live writer\'s is kept', () => {
    const dir = tmp();
    const file = path.join(dir, 'progress.json');
    const dead = path.join(dir, '.progress.json.tmp-999999-deadbeef');
    const live = path.join(dir, `.progress.json.tmp-4242-cafe`);
    const other = path.join(dir, 'notes.txt.tmp-999999-x');
    const probe = path.join(dir, '.progress.json.probe-999998');
    for (const f of [dead, live, other, probe]) writeFileSync(f, '{"half": ');
    const removed = new ProgressStore({ file, isAlive: (pid) => pid === 4242 }).prepare();
    expect(removed).toBe(2);
    expect(existsSync(probe)).toBe(false);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});

/** Run the store in a child process as an unprivileged user (root ignores folder permissions). */
function asNobody(code: string): { status: number | null; stdout: string; stderr: string } {
  const asRoot = process.getuid?.() === 0;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    ...(asRoot ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: '/tmp', TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json') } } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a folder that cannot be written', () => {
  it('says so at once, keeps progress in memory for the session, and leaves the folder alone', () => {
    const dir = tmp();
    const file = path.join(dir, 'progress.json');
    writeFileSync(file, JSON.stringify({ ...emptyProgress(AT), lessons: { l: { steps: { fix: { status: 'attempted', at: AT } } } } }));
    chmodSync(file, 0o644);
    chmodSync(dir, 0o555);
    const before = readFileSync(file, 'utf8');
    const code = `
      import { ProgressStore } from ${JSON.stringify(STORE)};
      const s = new ProgressStore({ file: ${JSON.stringify(file)} });
      const first = s.read();
      s.prepare();
      const atStart = s.saveProblem();
      const d = await s.recordRun('l', 'fix', 'task', true);
      console.log(JSON.stringify({ atStart, status: d.lessons.l.steps.fix.status, was: first.lessons.l.steps.fix.status, problem: s.saveProblem() }));
    `;
    const r = asNobody(code);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.atStart).toMatch(/^\/.* cannot be written \(EACCES\)\. Set MUSL_LAB_HOME/);
    expect(out).toMatchObject({ status: 'passed', was: 'attempted' });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['progress.json']);
  }, 40_000);

  it('a write that fails later (not known at start) also switches to memory and says so', async () => {
    const dir = tmp();
    const file = path.join(dir, 'sub', 'progress.json');
    mkdirSync(path.dirname(file));
    const code = `
      import { chmodSync } from 'node:fs';
      import { ProgressStore } from ${JSON.stringify(STORE)};
      const s = new ProgressStore({ file: ${JSON.stringify(file)} });
      s.prepare();
      const ok = s.saveProblem();
      await s.recordStep('l', 'a', 'seen');
      chmodSync(${JSON.stringify(path.dirname(file))}, 0o555);
      const d = await s.recordStep('l', 'b', 'seen');
      console.log(JSON.stringify({ ok: ok ?? null, steps: Object.keys(d.lessons.l.steps), problem: s.saveProblem() }));
    `;
    chmodSync(dir, 0o777);
    if (process.getuid?.() === 0) chownSync(path.dirname(file), 65534, 65534); // the child changes its mode
    const r = asNobody(code);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBeNull();
    expect(out.steps).toEqual(['a', 'b']);
    expect(out.problem).toMatch(/cannot be written \(EACCES\)/);
    chmodSync(path.dirname(file), 0o755);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).lessons.l.steps)).toEqual(['a']);
  }, 40_000);
});
