/**
 * Issue 21: exports made by someone else are data. Nothing in them reaches the
 * instructor's terminal as a control sequence, breaks the report, relabels the
 * room's columns, or blows the report up; names that look alike are shown apart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeExport, type LearnerExport } from '../../src/class/export.js';
import { loadExports } from '../../src/class/load.js';
import { classReport, renderClassHtml, renderClassMarkdown } from '../../src/class/report.js';
import { classCommand } from '../../src/cli/commands/class.js';
import { createContext } from '../../src/cli/context.js';
import type { ProgressReport } from '../../src/progress/report.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-hostile-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const AT = new Date('2026-01-01T00:00:00Z');
const OSC_TITLE = '\x1b]0;pwned\x07';
const OSC_CLIPBOARD = '\x1b]52;c;cm0gLXJmIH4=\x07';
/** Anything a terminal obeys: C0 controls but newline, DEL, C1 controls (0x9b is a CSI). */
const OBEYED = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

const report = (checklist: { id: string; text: string }[], stepId = 'fix'): ProgressReport => ({
  version: 2,
  file: '/x',
  updatedAt: AT.toISOString(),
  current: null,
  checklist: checklist.map((c) => ({ ...c, status: 'in-progress', lessons: [], selfChecked: undefined })),
  lessons: [{ id: 'l', title: `L${OSC_TITLE}`, status: 'in-progress', steps: { [stepId]: { kind: 'task', status: 'attempted', attempts: 3, hints: 0, solutionViewed: false, timeMs: 0 } } }],
} as unknown as ProgressReport);

async function runClass(dir: string): Promise<{ code: number; out: string; err: string; md: string; html: string }> {
  let out = '';
  let err = '';
  const ctx = createContext({ env: { NO_COLOR: '1' }, stdout: { write: (s) => void (out += s) }, stderr: { write: (s) => void (err += s) } });
  const outDir = path.join(tmp(), 'report');
  const code = await classCommand(ctx, [dir], { out: outDir, now: () => AT });
  const { readFileSync } = await import('node:fs');
  return { code, out, err, md: readFileSync(path.join(outDir, 'class-report.md'), 'utf8'), html: readFileSync(path.join(outDir, 'class-report.html'), 'utf8') };
}

describe('hostile exports and the instructor', () => {
  it('names, course, checklist texts, step ids, file names and validation paths never reach the terminal as escape sequences', async () => {
    const dir = tmp();
    const e = makeExport(report([{ id: 'c1', text: `Explain${OSC_CLIPBOARD}` }], `fix${OSC_TITLE}`), `Eve${OSC_TITLE}`, `Course${OSC_CLIPBOARD}\u009b2J`, AT);
    writeFileSync(path.join(dir, 'eve.json'), JSON.stringify({ ...e, name: `Eve${OSC_TITLE}` }));
    writeFileSync(path.join(dir, `bad${OSC_TITLE}.json`), '{');
    // a validation error whose path is a hostile step id
    writeFileSync(path.join(dir, 'path.json'), JSON.stringify({ ...e, lessons: [{ id: 'l', status: 'done', steps: { [`s${OSC_CLIPBOARD}`]: { kind: 'nope' } } }] }));
    const r = await runClass(dir);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(OBEYED);
    expect(r.err).not.toMatch(OBEYED);
    expect(r.md).not.toMatch(OBEYED);
    expect(r.out).toContain('Eve\\\\e]0;pwned\\\\a'); // the escapes, their backslashes escaped for Markdown
    expect(r.err).toContain('bad\\e]0;pwned\\a.json');
    expect(r.err).toMatch(/path\.json: .*s\\e\]52;c;cm0gLXJmIH4=\\a/);
    // --json keeps the exact content, with every control character as a JSON escape
    let json = '';
    const ctx = createContext({ env: { NO_COLOR: '1' }, stdout: { write: (s) => void (json += s) }, stderr: { write: () => undefined } });
    await classCommand(ctx, [dir], { out: path.join(tmp(), 'j'), json: true, now: () => AT });
    expect(json).not.toMatch(OBEYED);
    expect(JSON.parse(json).learners[0].name).toBe(`Eve${OSC_TITLE}`);
  });

  it('checklist ids "constructor" and "__proto__" are items like any other', () => {
    const a = makeExport(report([{ id: 'constructor', text: 'C' }, { id: '__proto__', text: 'P' }]), 'Ada', 'Course', AT);
    const b = makeExport(report([{ id: 'other', text: 'O' }]), 'Bob', 'Course', AT);
    const parsed = [a, b].map((d) => ({ file: `${d.name}.json`, data: JSON.parse(JSON.stringify(d)) as LearnerExport }));
    const r = classReport(parsed, [], AT);
    expect(r.checklist.map((c) => c.id)).toEqual(['constructor', '__proto__', 'other']);
    const md = renderClassMarkdown(r);
    // pivoted (issue 26): items as rows, learners as columns; each learner's lessons in the Learners table
    expect(md).toContain('| Ada | 0 of 1 | — |');
    expect(md).toContain('| Bob | 0 of 1 | — |');
    expect(md).toContain('| item | Ada | Bob |');
    expect(md).toContain('| 1. constructor | in progress | — |');
    expect(md).toContain('| 2. proto | in progress | — |');
    expect(md).toContain('| 3. other | — | in progress |');
    expect(md).toContain('1. C\n2. P\n3. O\n');
    expect(renderClassHtml(r)).toContain('<th scope="row">Bob</th>');
  });

  it('step ids with | and line breaks stay inside their Markdown cell', () => {
    const a = makeExport(report([{ id: 'c', text: 'T' }], 'a|b\n| x | y |\r\nz'), 'Ada', 'Course', AT);
    const md = renderClassMarkdown(classReport([{ file: 'a.json', data: a }], [], AT));
    const row = md.split('\n').find((l) => l.includes('a\\|b'));
    expect(row).toBeDefined();
    expect(row!.split(/(?<!\\)\|/).length).toBe(12); // 10 cells between 11 bars
    expect(md).not.toMatch(/^\| x \| y \|/m);
  });

  it("the course's own checklist texts label the columns; an export's other text is flagged, never shown as the label", () => {
    const liar = makeExport(report([{ id: 'c1', text: 'Everyone failed this' }, { id: 'extra', text: 'Not ours' }]), 'Mallory', 'Course', AT);
    const honest = makeExport(report([{ id: 'c1', text: 'Explain the loader' }]), 'Ada', 'Course', AT);
    const r = classReport([{ file: 'm.json', data: liar }, { file: 'a.json', data: honest }], [], AT, { title: 'Course', checklist: [{ id: 'c1', text: 'Explain the loader' }] });
    expect(r.checklist).toEqual([
      { id: 'c1', short: 'c1', text: 'Explain the loader', otherTexts: 1 },
      { id: 'extra', short: 'extra', text: 'Not ours', notInCourse: true },
    ]);
    const md = renderClassMarkdown(r);
    // the items' sentences are in the legend under the pivoted table (issue 26)
    expect(md).toContain('\n1. Explain the loader (1 export labels it otherwise)\n2. Not ours (not in this course)\n');
    expect(renderClassHtml(r)).toContain('<li>Explain the loader <span class="note">(1 export labels it otherwise)</span></li>');
    expect(md).not.toContain('Everyone failed this');
  });

  it('names that differ only by zero-width characters are shown apart', () => {
    const a = makeExport(report([]), 'Ada', 'Course', AT);
    const b = makeExport(report([]), 'A\u200bda', 'Course', AT);
    const r = classReport([{ file: 'a.json', data: a }, { file: 'b.json', data: b }], [], AT);
    const md = renderClassMarkdown(r);
    expect(md).toContain('| Ada |');
    expect(md).toContain('| A\\\\u200bda |');
    expect(renderClassHtml(r)).toContain('A\\u200bda');
  });

  it('inputs are capped and the report says so: an export far larger than a course is skipped with the reason', () => {
    const dir = tmp();
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: `i${i}`, text: 'x'.repeat(50) }));
    writeFileSync(path.join(dir, 'huge.json'), JSON.stringify(makeExport(report(many), 'Big', 'Course', AT)));
    writeFileSync(path.join(dir, 'ok.json'), JSON.stringify(makeExport(report([{ id: 'c', text: 'T' }]), 'Ada', 'Course', AT)));
    const { entries, skipped } = loadExports([dir]);
    expect(entries.map((e) => e.data.name)).toEqual(['Ada']);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.why).toMatch(/checklist: Too big|far too big|at most 200/);
    const html = renderClassHtml(classReport(entries, skipped, AT));
    expect(html.length).toBeLessThan(20_000);
  });
});

describe('hostile exports and the instructor: the learners, quiz and stuck tables (issue 26)', () => {
  it('lesson and step ids, titles and the current place are shown, never obeyed, and stay in their cells; "constructor" and "__proto__" steps are steps', () => {
    const quiz = (status: string) => ({ kind: 'quiz', status, attempts: 1, hints: 0, solutionViewed: false, timeMs: 0, quiz: { questions: 2, firstTryRight: 1, right: 1, revealed: 1, firstTryUnknown: 0 } });
    const lesson = `les|son\n| x |${OSC_TITLE}`;
    const raw = {
      ...makeExport(report([{ id: 'c', text: 'T' }]), 'Eve', 'Course', AT),
      name: `Eve${OSC_TITLE}`,
      lessons: [{ id: lesson, title: `<img src=x onerror=alert(1)>\`${OSC_CLIPBOARD}\``, status: 'in-progress', steps: JSON.parse(`{"__proto__": ${JSON.stringify(quiz('opened'))}, "constructor": ${JSON.stringify(quiz('attempted'))}, "z": ${JSON.stringify(quiz('opened'))}}`) }],
      current: { lesson, step: `z${OSC_CLIPBOARD}` },
    };
    const dir = tmp();
    writeFileSync(path.join(dir, 'eve.json'), JSON.stringify(raw));
    const { entries, skipped } = loadExports([dir]);
    expect(skipped).toEqual([]);
    expect(Object.keys(entries[0]!.data.lessons[0]!.steps)).toEqual(['__proto__', 'constructor', 'z']);
    const r = classReport(entries, [], AT);
    expect(r.quizzes.map((q) => q.key)).toEqual([`${lesson}/__proto__`, `${lesson}/constructor`, `${lesson}/z`]);
    expect(Object.getPrototypeOf(r.learners[0]!.quizzes)).toBeNull();
    expect(r.stuck.map((s) => s.step).sort()).toEqual(['__proto__', 'constructor', 'z']);
    const md = renderClassMarkdown(r);
    expect(md).not.toMatch(OBEYED);
    const learnerRow = md.split('\n').find((l) => l.startsWith('| Eve'));
    expect(learnerRow!.split(/(?<!\\)\|/).length).toBe(5); // 3 cells between 4 bars
    const rows = md.split('\n').filter((l) => l.startsWith('| \\<img src=x'));
    expect(rows).toHaveLength(6); // 3 quiz rows (1 learner), 3 stuck rows (10 columns)
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(row.includes('(quiz)') ? 12 : 4);
    expect(md).not.toMatch(/^\| x \|/m);
    const html = renderClassHtml(r);
    expect(html).not.toMatch(OBEYED);
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;<code>\\e]52;c;cm0gLXJmIH4=\\a</code>');
    expect(html).toContain('<th scope="row">Eve\\e]0;pwned\\a</th>');
  });
});
