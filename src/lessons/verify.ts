/**
 * `musl-lab verify`: run every experiment and every reference solution, and
 * check every starter fails as its lesson says and every kept wrong solution
 * fails, in the real environments.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LabSession as Lab } from '../lab/session.js';
import type { Course, Lesson } from './load.js';
import { ALL_ENV_NAMES, type OnDemandEnvName } from '../lab/types.js';
import { onDemandEnvs, runStep, type StepResult } from './run-step.js';

export interface Check {
  lesson: string;
  step: string;
  title: string;
  /** What this check proves. */
  kind: 'experiment' | 'solution passes' | 'starter fails as documented' | 'starter does not already pass' | "starter's failure is explained" | 'wrong solution fails';
  /** For a wrong-solution check: the fixture's file and what is wrong with it. */
  wrong?: { file: string; why: string };
  /** The myth this experiment disproves, shown next to the measured truth. */
  myth?: string;
  passed: boolean;
  result: StepResult;
}

export interface VerifyReport {
  startedAt: string;
  environments: Record<string, string>;
  lessons: { id: string; title: string; checks: Check[] }[];
  summary: { checks: number; passed: number; failed: number; notApplicable: number; experiments: number; expectedFailuresShown: number; fixesShown: number; durationMs: number };
}

/** Checks that pass when the program FAILS its expectations: their failed verdicts are the point. */
export function passesByFailing(kind: Check['kind']): boolean {
  return kind === 'starter does not already pass' || kind === 'wrong solution fails';
}

/** Verdicts that show a program failing on purpose: a crash, a non-zero exit, a refused compile. */
function expectedFailures(r: StepResult): number {
  let n = 0;
  for (const v of r.variants) {
    for (const verdict of v.verdicts) {
      if (!verdict.ok) continue;
      if (verdict.field === 'signal' || verdict.field === 'diagnostic') n++;
      else if (verdict.field === 'exit' && verdict.expected !== 'exit 0') n++;
      else if (verdict.field === 'compiled' && verdict.expected === 'does not compile') n++;
    }
  }
  return n;
}

/** Failed checks that come without an explanation of the failure (a task's expect lacks a whyNot). */
export function unexplainedFailures(r: StepResult): string[] {
  return r.variants.flatMap((v) => v.verdicts.filter((d) => !d.ok && !d.why).map((d) => d.label));
}

export async function verifyLessons(
  lab: Lab,
  course: Course,
  opts: {
    only?: string[];
    onCheck?: (c: Check) => void;
    now?: () => number;
    /** Called before a lesson that needs on-demand environments (e.g. toolchains): build the missing ones. */
    prepare?: (envs: OnDemandEnvName[]) => Promise<void>;
  } = {},
): Promise<VerifyReport> {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const lessons: VerifyReport['lessons'] = [];
  const selected: Lesson[] = opts.only?.length ? course.lessons.filter((l) => opts.only!.includes(l.id)) : course.lessons;
  let experiments = 0;
  let expected = 0;
  let fixes = 0;
  for (const lesson of selected) {
    const checks: Check[] = [];
    const add = (c: Check) => {
      checks.push(c);
      opts.onCheck?.(c);
    };
    const extra = onDemandEnvs(lesson.steps);
    if (extra.length && opts.prepare) await opts.prepare(extra);
    for (const step of lesson.steps) {
      if (step.kind === 'experiment') {
        const r = await runStep(lab, lesson, step, { which: 'experiment' });
        experiments++;
        expected += expectedFailures(r);
        // A variant named fix-… that passes shows a fix working (the fixes-in-review lesson is made of them).
        fixes += r.variants.filter((v) => v.id.startsWith('fix') && v.passed).length;
        add({ lesson: lesson.id, step: step.id, title: step.title, kind: 'experiment', myth: step.myth, passed: r.passed, result: r });
      } else if (step.kind === 'task') {
        const sol = await runStep(lab, lesson, step, { which: 'solution' });
        if (sol.passed) fixes++;
        add({ lesson: lesson.id, step: step.id, title: step.title, kind: 'solution passes', passed: sol.passed, result: sol });
        const doc = await runStep(lab, lesson, step, { which: 'starter', expect: step.starterExpect });
        expected += expectedFailures(doc);
        add({ lesson: lesson.id, step: step.id, title: step.title, kind: 'starter fails as documented', passed: doc.passed, result: doc });
        const notYet = await runStep(lab, lesson, step, { which: 'starter' });
        add({ lesson: lesson.id, step: step.id, title: step.title, kind: 'starter does not already pass', passed: !notYet.passed, result: notYet });
        // What a learner sees for the starter: every failed check explains THIS failure (its whyNot), never the passing case.
        add({ lesson: lesson.id, step: step.id, title: step.title, kind: "starter's failure is explained", passed: unexplainedFailures(notYet).length === 0, result: notYet });
        // A plausible wrong answer must not pass: the task's expectations check what the task asks for.
        for (const w of step.wrongSolutions) {
          const main = { name: w.file, content: readFileSync(path.join(lesson.srcDir, w.file)) };
          const r = await runStep(lab, lesson, step, { which: 'workspace', main });
          add({ lesson: lesson.id, step: step.id, title: step.title, kind: 'wrong solution fails', wrong: w, passed: !r.passed, result: r });
        }
      }
    }
    lessons.push({ id: lesson.id, title: lesson.title, checks });
  }
  const all = lessons.flatMap((l) => l.checks);
  const passedCount = all.filter((c) => c.passed).length;
  const envs: Record<string, string> = {};
  for (const env of ALL_ENV_NAMES) {
    const l = await lab.imageLabels(env);
    if (l['org.musl-lab.libc']) envs[env] = `${l['org.musl-lab.libc']} ${l['org.musl-lab.libc-version'] ?? ''} (gcc ${l['org.musl-lab.gcc-version'] ?? '?'}, ${l['org.musl-lab.build'] ?? '?'})`;
  }
  return {
    startedAt: new Date().toISOString(),
    environments: envs,
    lessons,
    summary: { checks: all.length, passed: passedCount - all.filter((c) => c.result.notApplicable).length, failed: all.length - passedCount, notApplicable: all.filter((c) => c.result.notApplicable).length, experiments, expectedFailuresShown: expected, fixesShown: fixes, durationMs: now() - t0 },
  };
}
