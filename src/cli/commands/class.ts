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
import { classReport, renderClassHtml, renderClassMarkdown, type ReportCourse } from '../../class/report.js';
import { loadAvailableCourse } from '../../progress/course.js';
import { writeFileAtomic } from '../../progress/atomic.js';
import { visibleName } from '../../term/visible-text.js';
import type { Context } from '../context.js';

/**
 * JSON with the exact content, and nothing a terminal obeys: JSON.stringify escapes C0 controls but
 * leaves C1 controls (0x9b is a CSI), bidi overrides and line separators raw; here they are \uXXXX too.
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface ClassOptions {
  out?: string;
  json?: boolean;
  now?: () => Date;
}

export async function classCommand(ctx: Context, paths: string[], o: ClassOptions): Promise<number> {
  const { entries, skipped } = loadExports(paths);
  // names, file names and reasons come from files others made: shown, never obeyed by the terminal
  for (const s of skipped) ctx.stderr.write(`skipped ${visibleName(s.file)}: ${visibleName(s.why)}\n`);
  if (!entries.length) {
    throw new LabError('bad-input', `No learner export found in ${paths.join(', ')}.`, 'Each learner runs `musl-lab progress --export NAME.json --name NAME`; collect those files in one folder and pass the folder.');
  }
  // one load of the course here: its checklist labels the rows in its own words (an export cannot relabel them),
  // its lesson and step titles name the steps as the learners saw them
  const course = courseHere(ctx);
  const report = classReport(entries, skipped, (o.now ?? (() => new Date()))(), course);
  const out = path.resolve(o.out ?? 'class-report');
  try {
    mkdirSync(out, { recursive: true });
    writeFileAtomic(path.join(out, 'class-report.md'), renderClassMarkdown(report));
    writeFileAtomic(path.join(out, 'class-report.html'), renderClassHtml(report));
  } catch (e) {
    throw new LabError('bad-input', `The report cannot be written to ${visibleName(out)}: ${visibleName((e as Error).message)}`, 'Give a folder you can write with --out DIR.');
  }
  ctx.stdout.write(o.json ? terminalSafeJson(report) + '\n' : renderClassMarkdown(report));
  ctx.stderr.write(`${entries.length} learner${entries.length === 1 ? '' : 's'}${skipped.length ? `, ${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped` : ''}. Written: ${path.join(out, 'class-report.md')} and ${path.join(out, 'class-report.html')} (open it in a browser; it needs no server).\n`);
  return EXIT.ok;
}

/** The course here (the instructor's copy): title, checklist, lesson and step titles; undefined (and said) when there is none. */
function courseHere(ctx: Context): ReportCourse | undefined {
  try {
    const course = loadAvailableCourse(ctx.projectRoot);
    const lessons = new Map(course.lessons.map((l) => [l.id, l]));
    return {
      title: course.index.title,
      checklist: course.index.checklist,
      lesson: (id) => lessons.get(id)?.title,
      step: (l, st) => lessons.get(l)?.steps.find((x) => x.id === st)?.title,
    };
  } catch (e) {
    ctx.stderr.write(`No course here (${visibleName((e as Error).message.split('\n')[0] ?? '')}): the checklist is labelled by the exports' own texts, steps by their ids.\n`);
    return undefined;
  }
}
