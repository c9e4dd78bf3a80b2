/**
 * The course as far as it is written: lessons that load, and for the others
 * the reason (not written yet, or invalid). The tutorial and `musl-lab
 * progress` work with whatever is there instead of refusing to start.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describeError, isLabError } from '../errors.js';
import { loadCourse, loadLesson, type Lesson } from '../lessons/load.js';
import type { CourseIndex } from '../lessons/schema.js';

export interface MissingLesson {
  id: string;
  /** "not written yet" or the loader's message. */
  problem: string;
}

export interface AvailableCourse {
  root: string;
  index: CourseIndex;
  lessons: Lesson[];
  missing: MissingLesson[];
}

export function loadAvailableCourse(root: string): AvailableCourse {
  // the index itself must be valid: without it there is no course
  const { index } = loadCourse(root, ['\0none']);
  const lessons: Lesson[] = [];
  const missing: MissingLesson[] = [];
  for (const id of index.lessons) {
    if (!existsSync(path.join(root, 'lessons', id, 'lesson.yaml'))) {
      missing.push({ id, problem: 'not written yet' });
      continue;
    }
    try {
      lessons.push(loadLesson(root, id));
    } catch (e) {
      missing.push({ id, problem: isLabError(e) ? e.message : describeError(e) });
    }
  }
  return { root, index, lessons, missing };
}
