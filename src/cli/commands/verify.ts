/** `musl-lab verify [--lesson ID]`: prove every lesson's expectations in the real environments. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, LabError } from '../../errors.js';
import { loadCourse, lintCourse } from '../../lessons/load.js';
import { verifyLessons } from '../../lessons/verify.js';
import { renderVerifyMarkdown, renderVerifyText } from '../../report/verify-view.js';
import type { Context } from '../context.js';

export async function verifyCommand(ctx: Context, o: { lesson?: string[]; out?: string; json?: boolean; verbose?: boolean }): Promise<number> {
  const course = loadCourse(ctx.projectRoot, o.lesson);
  for (const id of o.lesson ?? []) {
    if (!course.lessons.some((l) => l.id === id)) throw new LabError('bad-input', `There is no lesson "${id}".`, `Choose one of: ${course.index.lessons.join(', ')}.`);
  }
  const problems = lintCourse(course);
  for (const p of problems) ctx.stderr.write(`lesson problem: ${p}\n`);
  const lab = await ctx.lab({ warm: true });
  const st = ctx.style;
  const report = await verifyLessons(lab, course, {
    only: o.lesson,
    onCheck: (c) => {
      if (!o.json) ctx.stderr.write(st.dim(`  ${c.passed ? st.sym.ok : st.sym.fail} ${c.lesson}/${c.step}: ${c.kind}\n`));
    },
  });
  const outDir = path.resolve(o.out ?? 'results');
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'verify.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFile(path.join(outDir, 'verify.md'), renderVerifyMarkdown(report));
  if (o.json) ctx.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    ctx.stdout.write(renderVerifyText(report, st, { verbose: o.verbose }));
    ctx.stdout.write(st.dim(`Results written to ${path.join(outDir, 'verify.json')} and verify.md\n`));
  }
  return report.summary.failed === 0 && problems.length === 0 ? EXIT.ok : EXIT.differs;
}
