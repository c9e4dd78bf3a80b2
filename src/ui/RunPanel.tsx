import { Box } from 'ink';
import type { RunnableStep } from '../lessons/run-step.js';
import { EnvColumn } from './EnvColumn.js';
import { SIDE_BY_SIDE_MIN } from './layout.js';
import { Lines } from './Lines.js';
import { envBody, outcomeSummary, variantTable, verdictLines } from './run-view.js';
import type { RunState } from './state.js';
import { foldTail, windowOf, wrap } from './text.js';
import { useTheme } from './theme.js';

export interface RunPanelProps {
  run: RunState;
  step: RunnableStep;
  width: number;
  height: number;
  expanded: boolean;
  scroll: number;
}

/** glibc and musl side by side (stacked when narrow), then every verdict. Folded to its height; `o` expands and scrolls. */
export function RunPanel({ run, step, width, height, expanded, scroll }: RunPanelProps) {
  const st = useTheme();
  const envs = step.runIn;
  const result = run.result;
  const title = (() => {
    if (run.status === 'running') return st.bold(`Running in ${envs.join(' and ')}${st.sym.ellipsis}`) + (run.trigger === 'save' ? st.dim('  (you saved the file)') : '');
    if (run.status === 'error') return st.red(st.bold('The run could not be done.'));
    if (result?.notApplicable) return st.dim(`Not applicable here: ${result.notApplicable}`);
    const all = result!.variants.flatMap((v) => v.verdicts);
    const failed = all.filter((v) => !v.ok).length;
    return result!.passed
      ? st.green(st.bold(`${st.sym.ok} Passed: all ${all.length} checks hold`)) + st.dim(`  (${Math.round(result!.durationMs)} ms)`)
      : st.red(st.bold(`${st.sym.fail} Not yet: ${failed} of ${all.length} checks failed`)) + st.dim(`  (${Math.round(result!.durationMs)} ms)`);
  })();
  if (run.status === 'error') {
    const lines = [title, ...wrap(`error: ${run.error!.message}`, width).map((l) => st.red(l)), ...wrap(`next:  ${run.error!.next}`, width)];
    return <Lines lines={lines.slice(0, height)} height={height} />;
  }
  const variants = result?.variants ?? [];
  const single = variants.length <= 1;
  const verdicts = result ? verdictLines(variants.flatMap((v) => (single ? v.verdicts : v.verdicts.filter((x) => !x.ok))), width, st) : [];
  const main = variants[0];

  if (expanded || !single) {
    // everything as one scrollable list
    const lines: string[] = [title];
    if (!single) lines.push(...variantTable(variants, envs, st));
    else
      for (const env of envs) {
        lines.push('', `${st.bold(env)}  ${outcomeSummary(main?.outcomes[env], run.envs[env]?.outcome, st)}`);
        lines.push(...envBody(main?.outcomes[env], run.envs[env]?.outcome, width, st));
      }
    if (verdicts.length) lines.push('', ...verdicts);
    const win = windowOf(lines, height - 1, scroll);
    const more = expanded ? st.dim(`lines ${win.scroll + 1}-${win.scroll + win.shown.length} of ${lines.length}${st.sym.sep}${st.sym.up}/${st.sym.down} scroll${st.sym.sep}o folds`) : win.below ? st.dim(`${st.sym.ellipsis} ${win.below} more lines (o expands)`) : '';
    return <Lines lines={[...win.shown, more]} height={height} />;
  }

  // side by side from ~100 columns (width is the terminal's minus one)
  const side = width + 1 >= SIDE_BY_SIDE_MIN && envs.length > 1;
  const rest = height - 1;
  const colWidth = side ? Math.floor((width - 2 * (envs.length - 1)) / envs.length) : width;
  const needs = envs.map((env) => 1 + envBody(main?.outcomes[env], run.envs[env]?.outcome, colWidth, st).length);
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
          <EnvColumn key={env} env={env} live={run.envs[env]} outcome={main?.outcomes[env]} width={colWidth} height={perEnv[i]!} />
        ))}
      </Box>
      {verdictRows > 1 ? <Lines lines={['', ...foldTail(verdicts, verdictRows - 1, (n) => st.dim(`${st.sym.ellipsis} ${n} more (o expands)`))]} /> : null}
    </Box>
  );
}
