/**
 * What the run panel says, as lines of text (pure, so it is tested without a
 * terminal): each environment's phase, outcome and output (with the command
 * that ran), each verdict with expected vs actual where it failed, and the
 * rows of a multi-row step, any of which opens to its full evidence.
 */
import type { EnvOutcome, Verdict } from '../../check/checker.js';
import { labPathsAsTyped } from '../../compare/diff.js';
import { shellLine } from '../../lab/limits.js';
import { describeRun } from '../../lab/signals.js';
import type { EnvName, Phase, RunOutcome } from '../../lab/types.js';
import type { StepResult, VariantResult } from '../../lessons/run-step.js';
import type { Style } from '../../term/style.js';
import { visibleText } from '../../term/visible-text.js';
import type { EnvProgress } from '../state/state.js';
import { chosenRow } from '../state/step-facts.js';
import { cutNotes, ms } from '../../lab/run-notes.js';
import { restartLines } from '../../lab/restarts.js';
import { outputLines } from '../../term/visible-text.js';
import { wrap } from '../../term/wrap.js';


/** "exit 0 · 12 ms", "SIGSEGV (exit 139) · 9 ms", "compile failed". */
export function outcomeSummary(eo: EnvOutcome | undefined, live: RunOutcome | undefined, st: Style): string {
  const run = eo?.run ?? live;
  if (eo && !eo.compile.ok) return st.red('compile failed');
  if (!run) return eo ? 'not run' : '';
  const what = describeRun(run);
  const colored = run.exitCode === 0 && !run.timedOut ? st.green(what) : st.red(what);
  return `${colored}${st.dim(`${st.sym.sep}${ms(run.durationMs)}`)}`;
}

/** The lab's phases as the learner reads them. */
export const phaseText: Record<Phase, string> = { queued: 'queued', compiling: 'compiling', running: 'running', done: 'done' };

/** "compiling… 1.4 s": the phase and how long it has lasted (shown from a second on). */
export function phaseLine(live: EnvProgress | undefined, now: number | undefined, st: Style): string {
  const phase = phaseText[live?.phase ?? 'queued'];
  const dots = live?.phase === 'done' ? '' : st.fancy ? '…' : '...';
  const spent = live?.since !== undefined && now !== undefined ? now - live.since : 0;
  return `${phase}${dots}${spent >= 1000 ? ` ${(spent / 1000).toFixed(0)} s` : ''}`;
}

/** Output rows (see outputLines), and for each whether it begins a line of the program's (false: it continues one cut at the column). */
export function outputRows(text: string, width: number): { rows: string[]; starts: boolean[] } {
  const rows = outputLines(text, width);
  const starts = rows.map(() => true);
  if (rows.length <= 1) return { rows, starts };
  let i = 0;
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const n = Math.max(1, outputLines(line, width).length);
    for (let k = 1; k < n && i + k < starts.length; k++) starts[i + k] = false;
    i += n;
  }
  return { rows, starts };
}

/** The body of one environment's column: the command run, compiler output, stdout and stderr, and what was cut. */
export function envBody(eo: EnvOutcome | undefined, live: RunOutcome | undefined, width: number, st: Style, o: { command?: boolean } = {}): string[] {
  return envBodyRows(eo, live, width, st, o).lines;
}

/** envBody's lines, and for each whether it begins a line (false: a program's output line continued at the column). */
export function envBodyRows(eo: EnvOutcome | undefined, live: RunOutcome | undefined, width: number, st: Style, o: { command?: boolean } = {}): { lines: string[]; starts: boolean[] } {
  const lines: string[] = [];
  const starts: boolean[] = [];
  const add = (more: string[], cont?: boolean[]) => {
    more.forEach((l, i) => (lines.push(l), starts.push(cont?.[i] ?? true)));
  };
  // compiler and program output verbatim (carets and columns kept, escapes visible), wrapped at the column
  // the lab's work folder shows as the learner typed it ("./hello"), in the command and in what was printed
  if (eo && eo.compile.diagnostics && !eo.compile.ok) add(outputLines(labPathsAsTyped(eo.compile.diagnostics), width));
  else if (eo?.compile.diagnostics) add(outputLines(labPathsAsTyped(eo.compile.diagnostics), width).map((l) => st.yellow(l)));
  const run = eo?.run ?? live;
  if (run) {
    // the command that ran: in the opened views (a folded column keeps its rows for the output)
    if (o.command !== false && run.command?.length) add(wrap(visibleText(`$ ${shellLine(run.command.map(tidyPath))}`, { keepTabs: false }), width).map((l) => st.dim(l)));
    const out = outputRows(labPathsAsTyped(run.stdout), width);
    const err = outputRows(labPathsAsTyped(run.stderr), width - 2);
    add(out.rows, out.starts);
    add(err.rows.map((l) => `${st.dim('!')} ${l}`), err.starts);
    if (!out.rows.length && !err.rows.length) add([st.dim('(no output)')]);
    add(cutNotes(run).flatMap((n) => wrap(n, width)).map((l) => st.dim(l)));
  }
  // a crash loop (steps with restarts): each restart's back-off, outcome and last log line
  for (const l of restartLines(eo?.restarts)) {
    const pre = l.startsWith('  ') ? '  ' : ''; // a restart's log line sits under it (wrap trims spaces)
    const [first = '', ...more] = wrap(l.trim(), width - pre.length);
    const rest = more.length ? wrap(more.join(' '), width - pre.length - 2) : [];
    add([st.yellow(`${pre}${first}`), ...rest.map((w) => st.yellow(`${pre}  ${w}`))]);
  }
  // a step with explain: true: the cause is part of the evidence (w shows the whole explanation)
  const why = eo?.explanation;
  if (why?.reproduced) add(wrap(`why: ${why.cause.summary} (w: more)`, width).map((l) => st.yellow(l)));
  return { lines, starts };
}

/** The lab's work folders differ run to run; the learner's program name is what matters. */
const tidyPath = labPathsAsTyped;

/** Verdict lines: failures first with expected vs actual and why; passes one line each. */
export function verdictLines(verdicts: Verdict[], width: number, st: Style): string[] {
  const out: string[] = [];
  const failed = verdicts.filter((v) => !v.ok);
  const ok = verdicts.filter((v) => v.ok);
  for (const v of failed) {
    out.push(...wrap(`${st.sym.fail} ${v.label}: ${v.reason}`, width).map((l, i) => (i ? `  ${l}` : st.red(l))));
    // actual quotes what the program printed: escapes visible, never raw
    out.push(...wrap(`expected: ${visibleText(v.expected, { keepTabs: false })}`, width - 4).map((l) => `    ${l}`));
    out.push(...wrap(`actual:   ${visibleText(v.actual, { keepTabs: false })}`, width - 4).map((l) => `    ${l}`));
    if (v.why) out.push(...wrap(`why: ${v.why}`, width - 4).map((l) => `    ${st.dim(l)}`));
  }
  for (const v of ok) out.push(...wrap(`${st.green(st.sym.ok)} ${v.label}: ${visibleText(v.actual, { keepTabs: false })}`, width).map((l, i) => (i ? `    ${l}` : l)));
  return out;
}

/**
 * One row per variant (e.g. stack sizes), the chosen one marked. A row too
 * wide for the panel continues on indented lines: nothing is cut.
 */
export function variantTable(variants: VariantResult[], envs: EnvName[], width: number, st: Style, chosen: number, o: { keyValues?: boolean } = {}): string[] {
  return variants.flatMap((v, i) => {
    const mark = i === chosen ? (st.fancy ? '▸' : '>') : ' ';
    const verdict = v.passed ? st.green(st.fancy ? st.sym.ok : 'held') : st.red(st.fancy ? st.sym.fail : 'FAILED');
    const restarted = (e: EnvName) => v.outcomes[e]?.restarts?.length ?? 0; // a crash loop's row says how often it restarted
    const cells = envs.map((e) => `${e}: ${outcomeSummary(v.outcomes[e], undefined, st)}${restarted(e) ? st.dim(`${st.sym.sep}${restarted(e)} restarts`) : ''}`);
    const head = `${mark} ${verdict} ${v.label ?? v.id}`;
    const one = `${head}  ${cells.join('  ')}`;
    const key = o.keyValues === false ? [] : keyValues(v, envs, width - 6, st).map((l) => `      ${l}`);
    if (visible(one) <= width) return [i === chosen ? st.bold(one) : one, ...key];
    return [i === chosen ? st.bold(head) : head, ...cells.flatMap((c) => wrap(c, width - 6).map((l) => `      ${l}`)), ...key];
  });
}

/**
 * What a row of a table of runs exists to show, at once (o still opens the whole output):
 * the first line of output where the sides differ ("thread stack: 8388608 bytes (8192 KiB)"
 * against "... (130 KiB)"), each side's on one line when both fit, else one line per side.
 * Nothing when the sides printed the same.
 */
export function keyValues(v: VariantResult, envs: EnvName[], width: number, st: Style): string[] {
  const lines = envs.map((e) => labPathsAsTyped(v.outcomes[e]?.run?.stdout ?? '').split('\n'));
  const n = Math.max(...lines.map((l) => l.length));
  for (let i = 0; i < n; i++) {
    const here = lines.map((l) => l[i] ?? '');
    if (here.every((x) => x === here[0])) continue;
    const cells = envs.map((e, k) => `${st.dim(`${e}:`)} ${visibleText(here[k]!, { keepTabs: false }) || st.dim('(nothing)')}`);
    const one = cells.join('   ');
    return visible(one) <= width ? [one] : cells.flatMap((c) => wrap(c, width));
  }
  return [];
}

/** Everything one row of a multi-row step holds: each side's command and outputs, then its checks. */
export function rowDetail(v: VariantResult, envs: EnvName[], width: number, st: Style): string[] {
  const lines = [st.bold(`${v.label ?? v.id}: ${v.passed ? 'every check holds' : `${v.verdicts.filter((x) => !x.ok).length} of ${v.verdicts.length} checks failed`}`)];
  for (const env of envs) {
    lines.push('', `${st.bold(env)}  ${outcomeSummary(v.outcomes[env], undefined, st)}`);
    lines.push(...envBody(v.outcomes[env], undefined, width, st));
  }
  if (v.verdicts.length) lines.push('', ...verdictLines(v.verdicts, width, st));
  return lines;
}

const visible = (s: string) => [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;

/**
 * Rows the folded run panel needs to show everything it holds (the lesson view gives the rest
 * to the prose): a table of runs with its key values and the chosen row's failures; or both
 * sides' outputs (side by side from `sideBySide`) and every verdict. An estimate from above;
 * the panel still folds to what it gets.
 */
export function runPanelWanted(result: StepResult, envs: EnvName[], width: number, st: Style, row: number | undefined, sideBySide: boolean): number {
  const vs = result.variants;
  if (vs.length > 1) {
    const chosen = chosenRow(row, result);
    const failing = verdictLines(vs[chosen]!.verdicts.filter((x) => !x.ok), width, st).length;
    return 2 + variantTable(vs, envs, width, st, chosen).length + (failing ? failing + 2 : 0);
  }
  const main = vs[0];
  const cols = sideBySide && envs.length > 1 ? envs.length : 1;
  const colWidth = cols > 1 ? Math.floor((width - 2 * (cols - 1)) / cols) : width;
  const needs = envs.map((e) => 1 + envBody(main?.outcomes[e], undefined, colWidth, st, { command: false }).length);
  const envRows = cols > 1 ? Math.max(...needs) : needs.reduce((a, b) => a + b, 0);
  const verdicts = verdictLines(main?.verdicts ?? [], width, st).length;
  return 1 + envRows + (verdicts ? verdicts + 1 : 0) + 1;
}