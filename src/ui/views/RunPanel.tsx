import { Box } from 'ink';
import { LIMITS } from '../../lab/limits.js';
import { useMemo } from 'react';
import { catalogue } from '../../causes/load.js';
import type { RunnableStep } from '../../lessons/run-step.js';
import { speedRows, speedView } from '../../report/speed-chart.js';
import { EnvColumn } from './EnvColumn.js';
import { SIDE_BY_SIDE_MIN } from './layout.js';
import { Lines } from '../components/Lines.js';
import { runCauseLines, runCauses } from './run-causes.js';
import { chosenRow } from '../state/step-facts.js';
import { envBody, outcomeSummary, rowDetail, variantTable, verdictLines } from './run-view.js';
import type { RunState } from '../state/state.js';
import { foldTail, windowOf } from '../../term/scroll.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';
import { useNow } from '../hooks/use-now.js';

export interface RunPanelProps {
  run: RunState;
  step: RunnableStep;
  width: number;
  height: number;
  expanded: boolean;
  scroll: number;
  /** The chosen row of a multi-row step (unset: the row that matters). */
  row?: number;
}

/**
 * glibc and musl side by side (stacked when narrow), each shown as soon as it
 * finishes, then every verdict. A multi-row step lists its rows; `o` opens the
 * chosen one to both sides' outputs and its checks. Folded to its height; `o`
 * expands and ↑/↓ scroll.
 */
export function RunPanel({ run, step, width, height, expanded, scroll, row }: RunPanelProps) {
  const st = useTheme();
  const now = useNow(run.status === 'running');
  const envs = step.runIn;
  const result = run.result;
  // a failed check (or the learner's own variant) where glibc and musl differ: the known root cause and its lesson
  const shownRow = result && result.variants.length > 1 ? result.variants[chosenRow(row, result)] : result?.variants[0];
  const causes = useMemo(() => {
    if (!shownRow || !result || (shownRow.passed && !run.tinker)) return [];
    try {
      return runCauseLines(runCauses(shownRow, envs, catalogue()), { lesson: result.lesson, step: result.step }, width, st);
    } catch {
      return []; // a catalogue that does not load never takes the run panel down
    }
  }, [shownRow, result, run.tinker, envs, width, st]);
  const title = (() => {
    if (run.status === 'running') {
      // which row runs, and how long it may: a looping program is not a hung lab (c cancels)
      const where = [...(run.row && run.row.of > 1 ? [`row ${run.row.index + 1}/${run.row.of}`] : []), `limit ${limitSeconds(step)} s`].join(st.sym.sep);
      return st.bold(`Running in ${envs.join(' and ')}${st.sym.ellipsis}`) + st.dim(`  ${where}${st.sym.sep}c cancels`) + (run.trigger === 'save' ? st.dim('  (you saved the file)') : '');
    }
    if (run.status === 'error') return st.red(st.bold('The run could not be done.'));
    if (run.status === 'cancelled') return st.yellow(st.bold(run.stopping ? `Cancelling: stopping the programs${st.sym.ellipsis}` : 'Cancelled: the programs were stopped; nothing was recorded.'));
    if (result?.notApplicable) return st.dim(`Not applicable here: ${result.notApplicable}`);
    const all = result!.variants.flatMap((v) => v.verdicts);
    const failed = all.filter((v) => !v.ok).length;
    const took = st.dim(`  (${Math.round(result!.durationMs)} ms)`);
    if (run.tinker) return st.cyan(st.bold(`Your variant: ${all.length - failed} of ${all.length} expectations hold`)) + took;
    return result!.passed
      ? st.green(st.bold(`${st.fancy ? `${st.sym.ok} ` : ''}Passed: all ${all.length} checks hold`)) + took
      : st.red(st.bold(`${st.fancy ? `${st.sym.fail} ` : ''}Not yet: ${failed} of ${all.length} checks failed`)) + took;
  })();
  if (run.status === 'cancelled') return <Lines lines={[title, st.dim('r runs it again (the environments are ready).')].slice(0, height)} height={height} />;
  if (run.status === 'error') {
    const lines = [title, ...wrap(`error: ${run.error!.message}`, width).map((l) => st.red(l)), ...wrap(`next:  ${run.error!.next}`, width)];
    return <Lines lines={lines.slice(0, height)} height={height} />;
  }
  const variants = result?.variants ?? [];
  const single = variants.length <= 1;
  const main = variants[0];
  // a speed step: its numbers as a table and bars, before the outputs they were read from
  const chart = step.chart && result && !result.notApplicable ? ['', ...speedView(speedRows(step.chart, variants, step.title), envs, width, st)] : [];

  if (!single) {
    const chosen = chosenRow(row, result);
    const v = variants[chosen]!;
    const lines: string[] = [title];
    // opened: the numbers first (the folded panel may be too short for them), then the chosen row's evidence
    if (expanded) lines.push(...chart.slice(1), ...(chart.length ? [''] : []), ...rowDetail(v, envs, width, st));
    else {
      lines.push(...variantTable(variants, envs, width, st, chosen, { keyValues: !chart.length }), ...chart); // a speed step's numbers are its chart
      const failing = verdictLines(v.verdicts.filter((x) => !x.ok), width, st);
      if (failing.length) lines.push('', st.bold(`${v.label ?? v.id}:`), ...failing);
      lines.push(...causes);
    }
    const keysHint = expanded ? `[/] another row ${st.fancy ? '·' : '-'} o folds` : `[/] choose a row ${st.fancy ? '·' : '-'} o opens it`;
    return <Lines lines={scrolled(lines, height, scroll, expanded, keysHint, st)} height={height} />;
  }

  const verdicts = result ? [...causes, ...verdictLines(main?.verdicts ?? [], width, st)] : [];
  if (chart.length && !expanded) {
    // what failed first (a task's reason), then the numbers, then the checks that hold
    const failing = verdictLines(main?.verdicts.filter((x) => !x.ok) ?? [], width, st);
    const holding = verdictLines(main?.verdicts.filter((x) => x.ok) ?? [], width, st);
    const lines = [title, ...failing, ...chart, '', ...holding];
    const fits = lines.length <= height - 1;
    const footer = st.dim(fits ? 'o opens the outputs' : `lines 1-${height - 1} of ${lines.length}${st.sym.sep}o shows all, with the outputs`);
    return <Lines lines={[...lines.slice(0, height - 1), footer]} height={height} />;
  }
  if (expanded) {
    const lines: string[] = [title, ...chart];
    for (const env of envs) {
      lines.push('', `${st.bold(env)}  ${outcomeSummary(main?.outcomes[env], run.envs[env]?.outcome, st)}`);
      lines.push(...envBody(main?.outcomes[env], run.envs[env]?.outcome, width, st));
    }
    if (verdicts.length) lines.push('', ...verdicts);
    return <Lines lines={scrolled(lines, height, scroll, true, 'o folds', st)} height={height} />;
  }

  // side by side from ~100 columns (width is the terminal's minus one)
  const side = width + 1 >= SIDE_BY_SIDE_MIN && envs.length > 1;
  const rest = height - 1;
  const colWidth = side ? Math.floor((width - 2 * (envs.length - 1)) / envs.length) : width;
  const needs = envs.map((env) => 1 + envBody(main?.outcomes[env], run.envs[env]?.outcome, colWidth, st, { command: false }).length);
  const verdictMax = verdicts.length ? Math.max(3, Math.floor(rest * 0.45)) : 0;
  const envRowsMax = rest - Math.min(verdicts.length + 1, verdictMax);
  const share = side ? envRowsMax : Math.max(2, Math.floor(envRowsMax / envs.length));
  const perEnv = needs.map((n) => Math.min(n, share));
  const envRows = side ? Math.max(...perEnv) : perEnv.reduce((a, b) => a + b, 0);
  const verdictRows = verdicts.length ? Math.min(verdicts.length + 1, rest - envRows) : 0;
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      <Lines lines={[title]} />
      <Box flexDirection={side ? 'row' : 'column'} height={envRows} gap={side ? 2 : 0}>
        {envs.map((env, i) => (
          <EnvColumn key={env} env={env} live={run.envs[env]} outcome={main?.outcomes[env]} width={colWidth} height={perEnv[i]!} now={now} />
        ))}
      </Box>
      {verdictRows > 1 ? <Lines lines={['', ...foldTail(verdicts, verdictRows - 1, (n) => st.dim(`${st.sym.ellipsis} ${n} more (o expands)`))]} /> : null}
    </Box>
  );
}

/** The run time limit of each program of the step, in seconds. */
const limitSeconds = (step: RunnableStep) => Math.round((step.timeoutMs ?? LIMITS.runTimeoutMs) / 100) / 10;

/** A window of the lines with a last line that says where it is and which keys move it. */
function scrolled(lines: string[], height: number, scroll: number, expanded: boolean, keys: string, st: ReturnType<typeof useTheme>): string[] {
  const win = windowOf(lines, height - 1, expanded ? scroll : 0);
  const sep = st.sym.sep;
  const where = expanded || lines.length > height - 1 ? `lines ${win.scroll + 1}-${win.scroll + win.shown.length} of ${lines.length}${sep}` : '';
  const move = expanded && lines.length > height - 1 ? `${st.sym.up}/${st.sym.down} scroll${sep}` : !expanded && win.below ? `o shows all${sep}` : '';
  return [...win.shown, st.dim(`${where}${move}${keys}`)];
}
