/**
 * The progress store: keyed by ids, atomic, one writer, merge under the lock,
 * corrupt files kept aside, and nothing lost when writers race or die.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lessons/load.js';
import type { CourseIndex } from '../../src/lessons/schema.js';
import { withLock } from '../../src/util/lock.js';
import { dataDir } from '../../src/util/data-dir.js';
import { recordAnswer, recordStep, resetLesson, setCurrent } from '../../src/progress/record.js';
import { progressReport, renderProgressMarkdown } from '../../src/progress/report.js';
import { emptyProgress } from '../../src/progress/schema.js';
import { checklistStatus, lessonStatus } from '../../src/progress/status.js';
import { ProgressStore } from '../../src/progress/store.js';

const STORE = path.resolve(import.meta.dirname, '../../src/progress/store.ts');
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-progress-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const AT = '2025-01-01T00:00:00.000Z';
const lesson = (id: string, steps: { id: string; kind: string; [k: string]: unknown }[], checklist: string[] = ['c1']) => ({ id, title: id.toUpperCase(), steps, checklist }) as unknown as Lesson;

describe('records (pure)', () => {
  it('never downgrades a pass; keys by ids', () => {
    let d = recordStep(emptyProgress(), 'l1', 'fix', 'passed', AT);
    d = recordStep(d, 'l1', 'fix', 'attempted', AT);
    expect(d.lessons.l1!.steps.fix!.status).toBe('passed');
  });

  it('a quiz passes when every question was answered right once', () => {
    let d = recordAnswer(emptyProgress(), 'l', 'q', 'a', true, ['a', 'b'], AT);
    expect(d.lessons.l!.steps.q!.status).toBe('attempted');
    d = recordAnswer(d, 'l', 'q', 'b', false, ['a', 'b'], AT);
    d = recordAnswer(d, 'l', 'q', 'b', true, ['a', 'b'], AT);
    d = recordAnswer(d, 'l', 'q', 'a', false, ['a', 'b'], AT);
    expect(d.lessons.l!.steps.q!.status).toBe('passed');
    expect(d.lessons.l!.steps.q!.questions!.a!.ok).toBe(true);
  });

  it('reset one lesson keeps the others; current is kept by id', () => {
    let d = recordStep(emptyProgress(), 'a', 's', 'passed', AT);
    d = recordStep(d, 'b', 's', 'passed', AT);
    d = setCurrent(d, 'b', 's', AT);
    d = resetLesson(d, 'a', AT);
    expect(Object.keys(d.lessons)).toEqual(['b']);
    expect(d.current).toEqual({ lesson: 'b', step: 's' });
  });
});

describe('status', () => {
  const l1 = lesson('l1', [{ id: 'intro', kind: 'explain' }, { id: 'fix', kind: 'task' }, { id: 'quiz', kind: 'quiz', questions: [{ id: 'q' }] }], ['c1']);
  const l2 = lesson('l2', [{ id: 'e', kind: 'experiment' }], ['c1', 'c2']);
  const index = { formatVersion: 1, title: 't', lessons: ['l1', 'l2', 'gone'], checklist: [{ id: 'c1', text: 'one' }, { id: 'c2', text: 'two' }, { id: 'c3', text: 'three', plannedIn: 'later' }] } as CourseIndex;

  it('done / in progress / pending from graded steps; unknown lessons and steps ignored', () => {
    let d = recordStep(emptyProgress(), 'renamed-lesson', 'x', 'passed', AT);
    d = recordStep(d, 'l1', 'old-step-id', 'passed', AT);
    expect(lessonStatus(d, l1)).toBe('pending');
    d = recordStep(d, 'l1', 'intro', 'seen', AT);
    expect(lessonStatus(d, l1)).toBe('in-progress');
    d = recordStep(d, 'l1', 'fix', 'passed', AT);
    d = recordStep(d, 'l1', 'quiz', 'passed', AT);
    expect(lessonStatus(d, l1)).toBe('done');
    expect(checklistStatus(index, [l1, l2], d).map((c) => [c.id, c.status])).toEqual([
      ['c1', 'in-progress'],
      ['c2', 'pending'],
      ['c3', 'planned'],
    ]);
    d = recordStep(d, 'l2', 'e', 'passed', AT);
    expect(checklistStatus(index, [l1, l2], d)[0]!.status).toBe('done');
    const report = progressReport({ root: '', index, lessons: [l1, l2], missing: [{ id: 'gone', problem: 'not written yet' }] }, d, '/x/progress.json');
    expect(report.lessons.map((l) => l.status)).toEqual(['done', 'done', 'not-written']);
    expect(renderProgressMarkdown(report)).toMatch(/\| one \| lessons: done/);
  });
});

describe('where the data lives', () => {
  it('MUSL_LAB_HOME, else XDG_DATA_HOME/musl-lab, else the platform default', () => {
    expect(dataDir({ MUSL_LAB_HOME: '/a/b' })).toBe('/a/b');
    expect(dataDir({ XDG_DATA_HOME: '/x/share' })).toBe('/x/share/musl-lab');
    expect(dataDir({})).toMatch(/musl-lab$/);
  });
});

describe('the store', () => {
  it('a missing file is empty progress; updates are written and re-read', async () => {
    const file = path.join(tmp(), 'sub', 'progress.json');
    const s = new ProgressStore({ file });
    expect(s.read().lessons).toEqual({});
    await s.recordStep('l1', 'fix', 'passed');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 2, lessons: { l1: { steps: { fix: { status: 'passed' } } } } });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('keeps lessons it does not know untouched', async () => {
    const file = path.join(tmp(), 'progress.json');
    writeFileSync(file, JSON.stringify({ version: 1, updatedAt: AT, lessons: { 'old-name': { steps: { s: { status: 'passed', at: AT } } } } }));
    await new ProgressStore({ file }).recordStep('new', 's', 'seen');
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).lessons).sort()).toEqual(['new', 'old-name']);
  });

  it('a corrupt file is moved aside with a warning, never overwritten', async () => {
    const dir = tmp();
    const file = path.join(dir, 'progress.json');
    writeFileSync(file, '{"version": 1, "lessons": {');
    const warnings: string[] = [];
    const s = new ProgressStore({ file, onWarning: (w) => warnings.push(w), now: () => new Date(AT) });
    await s.recordStep('l', 's', 'passed');
    const aside = readdirSync(dir).filter((f) => f.startsWith('progress.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe('{"version": 1, "lessons": {');
    expect(warnings[0]).toMatch(/not valid JSON; it was kept as .*corrupt-/);
  });

  it('a file of the wrong shape is kept aside too', () => {
    const dir = tmp();
    const file = path.join(dir, 'progress.json');
    writeFileSync(file, JSON.stringify({ version: 1, lessons: [] }));
    const warnings: string[] = [];
    new ProgressStore({ file, onWarning: (w) => warnings.push(w) }).read();
    expect(warnings).toHaveLength(1);
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(true);
  });

  it('a file from a newer musl-lab is an error with a next step, and left alone', async () => {
    const file = path.join(tmp(), 'progress.json');
    const text = JSON.stringify({ version: 99, stuff: true });
    writeFileSync(file, text);
    await expect(new ProgressStore({ file }).recordStep('l', 's', 'passed')).rejects.toMatchObject({ next: expect.stringMatching(/Update musl-lab/) });
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('merges on write: a second instance with an old view does not lose the first one\'s progress', async () => {
    const file = path.join(tmp(), 'progress.json');
    const a = new ProgressStore({ file });
    const b = new ProgressStore({ file });
    a.read();
    b.read();
    await a.recordStep('l', 'one', 'passed');
    await b.recordStep('l', 'two', 'passed');
    expect(Object.keys(new ProgressStore({ file }).read().lessons.l!.steps).sort()).toEqual(['one', 'two']);
  });
});

describe('the lock', () => {
  it('a lock left by a dead process is taken over', async () => {
    const lock = path.join(tmp(), 'progress.json.lock');
    writeFileSync(lock, `999999\n${os.hostname()}\n`);
    const got = await withLock(lock, () => 'mine', { isAlive: () => false, timeoutMs: 500 });
    expect(got).toBe('mine');
    expect(existsSync(lock)).toBe(false);
  });

  it('a live owner is waited for, then the wait gives up with a next step', async () => {
    const lock = path.join(tmp(), 'progress.json.lock');
    writeFileSync(lock, `${process.pid}\n${os.hostname()}\n`);
    await expect(withLock(lock, () => 1, { timeoutMs: 100 })).rejects.toMatchObject({ next: expect.stringMatching(/delete .*\.lock/) });
  });
});

/** A child process that records `n` steps named `<prefix>-<i>`, printing each after it is written. */
function writer(file: string, prefix: string, n: number) {
  const code = `
    import { ProgressStore } from ${JSON.stringify(STORE)};
    const s = new ProgressStore({ file: ${JSON.stringify(file)} });
    for (let i = 0; i < ${n}; i++) { await s.recordStep('race', '${prefix}-' + i, 'passed'); process.stdout.write('${prefix}-' + i + '\\n'); }
  `;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

const done = (c: ReturnType<typeof spawn>) => new Promise<number | null>((r) => c.on('exit', (code) => r(code)));

describe('processes', () => {
  it('two processes writing at once lose nothing', async () => {
    const file = path.join(tmp(), 'progress.json');
    const [a, b] = [writer(file, 'a', 40), writer(file, 'b', 40)];
    expect(await Promise.all([done(a), done(b)])).toEqual([0, 0]);
    const steps = Object.keys(new ProgressStore({ file }).read().lessons.race!.steps);
    expect(steps).toHaveLength(80);
  }, 60_000);

  it('a writer killed mid-write leaves an intact file with everything it had confirmed, and its lock is taken over', async () => {
    const file = path.join(tmp(), 'progress.json');
    // a large file makes each write take a while, so the kill lands inside one
    const big = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`filler-${i}`, { steps: { s: { status: 'passed', at: AT } } }]));
    writeFileSync(file, JSON.stringify({ version: 1, updatedAt: AT, lessons: big }));
    const child = writer(file, 'k', 100000);
    const confirmed: string[] = [];
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (b: Buffer) => {
        confirmed.push(...b.toString().split('\n').filter(Boolean));
        if (confirmed.length >= 15) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await done(child);
    const s = new ProgressStore({ file, onWarning: (w) => expect.fail(`the file was damaged: ${w}`) });
    const data = s.read();
    expect(Object.keys(data.lessons)).toHaveLength(3001);
    for (const id of confirmed) expect(data.lessons.race!.steps[id]?.status).toBe('passed');
    // the killed process may have held the lock: the next writer takes it over
    await s.recordStep('after', 'kill', 'passed');
    expect(new ProgressStore({ file }).read().lessons.after).toBeDefined();
  }, 60_000);
});
