/** The workshop files: an export carries a name and nothing else personal; the class report merges, escapes and skips. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanName, makeExport, type LearnerExport } from '../../src/class/export.js';
import { loadExports } from '../../src/class/load.js';
import { classReport, renderClassHtml, renderClassMarkdown } from '../../src/class/report.js';
import { progressCommand } from '../../src/cli/commands/progress.js';
import { createContext } from '../../src/cli/context.js';
import type { ProgressReport } from '../../src/progress/report.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-class-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const AT = new Date('2026-01-01T00:00:00Z');

const report = (fixAttempts: number): ProgressReport => ({
  version: 2,
  file: '/home/ada/.local/share/musl-lab/progress.json',
  updatedAt: AT.toISOString(),
  current: { lesson: 'l', step: 'fix' },
  checklist: [{ id: 'c1', text: 'Explain | the loader', status: 'in-progress', lessons: [], selfChecked: AT.toISOString() }],
  lessons: [{ id: 'l', title: 'L', status: 'in-progress', steps: { fix: { kind: 'task', status: 'attempted', attempts: fixAttempts, hints: 2, solutionViewed: false, timeMs: 0 }, e: { kind: 'experiment', status: 'ran', attempts: 9, hints: 0, solutionViewed: false, timeMs: 0 } } }],
});

describe('the export', () => {
  it('carries the name, the record and the place in the course, not the file path', () => {
    const e = makeExport(report(3), '  Ada\u0007 ', 'Course', AT);
    expect(e.name).toBe('Ada');
    const text = JSON.stringify(e);
    expect(text).not.toContain('/home/ada');
    // where in the course the learner is (lesson and step ids): the instructor's page shows it
    expect(e.current).toEqual({ lesson: 'l', step: 'fix' });
    expect(e.checklist[0]).toEqual({ id: 'c1', text: 'Explain | the loader', status: 'in-progress', selfChecked: true });
    expect(cleanName('\u001b[31mx')).toBe('[31mx');
  });

  it('the command: --name, or asked on a terminal; without either it says how', async () => {
    const home = tmp();
    const out = path.join(home, 'me.json');
    let err = '';
    const ctx = createContext({ env: { MUSL_LAB_HOME: home, NO_COLOR: '1' }, stdout: { write: () => undefined }, stderr: { write: (s) => void (err += s) } });
    expect(await progressCommand(ctx, { export: out, ask: async () => 'Grace', now: () => AT })).toBe(0);
    expect(err).toMatch(/Exported the progress of "Grace" to .*me\.json/);
    expect(loadExports([out]).entries[0]!.data.name).toBe('Grace');
    await expect(progressCommand(ctx, { export: out, ask: async () => '   ' })).rejects.toMatchObject({ message: /No name given/ });
    if (!process.stdin.isTTY) await expect(progressCommand(ctx, { export: out })).rejects.toMatchObject({ next: expect.stringMatching(/--name/) });
  });
});

describe('the class report', () => {
  it('merges learners, ranks stuck tasks (never experiments), escapes names and cells, names skipped files', () => {
    const dir = tmp();
    const a: LearnerExport = makeExport(report(2), 'Ada', 'Course', AT);
    const b: LearnerExport = makeExport(report(5), '<b>Bob</b> & "co"', 'Course', AT);
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(a));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(b));
    writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ ...a, version: 7 }));
    writeFileSync(path.join(dir, 'd.json'), JSON.stringify({ ...a, checklist: 'oops' }));
    execFileSync('mkfifo', [path.join(dir, 'e.json')]); // would block a naive read
    writeFileSync(path.join(dir, 'notes.txt'), 'ignored: not .json');
    const { entries, skipped } = loadExports([dir]);
    expect(entries.map((e) => e.data.name)).toEqual(['Ada', '<b>Bob</b> & "co"']);
    expect(skipped.map((s) => `${path.basename(s.file)}: ${s.why}`)).toEqual([
      'c.json: made by a newer musl-lab (export format 7); update musl-lab to read it',
      'd.json: an export with unexpected content (checklist: Invalid input: expected array, received string)',
      'e.json: not a regular file',
    ]);
    const r = classReport(entries, skipped, AT);
    expect(r.stuck.map((s) => [s.step, s.attempts, s.hints, s.notPassed])).toEqual([['fix', 7, 4, 2]]);
    const md = renderClassMarkdown(r);
    // pivoted: items as rows (a short name; the sentence in the legend), learners as columns
    expect(md).toContain('| item | Ada | \\<b\\>Bob\\</b\\> & "co" |'); // Markdown that renders the name as text
    expect(md).toContain('| 1. c1 | in progress · ticked | in progress · ticked |');
    expect(md).toContain('1. Explain \\| the loader');
    expect(md).toContain('| Ada | 0 of 1 | L: fix |'); // where each learner is now
    expect(md).not.toMatch(/^\|[^\n]*Explain[^\n]*\|[^\n]*\|[^\n]*\|$/m); // no sentence as a column header
    const html = renderClassHtml(r);
    expect(html).toContain('&lt;b&gt;Bob&lt;/b&gt; &amp; &quot;co&quot;');
    expect(html).not.toContain('<b>Bob');
    expect(html).not.toMatch(/<script|<link|src=|href=/); // nothing fetched, nothing run
  });

  it('with the course at hand: step titles, not ids; a quiz passed over is counted as such; no literal backticks in HTML', () => {
    const rep: ProgressReport = {
      ...report(1),
      current: { lesson: 'l', step: 'e' },
      lessons: [{ id: 'l', title: 'L', status: 'in-progress', steps: {
        quiz: { kind: 'quiz', status: 'opened', attempts: 1, hints: 0, solutionViewed: false, timeMs: 0, quiz: { questions: 3, firstTryRight: 1, right: 1, revealed: 1, firstTryUnknown: 0 } },
        fix: { kind: 'task', status: 'passed', attempts: 2, hints: 1, solutionViewed: true, timeMs: 0 },
        e: { kind: 'experiment', status: 'ran', attempts: 1, hints: 0, solutionViewed: false, timeMs: 0 },
      } }],
    };
    const titles = { lesson: (id: string) => (id === 'l' ? 'The `ldd` lesson' : undefined), step: (_l: string, st: string) => ({ quiz: 'Check: `ldd`', fix: 'Fix the `crypt` call' })[st] };
    const r = classReport([{ file: 'a.json', data: makeExport(rep, 'Ada', 'Course', AT) }], [], AT, titles);
    const quiz = r.stuck.find((x) => x.step === 'quiz')!;
    expect(quiz).toMatchObject({ stepTitle: 'Check: `ldd`', passedOver: 1, notPassed: 1 });
    expect(r.learners[0]!.current).toEqual({ lesson: 'The `ldd` lesson', step: 'e' });
    expect(r.learners[0]!.quizzes['l/quiz']).toEqual({ questions: 3, firstTry: 1, right: 1, shown: 1, status: 'passed over' });
    const md = renderClassMarkdown(r);
    expect(md).toContain('| The `ldd` lesson | Check: `ldd` (quiz) | 1 | 1 | 1 |');
    expect(md).toContain('| The `ldd` lesson: Check: `ldd` | 1 of 3 first try · 1 right · 1 shown · passed over |');
    const html = renderClassHtml(r);
    expect(html).toContain('<code>ldd</code>');
    expect(html).toContain('Fix the <code>crypt</code> call');
    expect(html).not.toContain('`');
  });
});
