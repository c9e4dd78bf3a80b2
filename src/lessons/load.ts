/**
 * Loading the course from lessons/ and c-src/: parse, validate against the
 * schema, and report problems by file, field and what was expected.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ZodError } from 'zod';
import { LabError } from '../errors.js';
import { lessonEvidenceProblems } from './evidence.js';
import { parseYamlCached } from '../util/yaml-cache.js';
import { courseIndex, lessonManifest, type CourseIndex, type LessonManifest, type Step } from './schema.js';

export interface Lesson extends LessonManifest {
  /** lessons/<id> */
  dir: string;
  /** c-src/<id> */
  srcDir: string;
  /** Prose of each step by step id (markdown), and the lesson's intro (README.md) if any. */
  prose: Record<string, string>;
}

export interface Course {
  root: string;
  index: CourseIndex;
  lessons: Lesson[];
}

function describeZod(file: string, err: ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${file}: ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('\n');
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LabError('lesson-invalid', `Missing ${file}.`, 'Every lesson folder needs a lesson.yaml; see lessons/README.md for the format.');
  }
  try {
    return parseYamlCached(text);
  } catch (e) {
    throw new LabError('lesson-invalid', `${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, 'Fix the YAML syntax at the line named.');
  }
}

/** Files a step needs from c-src/<id>/. */
export function stepSources(s: Step): string[] {
  if (s.kind === 'experiment') return [...(s.program ? [s.program] : []), ...s.extraSources];
  if (s.kind === 'task') return [s.starter, s.solution, ...s.wrongSolutions.map((w) => w.file), ...s.extraSources];
  return [];
}

export function loadLesson(root: string, id: string): Lesson {
  const dir = path.join(root, 'lessons', id);
  const srcDir = path.join(root, 'c-src', id);
  const file = path.join('lessons', id, 'lesson.yaml');
  const parsed = lessonManifest.safeParse(readYaml(path.join(root, file)));
  if (!parsed.success) {
    throw new LabError('lesson-invalid', `The lesson manifest is malformed:\n${describeZod(file, parsed.error)}`, `Fix the field named in ${file} (the format is described in lessons/README.md).`);
  }
  const m = parsed.data;
  const problems: string[] = [];
  if (m.id !== id) problems.push(`${file}: id: is "${m.id}" but the folder is "${id}"`);
  const seen = new Set<string>();
  const prose: Record<string, string> = {};
  if (existsSync(path.join(dir, 'README.md'))) prose[''] = readFileSync(path.join(dir, 'README.md'), 'utf8');
  m.steps.forEach((s, i) => {
    if (seen.has(s.id)) problems.push(`${file}: steps.${i}.id: "${s.id}" is used twice`);
    seen.add(s.id);
    if (s.prose) {
      const p = path.join(dir, s.prose);
      if (existsSync(p)) prose[s.id] = readFileSync(p, 'utf8');
      else problems.push(`${file}: steps.${i}.prose: lessons/${id}/${s.prose} does not exist`);
    }
    for (const src of stepSources(s)) {
      if (!existsSync(path.join(srcDir, src))) problems.push(`${file}: steps.${i}: c-src/${id}/${src} does not exist`);
    }
  });
  if (problems.length) throw new LabError('lesson-invalid', `The lesson ${id} has problems:\n${problems.join('\n')}`, `Fix them in lessons/${id}/ or c-src/${id}/.`);
  return { ...m, dir, srcDir, prose };
}

/** Load the course; with `only`, just those lessons (so one lesson can be worked on while others are unfinished). */
export function loadCourse(root: string, only?: string[]): Course {
  const file = path.join('lessons', 'index.yaml');
  const parsed = courseIndex.safeParse(readYaml(path.join(root, file)));
  if (!parsed.success) throw new LabError('lesson-invalid', `The course index is malformed:\n${describeZod(file, parsed.error)}`, `Fix the field named in ${file}.`);
  const index = parsed.data;
  const dup = index.lessons.find((l, i) => index.lessons.indexOf(l) !== i);
  if (dup) throw new LabError('lesson-invalid', `${file}: lessons: "${dup}" is listed twice.`, 'List each lesson once.');
  const ids = only?.length ? index.lessons.filter((id) => only.includes(id)) : index.lessons;
  return { root, index, lessons: ids.map((id) => loadLesson(root, id)) };
}

/**
 * Author checks beyond the schema: stray files, checklist ids that do not
 * exist, checklist items no lesson covers, experiments and tasks that name no
 * primary sources. Returns problems as sentences.
 */
export function lintCourse(course: Course): string[] {
  const problems: string[] = [];
  const items = new Set(course.index.checklist.map((c) => c.id));
  const covered = new Set<string>();
  for (const l of course.lessons) {
    for (const c of l.checklist) {
      if (!items.has(c)) problems.push(`lessons/${l.id}/lesson.yaml: checklist: "${c}" is not an item of lessons/index.yaml`);
      covered.add(c);
    }
    const usedMd = new Set(['lesson.yaml', 'README.md', ...l.steps.flatMap((s) => (s.prose ? [s.prose] : []))]);
    for (const f of readdirSync(l.dir)) if (!usedMd.has(f)) problems.push(`lessons/${l.id}/${f} is not used by the lesson`);
    const usedSrc = new Set(l.steps.flatMap(stepSources));
    const srcFiles = existsSync(l.srcDir) ? readdirSync(l.srcDir) : [];
    for (const f of srcFiles) if (!usedSrc.has(f)) problems.push(`c-src/${l.id}/${f} is not used by the lesson`);
    problems.push(...lessonEvidenceProblems(l));
  }
  const partial = course.lessons.length < course.index.lessons.length;
  if (partial) return problems; // coverage and stray folders are questions about the whole course
  for (const c of course.index.checklist) {
    if (!covered.has(c.id) && !c.plannedIn) problems.push(`checklist item "${c.id}" is covered by no lesson`);
  }
  const lessonDirs = readdirSync(path.join(course.root, 'lessons'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  for (const d of lessonDirs) if (!course.index.lessons.includes(d)) problems.push(`lessons/${d}/ is not listed in lessons/index.yaml`);
  const srcDirs = existsSync(path.join(course.root, 'c-src')) ? readdirSync(path.join(course.root, 'c-src')) : [];
  for (const d of srcDirs) if (!course.index.lessons.includes(d)) problems.push(`c-src/${d}/ belongs to no lesson`);
  return problems;
}
