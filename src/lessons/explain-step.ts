/**
 * The TUI's deeper looks at one row of a step the learner ran.
 *
 * "Why did it crash?" (`w`):
 * each environment of the row whose run crashed, explained with the row's
 * own flags, arguments and limits. A step with `explain: true` already has
 * them; otherwise they are made now.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { explainCrash, isCrash, type CrashExplanation } from '../explain/explain.js';
import type { LabSession } from '../lab/session.js';
import type { EnvName, RunRequest, SourceFile } from '../lab/types.js';
import { traceProgram, type TraceSide } from '../trace/trace.js';
import type { Lesson } from './load.js';
import { stepExpect, variantsOf, type RunnableStep } from './run-plan.js';
import { mainSource, type VariantResult, type Which } from './run-step.js';

export async function explainRow(lab: LabSession, lesson: Lesson, step: RunnableStep, row: VariantResult, o: { which: Which; main?: SourceFile }): Promise<CrashExplanation[]> {
  const crashed = Object.values(row.outcomes).filter((x) => x && isCrash(x.run));
  if (crashed.every((x) => x!.explanation)) return crashed.map((x) => x!.explanation!);
  const expect = stepExpect(step);
  const spec = variantsOf(step, expect).find((v) => v.id === row.id) ?? variantsOf(step, expect)[0]!;
  const read = (f: string): SourceFile => ({ name: f, content: readFileSync(path.join(lesson.srcDir, f)) });
  const mainName = mainSource(lesson, step, o.which);
  const main = o.main ?? (mainName ? read(mainName) : undefined);
  if (!main) return [];
  const sources = [main, ...step.extraSources.map(read)];
  const out: CrashExplanation[] = [];
  for (const x of crashed) {
    if (x!.explanation) {
      out.push(x!.explanation);
      continue;
    }
    const req: RunRequest = { args: spec.args, env: spec.env, ulimits: spec.ulimits, stdin: step.stdin, timeoutMs: step.timeoutMs };
    const buildIn = step.compileIn === 'each' ? x!.env : step.compileIn;
    out.push(await explainCrash(lab, x!.env, { sources, compiler: step.compiler, flags: spec.flags, run: req, stderr: x!.run!.stderr, buildIn }));
  }
  return out;
}

/** The row's program run under strace in the step's first two environments (the TUI's `t`). */
export async function traceRow(lab: LabSession, lesson: Lesson, step: RunnableStep, row: VariantResult, o: { which: Which; main?: SourceFile }): Promise<[TraceSide, TraceSide] | null> {
  const expect = stepExpect(step);
  const spec = variantsOf(step, expect).find((v) => v.id === row.id) ?? variantsOf(step, expect)[0]!;
  const read = (f: string): SourceFile => ({ name: f, content: readFileSync(path.join(lesson.srcDir, f)) });
  const mainName = mainSource(lesson, step, o.which);
  const main = o.main ?? (mainName ? read(mainName) : undefined);
  if (!main || step.runIn.length < 2) return null;
  const run: RunRequest = { args: spec.args, env: spec.env, ulimits: spec.ulimits, stdin: step.stdin, timeoutMs: step.timeoutMs };
  return traceProgram(lab, { sources: [main, ...step.extraSources.map(read)], flags: spec.flags, run, envs: step.runIn.slice(0, 2) as [EnvName, EnvName] });
}
