/**
 * The lesson check: every lesson's expectations proven against the real
 * environments, by the real `musl-lab verify` with its default jobs, run once
 * for the whole course (the content's proof must pass as users run it, not
 * only lesson by lesson). Every experiment holds, every starter fails as its
 * lesson says (and does not already pass), every solution passes, every kept
 * wrong solution fails; no file missing or stray; every checklist item covered.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintCourse, loadCourse } from '../../src/lessons/load.js';
import type { Check, VerifyReport } from '../../src/lessons/verify.js';
import { caughtLine } from '../../src/report/verify-view.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'musl-lab.js');
const course = loadCourse(ROOT);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-verify-'));
const env = { NO_COLOR: '1', MUSL_LAB_HOME: tmp };
let run: { exitCode?: number; stderr: string; timedOut: boolean };
let report: VerifyReport;

// The whole course once, with the default jobs, as `musl-lab verify` runs it (a few minutes).
beforeAll(async () => {
  run = await execa('node', [BIN, 'verify', '--out', path.join(tmp, 'results')], { reject: false, env, timeout: 45 * 60_000 });
  report = JSON.parse(await readFile(path.join(tmp, 'results', 'verify.json'), 'utf8')) as VerifyReport;
}, 46 * 60_000);
afterAll(async () => {
  await execa('node', [BIN, 'stop'], { reject: false, env }); // its warm environments
  await rm(tmp, { recursive: true, force: true });
});

function explain(failed: Check[]): string {
  return failed
    .map((c) => {
      const rows = c.result.variants.flatMap((v) => v.verdicts.filter((d) => !d.ok).map((d) => `    ${v.id}: ${d.label}: expected ${d.expected}; got ${d.actual} (${d.reason})`));
      // a wrong solution fails this check when an environment that must catch it did not
      const where = c.wrong ? `\n    ${c.wrong.file}: ${caughtLine(c.wrong)}` : '';
      return `  ${c.step} (${c.kind})${where}\n${rows.join('\n')}`;
    })
    .join('\n');
}

describe('the course', () => {
  it('has no author problems (stray or missing files, unknown or uncovered checklist items)', () => {
    expect(lintCourse(course)).toEqual([]);
  });

  it('keeps a plausible wrong solution for every task, as a fixture the check below proves fails', () => {
    const tasks = course.lessons.flatMap((l) => l.steps.filter((s) => s.kind === 'task').map((s) => ({ lesson: l.id, step: s })));
    expect(tasks.length).toBeGreaterThan(0);
    const without = tasks.filter(({ step }) => step.kind === 'task' && step.wrongSolutions.length === 0).map(({ lesson, step }) => `${lesson}/${step.id}`);
    expect(without, 'tasks without a wrongSolutions fixture').toEqual([]);
  });

  it('has unique lesson ids and every lesson covers at least one checklist item', () => {
    const ids = course.lessons.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of course.lessons) expect(l.checklist.length).toBeGreaterThan(0);
  });
});

describe('musl-lab verify, every lesson, default jobs', () => {
  it('completes with exit 0 and no failed check', () => {
    expect(run.timedOut).toBe(false);
    expect(run.stderr).not.toMatch(/^error: /m);
    expect(report.summary.failed, explain(report.lessons.flatMap((l) => l.checks).filter((c) => !c.passed))).toBe(0);
    expect(report.lessons.map((l) => l.id)).toEqual(course.lessons.map((l) => l.id));
    expect(run.exitCode).toBe(0);
  });
});

describe.each(course.lessons.map((l) => [l.id]))('lesson %s', (id) => {
  it('every expectation holds in the real environments', () => {
    const checks = report.lessons.find((l) => l.id === id)?.checks ?? [];
    expect(checks.length).toBeGreaterThan(0);
    const failed = checks.filter((c) => !c.passed);
    expect(failed, `failed checks:\n${explain(failed)}`).toEqual([]);
    // Each task's wrong-solution fixtures ran, and each one failed its expectations.
    const lesson = course.lessons.find((l) => l.id === id)!;
    const wrong = lesson.steps.flatMap((s) => (s.kind === 'task' ? s.wrongSolutions.map((w) => `${s.id}:${w.file}`) : []));
    const provenWrong = checks.filter((c) => c.kind === 'wrong solution fails' && c.passed && !c.result.passed).map((c) => `${c.step}:${c.wrong!.file}`);
    expect(provenWrong.sort()).toEqual(wrong.sort());
  });
});
