/**
 * `musl-lab progress [--json|--markdown]`: the checklist (what the lessons
 * show and the learner's own tick) and each lesson's steps. `--export FILE`
 * writes the record for a workshop instructor, under a name the learner
 * gives (--name, or asked on a terminal) and nothing else personal.
 */
import { createInterface } from 'node:readline/promises';
import { EXIT, LabError } from '../../errors.js';
import { cleanName, makeExport } from '../../class/export.js';
import { writeFileAtomic } from '../../progress/atomic.js';
import { loadAvailableCourse } from '../../progress/course.js';
import { dataDir, progressFile } from '../../util/data-dir.js';
import { progressReport, renderProgressMarkdown, renderProgressText } from '../../progress/report.js';
import { ProgressStore } from '../../progress/store.js';
import type { Context } from '../context.js';

export interface ProgressOptions {
  json?: boolean;
  markdown?: boolean;
  export?: string;
  name?: string;
  /** Asks for the name on a terminal (injected by tests). */
  ask?: (question: string) => Promise<string>;
  now?: () => Date;
}

async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export async function progressCommand(ctx: Context, o: ProgressOptions): Promise<number> {
  const course = loadAvailableCourse(ctx.projectRoot);
  const store = new ProgressStore({ file: progressFile(dataDir(ctx.env)), onWarning: (w) => ctx.stderr.write(`warning: ${w}\n`) });
  const report = progressReport(course, store.read(), store.file);
  if (o.export) {
    let name = cleanName(o.name ?? '');
    if (!name) {
      const ask = o.ask ?? (process.stdin.isTTY ? askOnTerminal : undefined);
      if (!ask) throw new LabError('bad-input', 'An export needs a name, and there is no terminal to ask for one.', 'Give it: musl-lab progress --export FILE --name "Your name" (a first name or a nickname is enough).');
      name = cleanName(await ask('Name for the instructor (a first name or a nickname is enough): '));
      if (!name) throw new LabError('bad-input', 'No name given; nothing was exported.', 'Run it again and type a name, or give --name.');
    }
    const data = makeExport(report, name, course.index.title, (o.now ?? (() => new Date()))());
    try {
      writeFileAtomic(o.export, JSON.stringify(data, null, 2) + '\n');
    } catch (e) {
      throw new LabError('bad-input', `The export cannot be written to ${o.export}: ${(e as Error).message}`, 'Give a file in a folder you can write.');
    }
    ctx.stderr.write(`Exported the progress of "${name}" to ${o.export} (the name, the checklist and each step's record; no paths or other personal data).\n`);
    return EXIT.ok;
  }
  if (o.json) ctx.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else if (o.markdown) ctx.stdout.write(renderProgressMarkdown(report));
  else ctx.stdout.write(renderProgressText(report, ctx.style));
  return EXIT.ok;
}
