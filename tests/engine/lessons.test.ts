/**
 * The lesson check: every lesson's expectations proven against the real
 * environments. Every experiment holds, every starter fails as its lesson
 * says (and does not already pass), every solution passes, every kept wrong
 * solution fails; no file missing or stray; every checklist item covered.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintCourse, loadCourse } from '../../src/lessons/load.js';
import { verifyLessons, type Check } from '../../src/lessons/verify.js';
import { caughtLine } from '../../src/report/verify-view.js';
import { realLab } from '../helpers/lab.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const course = loadCourse(ROOT);
const { lab } = realLab();
afterAll(() => lab.dispose());

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

describe.each(course.lessons.map((l) => [l.id]))('lesson %s', (id) => {
  it('every expectation holds in the real environments', async () => {
    const report = await verifyLessons(lab, course, { only: [id] });
    const checks = report.lessons[0]!.checks;
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
