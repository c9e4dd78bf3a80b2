/**
 * A DNS-lab step shows the files the lab writes before each run (resolv.conf, and per variant
 * what it changes): the programs' behaviour depends on them, so the screen must show them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/lessons/load.js';
import { lessonBody } from '../../src/ui/views/lesson-body.js';
import { makeStyle } from '../../src/term/style.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const course = loadCourse(ROOT);
const st = makeStyle({ color: false, plain: true });
const body = (lessonId: string, stepId: string, width = 80) => {
  const lesson = course.lessons.find((l) => l.id === lessonId)!;
  const stepIndex = lesson.steps.findIndex((s) => s.id === stepId);
  const step = lesson.steps[stepIndex]!;
  return { step, text: lessonBody({ lesson, step, stepIndex, width, st, readSource: (l, f) => readFileSync(path.join(l.srcDir, f), 'utf8') }).join('\n') };
};

describe('lesson body: name resolution', () => {
  it('every DNS-lab step shows its resolv.conf line for line, and each variant that changes it', () => {
    let seen = 0;
    for (const lesson of course.lessons) {
      for (const step of lesson.steps) {
        if (step.kind === 'explain' || step.kind === 'quiz' || !step.network) continue;
        seen++;
        // a resolv.conf line wider than the screen continues on lines indented further: join them back
        const text = body(lesson.id, step.id).text.replace(/\n {4}(?=\S)/g, ' ');
        expect(text, `${lesson.id}/${step.id}`).toContain('Name resolution in this step');
        for (const l of step.network.resolvConf.trimEnd().split('\n')) expect(text, `${lesson.id}/${step.id}`).toContain(`  ${l}`);
        if (step.kind === 'experiment') {
          for (const v of step.variants ?? []) {
            if (!v.network?.resolvConf) continue;
            expect(text.replace(/\n/g, ' ')).toContain(`/etc/resolv.conf, variant "${v.label}":`); // the heading may wrap
            for (const l of v.network.resolvConf.trimEnd().split('\n')) expect(text).toContain(`  ${l}`);
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(5);
  });

  it('a step without the DNS lab shows none, and no step of any lesson is wider than the screen', () => {
    const plain = body('other-languages', 'go-builds');
    expect(plain.text).not.toContain('Name resolution');
    for (const lesson of course.lessons) {
      for (const step of lesson.steps) {
        if (step.kind === 'explain' || step.kind === 'quiz') continue;
        for (const line of body(lesson.id, step.id, 60).text.split('\n')) expect(line.length, `${lesson.id}/${step.id}: ${line}`).toBeLessThanOrEqual(60);
      }
    }
  });
});
