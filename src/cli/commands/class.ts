/**
 * `musl-lab class DIR|FILES…`: a workshop room's exports merged into a
 * Markdown table (stdout, and class-report.md) and a self-contained HTML
 * page (class-report.html) in --out. Bad or foreign files are named and
 * skipped; only "no export at all" is an error.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { EXIT, LabError } from '../../errors.js';
import { loadExports } from '../../class/load.js';
import { classReport, renderClassHtml, renderClassMarkdown, type CourseTitles } from '../../class/report.js';
import { loadAvailableCourse } from '../../progress/course.js';
import { writeFileAtomic } from '../../progress/atomic.js';
import type { Context } from '../context.js';

export interface ClassOptions {
  out?: string;
  json?: boolean;
  now?: () => Date;
}

export async function classCommand(ctx: Context, paths: string[], o: ClassOptions): Promise<number> {
  const { entries, skipped } = loadExports(paths);
  for (const s of skipped) ctx.stderr.write(`skipped ${s.file}: ${s.why}\n`);
  if (!entries.length) {
    throw new LabError('bad-input', `No learner export found in ${paths.join(', ')}.`, 'Each learner runs `musl-lab progress --export NAME.json --name NAME`; collect those files in one folder and pass the folder.');
  }
  const report = classReport(entries, skipped, (o.now ?? (() => new Date()))(), courseTitles(ctx.projectRoot));
  const out = path.resolve(o.out ?? 'class-report');
  try {
    mkdirSync(out, { recursive: true });
    writeFileAtomic(path.join(out, 'class-report.md'), renderClassMarkdown(report));
    writeFileAtomic(path.join(out, 'class-report.html'), renderClassHtml(report));
  } catch (e) {
    throw new LabError('bad-input', `The report cannot be written to ${out}: ${(e as Error).message}`, 'Give a folder you can write with --out DIR.');
  }
  ctx.stdout.write(o.json ? JSON.stringify(report, null, 2) + '\n' : renderClassMarkdown(report));
  ctx.stderr.write(`${entries.length} learner${entries.length === 1 ? '' : 's'}${skipped.length ? `, ${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped` : ''}. Written: ${path.join(out, 'class-report.md')} and ${path.join(out, 'class-report.html')} (open it in a browser; it needs no server).\n`);
  return EXIT.ok;
}

/** Lesson and step titles from the course here (the instructor's copy), so the page names steps as the learners saw them. */
function courseTitles(root: string): CourseTitles | undefined {
  try {
    const course = loadAvailableCourse(root);
    const lesson = (id: string) => course.lessons.find((l) => l.id === id);
    return { lesson: (id) => lesson(id)?.title, step: (l, st) => lesson(l)?.steps.find((x) => x.id === st)?.title };
  } catch {
    return undefined; // no course here: ids are shown
  }
}
