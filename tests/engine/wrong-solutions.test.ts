/**
 * Every task's plausible wrong solution (tests/fixtures/wrong/<lesson>/<starter name>.wrong.c)
 * fails the task's checks in the real environments: the check catches the mistake a learner
 * is likely to make, not only the untouched starter.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/lessons/load.js';
import { runStep } from '../../src/lessons/run-step.js';
import { realLab } from '../helpers/lab.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const WRONG = path.join(import.meta.dirname, '..', 'fixtures', 'wrong');
const course = loadCourse(ROOT);
const { lab } = realLab();
afterAll(() => lab.dispose());

const cases = readdirSync(WRONG).flatMap((lesson) => readdirSync(path.join(WRONG, lesson)).map((file) => [lesson, file] as const));

describe.each(cases)('%s: %s', (lessonId, file) => {
  it('fails the task it answers', async () => {
    const lesson = course.lessons.find((l) => l.id === lessonId)!;
    const starter = file.replace(/\.wrong\.c$/, '.c');
    const step = lesson.steps.find((s) => s.kind === 'task' && s.starter === starter);
    expect(step, `a task of ${lessonId} with starter ${starter}`).toBeDefined();
    if (step?.kind !== 'task') return;
    const main = { name: starter, content: readFileSync(path.join(WRONG, lessonId, file)) };
    const r = await runStep(lab, lesson, step, { which: 'workspace', main });
    expect(r.passed).toBe(false);
    expect(r.variants[0]!.verdicts.filter((v) => !v.ok).length).toBeGreaterThan(0);
  });
});
