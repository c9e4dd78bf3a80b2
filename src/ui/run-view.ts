/**
 * What the run panel says, as lines of text (pure, so it is tested without a
 * terminal): each environment's outcome and output, and each verdict with
 * expected vs actual where it failed.
 */
import type { EnvOutcome, Verdict } from '../check/checker.js';
import { describeExit } from '../lab/signals.js';
import type { EnvName, RunOutcome } from '../lab/types.js';
import type { VariantResult } from '../lessons/run-step.js';
import type { Style } from '../util/style.js';
import { visibleText } from '../util/visible-text.js';
import type { EnvRun } from './state.js';
import { outputLines, wrap } from './text.js';

const ms = (n: number) => (n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`);

/** "exit 0 · 12 ms", "SIGSEGV (exit 139) · 9 ms", "compile failed". */
export function outcomeSummary(eo: EnvOutcome | undefined, live: RunOutcome | undefined, st: Style): string {
  const run = eo?.run ?? live;
  if (eo && !eo.compile.ok) return st.red('compile failed');
  if (!run) return eo ? 'not run' : '';
  const what = describeExit(run.exitCode, run.signal, run.timedOut);
  const colored = run.exitCode === 0 && !run.timedOut ? st.green(what) : st.red(what);
  return `${colored}${st.dim(`${st.sym.sep}${ms(run.durationMs)}`)}`;
}

/** What an environment is doing (busy phases end in st.sym.ellipsis where shown). */
export const phaseText: Record<EnvRun['phase'], string> = { waiting: 'waiting', compiling: 'compiling', running: 'running', done: 'done' };

/** The body of one environment's column: compiler errors, then stdout and stderr. */
export function envBody(eo: EnvOutcome | undefined, live: RunOutcome | undefined, width: number, st: Style): string[] {
  const lines: string[] = [];
  // compiler and program output verbatim (carets and columns kept, escapes visible), wrapped at the column
  if (eo && eo.compile.diagnostics && !eo.compile.ok) lines.push(...outputLines(eo.compile.diagnostics, width));
  else if (eo?.compile.diagnostics) lines.push(...outputLines(eo.compile.diagnostics, width).map((l) => st.yellow(l)));
  const run = eo?.run ?? live;
  if (run) {
    const out = outputLines(run.stdout, width);
    const err = outputLines(run.stderr, width - 2);
    lines.push(...out, ...err.map((l) => `${st.dim('!')} ${l}`));
    if (!out.length && !err.length) lines.push(st.dim('(no output)'));
  }
  return lines;
}

/** Verdict lines: failures first with expected vs actual and why; passes one line each. */
export function verdictLines(verdicts: Verdict[], width: number, st: Style): string[] {
  const out: string[] = [];
  const failed = verdicts.filter((v) => !v.ok);
  const ok = verdicts.filter((v) => v.ok);
  for (const v of failed) {
    out.push(`${st.red(st.sym.fail)} ${st.bold(v.label)}: ${v.reason}`);
    // actual quotes what the program printed: escapes visible, never raw
    out.push(...wrap(`expected: ${visibleText(v.expected, { keepTabs: false })}`, width - 4).map((l) => `    ${l}`));
    out.push(...wrap(`actual:   ${visibleText(v.actual, { keepTabs: false })}`, width - 4).map((l) => `    ${l}`));
    if (v.why) out.push(...wrap(`why: ${v.why}`, width - 4).map((l) => `    ${st.dim(l)}`));
  }
  for (const v of ok) out.push(...wrap(`${st.green(st.sym.ok)} ${v.label}: ${visibleText(v.actual, { keepTabs: false })}`, width));
  return out;
}

/** One line per variant for experiments that fill a table (e.g. stack sizes). */
export function variantTable(variants: VariantResult[], envs: EnvName[], st: Style): string[] {
  return variants.map((v) => {
    const cells = envs.map((e) => `${e}: ${outcomeSummary(v.outcomes[e], undefined, st)}`);
    return `${v.passed ? st.green(st.sym.ok) : st.red(st.sym.fail)} ${v.label ?? v.id}  ${cells.join('  ')}`;
  });
}
