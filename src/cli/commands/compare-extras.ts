/** The two deeper looks of `musl-lab compare`: --explain (why did it crash?) and --trace (system calls side by side). */
import { diagnoseComparison } from '../../compare/causes.js';
import { explainSides } from '../../compare/explain-sides.js';
import type { Comparison, CompareRequest } from '../../compare/compare.js';
import { comparisonJson, renderComparison } from '../../compare/view.js';
import { explanationJson, explanationLines } from '../../explain/view.js';
import { EXIT } from '../../errors.js';
import type { LabSession } from '../../lab/session.js';
import type { EnvName } from '../../lab/types.js';
import { saveTraces } from '../../trace/save.js';
import { traceProgram } from '../../trace/trace.js';
import { renderTrace, traceJson } from '../../trace/view.js';
import type { Context } from '../context.js';

/** Print the comparison and, under it, the explanation of each side that crashed. */
export async function printWithExplanations(ctx: Context, lab: LabSession, req: CompareRequest, result: Comparison, json: boolean): Promise<void> {
  const explanations = await explainSides(lab, req, result);
  const sources = req.sources.map((s) => s.name);
  const causes = result.differences.length ? diagnoseComparison(result, req.sources, explanations) : [];
  if (json) {
    ctx.stdout.write(JSON.stringify({ ...comparisonJson(result, causes), explanations: explanations.map((e) => (e ? explanationJson(e) : null)) }, null, 2) + '\n');
    return;
  }
  ctx.stdout.write(renderComparison(result, ctx.style, ctx.stdout.columns ?? 100, causes));
  const some = explanations.filter((e) => e !== null);
  if (some.length === 0) ctx.stdout.write(`\n${ctx.style.dim('--explain: neither side crashed (SIGSEGV, SIGBUS, SIGABRT, SIGILL or SIGFPE); nothing to explain.')}\n`);
  for (const e of some) ctx.stdout.write('\n' + explanationLines(e, ctx.style, sources).join('\n') + '\n');
}

/** Run the program under strace in both environments, save the raw traces, show the summary side by side. */
export async function traceCommand(ctx: Context, lab: LabSession, req: CompareRequest & { envs: [EnvName, EnvName] }, json: boolean): Promise<number> {
  const sides = await traceProgram(lab, { sources: req.sources, flags: req.flags, run: req.run, envs: req.envs });
  const saved = await saveTraces(ctx.env, req.sources[0]?.name ?? 'prog', sides);
  if (json) ctx.stdout.write(JSON.stringify(traceJson(sides, saved), null, 2) + '\n');
  else ctx.stdout.write(renderTrace(sides, ctx.style, ctx.stdout.columns ?? 100, saved));
  const [a, b] = sides;
  // a build that failed on both sides is not "the same": nothing ran
  const same = a.compile.ok && b.compile.ok && a.run?.exitCode === b.run?.exitCode && a.run?.stdout === b.run?.stdout;
  return same ? EXIT.ok : EXIT.differs;
}
