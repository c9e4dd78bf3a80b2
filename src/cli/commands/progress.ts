/** `musl-lab progress [--json|--markdown]`: the checklist status and each lesson's, for the learner or a workshop instructor. */
import { EXIT } from '../../errors.js';
import { loadAvailableCourse } from '../../progress/course.js';
import { dataDir, progressFile } from '../../progress/paths.js';
import { progressReport, renderProgressMarkdown, renderProgressText } from '../../progress/report.js';
import { ProgressStore } from '../../progress/store.js';
import type { Context } from '../context.js';

export async function progressCommand(ctx: Context, o: { json?: boolean; markdown?: boolean }): Promise<number> {
  const course = loadAvailableCourse(ctx.projectRoot);
  const store = new ProgressStore({ file: progressFile(dataDir(ctx.env)), onWarning: (w) => ctx.stderr.write(`warning: ${w}\n`) });
  const report = progressReport(course, store.read(), store.file);
  if (o.json) ctx.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else if (o.markdown) ctx.stdout.write(renderProgressMarkdown(report));
  else ctx.stdout.write(renderProgressText(report, ctx.style));
  return EXIT.ok;
}
