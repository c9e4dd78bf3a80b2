/** `musl-lab verify [--lesson ID]`: prove every lesson's expectations in the real environments. */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXIT, LabError } from '../../errors.js';
import { ALPINE } from '../../lab/environments.js';
import { ensureEnvironments } from '../../images/images.js';
import { loadCourse, lintCourse } from '../../lessons/load.js';
import { verifyLessons } from '../../lessons/verify.js';
import { renderVerifyMarkdown, renderVerifyText } from '../../report/verify-view.js';
import { dataDir } from '../../util/data-dir.js';
import type { Context } from '../context.js';

export async function verifyCommand(ctx: Context, o: { lesson?: string[]; out?: string; json?: boolean; verbose?: boolean; alpine?: boolean; jobs?: string }): Promise<number> {
  const jobs = o.jobs === undefined ? Math.min(4, os.availableParallelism()) : Number(o.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) throw new LabError('bad-input', `--jobs takes a whole number from 1 to 16, got "${o.jobs}".`, 'For example `--jobs 2`; the default is the number of cores (at most 4).');
  const course = loadCourse(ctx.projectRoot, o.lesson);
  for (const id of o.lesson ?? []) {
    if (!course.lessons.some((l) => l.id === id)) throw new LabError('bad-input', `There is no lesson "${id}".`, `Choose one of: ${course.index.lessons.join(', ')}.`);
  }
  const problems = lintCourse(course);
  for (const p of problems) ctx.stderr.write(`lesson problem: ${p}\n`);
  // --alpine: real Alpine in the musl environments' place. Its differences from the lab's recipe are
  // reported as failed checks (data), not assumed away.
  if (o.alpine && !(await ctx.engine().image(ALPINE.tag))) {
    throw new LabError('image-missing', `Real Alpine (${ALPINE.tag}) is not built.`, 'Build it where a registry answers: `musl-lab images build --alpine`.');
  }
  const images = o.alpine ? { images: { musl: ALPINE.tag, 'musl-gcompat': ALPINE.tag } } : {};
  const lab = await ctx.lab(o.alpine ? images : { warm: true });
  const st = ctx.style;
  if (o.alpine) ctx.stderr.write(st.bold(`Checking every lesson with ${ALPINE.describe} as musl and musl-gcompat: a failed check here is a way Alpine differs from the lab's musl.\n`));
  const report = await verifyLessons(lab, course, {
    only: o.lesson,
    // lessons side by side, each further worker in environments of its own (a warm one serves one at a time)
    workers: jobs,
    moreLabs: () => ctx.lab(images),
    // an on-demand environment (e.g. toolchains) is built on first use, its progress on stderr
    prepare: async (envs) => {
      if (o.alpine) return;
      const built = await ensureEnvironments({ engine: ctx.engine(), projectRoot: ctx.projectRoot, signal: ctx.signal, onEvent: (e) => {
        if (!o.json && /^(building|built|No container registry|Step \d+\/\d+ : (FROM|RUN))/.test(e.text)) ctx.stderr.write(st.dim(`[${e.env}] ${e.text}\n`));
      } }, envs);
      if (built.length && !o.json) ctx.stderr.write(st.dim(`Built on first use: ${built.join(', ')}.\n`));
    },
    onCheck: (c) => {
      if (!o.json) ctx.stderr.write(st.dim(`  ${c.passed ? st.sym.ok : st.sym.fail} ${c.lesson}/${c.step}: ${c.kind}\n`));
    },
  });
  // the data folder, not wherever the command was started (a learner's home or the project itself)
  const outDir = o.out !== undefined ? path.resolve(o.out) : path.join(dataDir(ctx.env), 'results');
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'verify.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFile(path.join(outDir, 'verify.md'), renderVerifyMarkdown(report));
  if (o.json) {
    ctx.stdout.write(JSON.stringify(report, null, 2) + '\n');
    ctx.stderr.write(`Results written to ${path.join(outDir, 'verify.json')} and verify.md\n`);
  } else {
    ctx.stdout.write(renderVerifyText(report, st, { verbose: o.verbose }));
    ctx.stdout.write(st.dim(`Results written to ${path.join(outDir, 'verify.json')} and verify.md${o.out === undefined ? ' (--out DIR puts them elsewhere)' : ''}\n`));
  }
  return report.summary.failed === 0 && problems.length === 0 ? EXIT.ok : EXIT.differs;
}
