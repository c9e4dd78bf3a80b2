/** Loading lessons: a malformed manifest names the file, the field and what was expected. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabError } from '../../src/errors.js';
import { lintCourse, loadCourse } from '../../src/lessons/load.js';
import { step } from '../../src/lessons/schema.js';

function course(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-course-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), text);
  }
  return root;
}

const INDEX = `formatVersion: 1\ntitle: t\nlessons: [demo]\nchecklist:\n  - { id: item-a, text: A }\n  - { id: item-b, text: B, plannedIn: later }\n`;
const LESSON = (steps: string) => `formatVersion: 1\nid: demo\ntitle: Demo\nsummary: s\nchecklist: [item-a]\nsteps:\n${steps}`;
const GOOD_STEP = `  - id: run\n    kind: experiment\n    title: Run\n    sources: ["musl 1.2.5 src/stdio/puts.c"]\n    program: hello.c\n    expect:\n      musl: { exit: 0 }\n`;

function loadError(root: string): LabError {
  try {
    loadCourse(root);
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error('expected a LabError');
}

describe('loadCourse', () => {
  it('loads a valid course with defaults filled in', () => {
    const root = course({ 'lessons/index.yaml': INDEX, 'lessons/demo/lesson.yaml': LESSON(GOOD_STEP), 'c-src/demo/hello.c': 'int main(void){return 0;}' });
    const c = loadCourse(root);
    const step = c.lessons[0]!.steps[0]!;
    expect(step.kind === 'experiment' && step.runIn).toEqual(['glibc', 'musl']);
    expect(lintCourse(c)).toEqual([]);
  });

  it('names the file, the field path and the expectation for a wrong value', () => {
    const bad = GOOD_STEP.replace('musl: { exit: 0 }', 'musl: { signal: segfault }');
    const e = loadError(course({ 'lessons/index.yaml': INDEX, 'lessons/demo/lesson.yaml': LESSON(bad), 'c-src/demo/hello.c': '' }));
    expect(e.kind).toBe('lesson-invalid');
    expect(e.message).toMatch(/lessons\/demo\/lesson\.yaml: steps\.0\.expect\.musl\.signal: /);
    expect(e.next).toMatch(/lessons\/demo\/lesson\.yaml/);
  });

  it('rejects unknown fields (typos) and a wrong format version', () => {
    const typo = GOOD_STEP.replace('program:', 'progam:');
    expect(loadError(course({ 'lessons/index.yaml': INDEX, 'lessons/demo/lesson.yaml': LESSON(typo) })).message).toMatch(/steps\.0/);
    const v2 = LESSON(GOOD_STEP).replace('formatVersion: 1', 'formatVersion: 2');
    expect(loadError(course({ 'lessons/index.yaml': INDEX, 'lessons/demo/lesson.yaml': v2, 'c-src/demo/hello.c': '' })).message).toMatch(/formatVersion/);
  });

  it('reports missing programs and prose, duplicate step ids, and a folder/id mismatch', () => {
    const steps = GOOD_STEP + GOOD_STEP.replace('program: hello.c', 'program: gone.c\n    prose: missing.md');
    const e = loadError(course({ 'lessons/index.yaml': INDEX, 'lessons/demo/lesson.yaml': LESSON(steps).replace('id: demo', 'id: other'), 'c-src/demo/hello.c': '' }));
    expect(e.message).toMatch(/id: is "other" but the folder is "demo"/);
    expect(e.message).toMatch(/"run" is used twice/);
    expect(e.message).toMatch(/c-src\/demo\/gone\.c does not exist/);
    expect(e.message).toMatch(/lessons\/demo\/missing\.md does not exist/);
  });

  it('analyze: true needs a program, and does not go with a command', () => {
    const noProgram = `  - id: a\n    kind: experiment\n    title: A\n    command: [file]\n    analyze: true\n    expect: { glibc: { exit: 0 } }\n`;
    expect(loadError(course({ 'lessons/index.yaml': INDEX, 'lessons/demo/lesson.yaml': LESSON(noProgram) })).message).toMatch(/analyze/);
    const byPath = `  - id: a\n    kind: experiment\n    title: A\n    runIn: [glibc]\n    analyze: { path: /usr/bin/ls }\n    expect: { glibc: { exit: 1 } }\n`;
    expect(loadCourse(course({ 'lessons/index.yaml': INDEX, 'lessons/demo/lesson.yaml': LESSON(byPath) })).lessons[0]!.steps[0]).toMatchObject({ analyze: { path: '/usr/bin/ls' } });
  });

  it('reports bad YAML with its line', () => {
    expect(loadError(course({ 'lessons/index.yaml': INDEX, 'lessons/demo/lesson.yaml': 'steps: [\n' })).message).toMatch(/not valid YAML/);
  });

  it('rejects a task without hints and a quiz answer out of range', () => {
    const task = `  - id: t\n    kind: task\n    title: T\n    starter: hello.c\n    solution: hello.c\n    expect: { musl: { exit: 0 } }\n    starterExpect: { musl: { exit: 1 } }\n    hints: []\n`;
    expect(loadError(course({ 'lessons/index.yaml': INDEX, 'lessons/demo/lesson.yaml': LESSON(task) })).message).toMatch(/steps\.0\.hints/);
    const quiz = `  - id: q\n    kind: quiz\n    title: Q\n    questions:\n      - { id: a, prompt: p, choices: [x, y], answer: 5, explanation: e }\n`;
    expect(loadError(course({ 'lessons/index.yaml': INDEX, 'lessons/demo/lesson.yaml': LESSON(quiz) })).message).toMatch(/steps\.0\.questions\.0/);
  });
});

describe('lintCourse', () => {
  it('finds stray files, unknown checklist ids, uncovered items and unlisted folders', () => {
    const root = course({
      'lessons/index.yaml': INDEX.replace('plannedIn: later', 'plannedIn: later }\n  - { id: item-c, text: C').replace('C, plannedIn', 'C }\n#'),
      'lessons/demo/lesson.yaml': LESSON(GOOD_STEP).replace('[item-a]', '[item-a, nope]'),
      'lessons/demo/notes.md': 'stray',
      'c-src/demo/hello.c': '',
      'c-src/demo/old.c': '',
      'lessons/orphan/lesson.yaml': '',
    });
    const problems = lintCourse(loadCourse(root));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/checklist: "nope" is not an item/),
        'lessons/demo/notes.md is not used by the lesson',
        'c-src/demo/old.c is not used by the lesson',
        'lessons/orphan/ is not listed in lessons/index.yaml',
      ]),
    );
  });
});

describe('lintCourse and evidence', () => {
  it('reports an experiment without sources, and an entry that names no version or path', () => {
    const bare = GOOD_STEP.replace('    sources: ["musl 1.2.5 src/stdio/puts.c"]\n', '');
    const vague = GOOD_STEP.replace('"musl 1.2.5 src/stdio/puts.c"', '"see the docs"');
    const files = (step: string) => ({ 'lessons/index.yaml': INDEX, 'lessons/demo/lesson.yaml': LESSON(step), 'c-src/demo/hello.c': '' });
    expect(lintCourse(loadCourse(course(files(bare))))).toEqual(['lessons/demo/lesson.yaml: experiment "run" names no sources: add sources: [...] with the primary sources its claims rest on (file and function, with a version)']);
    expect(lintCourse(loadCourse(course(files(vague))))).toEqual([expect.stringMatching(/experiment "run": sources: "see the docs" names no version and no path/)]);
  });
});

describe('the shipped quizzes', () => {
  it('every short-answer question says its accepted answers in words (a learner never sees the raw pattern)', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const { lessons } = loadCourse(root);
    const short = lessons.flatMap((l) => l.steps.flatMap((s) => (s.kind === 'quiz' ? s.questions.filter((q) => !q.choices).map((q) => ({ at: `${l.id}/${s.id}/${q.id}`, q })) : [])));
    expect(short.length).toBeGreaterThan(0);
    for (const { at, q } of short) expect(q.answerText, at).toMatch(/\w/);
  });
});

describe('the compiler field', () => {
  const base = { kind: 'experiment', id: 'x', title: 'X', program: 'hello.c', expect: { glibc: { exit: 0 } } };
  it('takes musl-gcc only where it is installed: the glibc environment builds, others run', () => {
    expect(step.safeParse({ ...base, compiler: 'musl-gcc', compileIn: 'glibc', runIn: ['glibc', 'musl'] }).success).toBe(true);
    const each = step.safeParse({ ...base, compiler: 'musl-gcc', runIn: ['glibc', 'musl'] });
    expect(each.success).toBe(false);
    expect(JSON.stringify(each.error?.issues)).toContain('musl-gcc is in the glibc environment only');
    expect(step.safeParse({ ...base, compiler: 'musl-gcc', compileIn: 'musl' }).success).toBe(false);
  });
  it('knows no other compiler and defaults to gcc', () => {
    expect(step.safeParse({ ...base, compiler: 'clang', compileIn: 'glibc' }).success).toBe(false);
    const plain = step.parse(base);
    expect(plain.kind === 'experiment' && plain.compiler).toBeUndefined();
  });
});
