/**
 * The learner's workspace: a copy of each task's starter per lesson in the
 * data folder (c-src/ is never edited). Resetting keeps the old file as a
 * .bak-<timestamp> next to the fresh copy.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Lesson } from '../lessons/load.js';
import type { ExperimentStep, TaskStep } from '../lessons/schema.js';
import type { SourceFile } from '../lab/types.js';

export interface WorkspaceOptions {
  /** <data>/workspace */
  dir: string;
  now?: () => Date;
}

export class Workspace {
  readonly dir: string;
  private readonly now: () => Date;

  constructor(o: WorkspaceOptions) {
    this.dir = o.dir;
    this.now = o.now ?? (() => new Date());
  }

  /** Where the learner's copy of a task's starter lives. */
  pathFor(lesson: Pick<Lesson, 'id'>, step: Pick<TaskStep, 'starter'>): string {
    return path.join(this.dir, lesson.id, step.starter);
  }

  /** The path, copying the starter first if there is no copy yet. */
  ensure(lesson: Pick<Lesson, 'id' | 'srcDir'>, step: Pick<TaskStep, 'starter'>): string {
    const file = this.pathFor(lesson, step);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      copyFileSync(path.join(lesson.srcDir, step.starter), file);
    }
    return file;
  }

  /** The learner's program as the lab takes it. */
  source(lesson: Pick<Lesson, 'id' | 'srcDir'>, step: Pick<TaskStep, 'starter'>): SourceFile {
    return { name: step.starter, content: readFileSync(this.ensure(lesson, step)) };
  }

  /**
   * Where the learner's scratch copy of an experiment's program lives ("your
   * variant"): its own folder, so it never mixes with task files, and the
   * shipped program in c-src/ is never touched.
   */
  tinkerPath(lesson: Pick<Lesson, 'id'>, step: Pick<ExperimentStep, 'id' | 'program'>): string {
    return path.join(this.dir, lesson.id, 'variants', step.id, step.program!);
  }

  /** The scratch copy if there is one. */
  tinkerFile(lesson: Pick<Lesson, 'id'>, step: Pick<ExperimentStep, 'id' | 'program'>): string | undefined {
    const f = this.tinkerPath(lesson, step);
    return existsSync(f) ? f : undefined;
  }

  /** The scratch copy, made from the shipped program if there is none yet. */
  ensureTinker(lesson: Pick<Lesson, 'id' | 'srcDir'>, step: Pick<ExperimentStep, 'id' | 'program'>): string {
    const file = this.tinkerPath(lesson, step);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      copyFileSync(path.join(lesson.srcDir, step.program!), file);
    }
    return file;
  }

  /** Back to the shipped program: the scratch copy is kept as a .bak-<timestamp>; returns it. */
  resetTinker(lesson: Pick<Lesson, 'id'>, step: Pick<ExperimentStep, 'id' | 'program'>): string | undefined {
    const file = this.tinkerPath(lesson, step);
    if (!existsSync(file)) return undefined;
    const bak = `${file}.bak-${this.stamp()}`;
    renameSync(file, bak);
    return bak;
  }

  private stamp(): string {
    return this.now().toISOString().replace(/[:.]/g, '-');
  }

  /** Fresh starters for one lesson; returns the backups made. */
  resetLesson(lesson: Pick<Lesson, 'id' | 'srcDir' | 'steps'>): string[] {
    const backups: string[] = [];
    const stamp = this.stamp();
    for (const s of lesson.steps) {
      if (s.kind !== 'task') continue;
      const file = this.pathFor(lesson, s);
      if (existsSync(file)) {
        const bak = `${file}.bak-${stamp}`;
        renameSync(file, bak);
        backups.push(bak);
      }
      this.ensure(lesson, s);
    }
    return backups;
  }

  /** Reset every lesson that has a workspace (including lessons no longer in the course: their files are only backed up). */
  resetAll(lessons: Pick<Lesson, 'id' | 'srcDir' | 'steps'>[]): string[] {
    const backups: string[] = [];
    for (const l of lessons) backups.push(...this.resetLesson(l));
    if (!existsSync(this.dir)) return backups;
    const known = new Set(lessons.map((l) => l.id));
    const stamp = this.stamp();
    for (const d of readdirSync(this.dir)) {
      if (known.has(d)) continue;
      for (const f of readdirSync(path.join(this.dir, d))) {
        if (/\.bak-/.test(f)) continue;
        const file = path.join(this.dir, d, f);
        renameSync(file, `${file}.bak-${stamp}`);
        backups.push(`${file}.bak-${stamp}`);
      }
    }
    return backups;
  }
}
