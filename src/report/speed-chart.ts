/**
 * A speed step's numbers as a table and a bar chart drawn in text: one row per
 * benchmark, one bar per environment, each row scaled to its slower side so the
 * bars show the ratio. Pure (the run panel, `verify` and its Markdown report
 * all draw with it); plain mode is ASCII, and nothing is wider than `width`.
 */
import { readMetric } from '../check/checker.js';
import type { EnvName } from '../lab/types.js';
import type { VariantResult } from '../lessons/run-step.js';
import type { Chart } from '../lessons/schema.js';
import { padEnd, visibleLength } from '../term/columns.js';
import '../term/exact-width.js'; // labels come from lessons: any text, measured exactly
import { drawTable } from '../term/table.js';
import { wrap } from '../term/wrap.js';
import type { Style } from '../term/style.js';

/** One benchmark: what each environment measured (absent: no number could be read). */
export interface SpeedRow {
  label: string;
  unit: Chart['unit'];
  values: Partial<Record<EnvName, number>>;
}

/** The rows a chart reads from a step's runs: one per variant, or its named rows for every variant. */
export function speedRows(chart: Chart, variants: VariantResult[], stepLabel: string): SpeedRow[] {
  const several = variants.length > 1;
  return variants.flatMap((v) => {
    const variantLabel = v.id === 'main' ? stepLabel : (v.label ?? v.id);
    const specs = chart.rows ?? [{ label: variantLabel, metric: chart.metric! }];
    return specs.map((spec) => {
      const values: SpeedRow['values'] = {};
      for (const [env, o] of Object.entries(v.outcomes) as [EnvName, VariantResult['outcomes'][EnvName]][]) {
        const n = readMetric(o, spec.metric);
        if (n !== null) values[env] = n;
      }
      const label = chart.rows && several ? `${variantLabel}: ${spec.label}` : spec.label;
      return { label, unit: chart.unit, values };
    });
  });
}

/** "0.12 ms", "22.8 ms", "176 ms", "367 µs" ("us" in plain mode). */
export function formatTime(n: number, unit: Chart['unit'], st: Pick<Style, 'fancy'>): string {
  const shown = n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(1) : n.toFixed(2);
  return `${shown} ${unit === 'us' ? (st.fancy ? 'µs' : 'us') : 'ms'}`;
}

/** How `env` compares with `base`: "7.7x slower", "2.9x faster", "same". */
export function ratioText(env: number | undefined, base: number | undefined): string {
  if (env === undefined || base === undefined) return 'n/a';
  if (env <= 0 || base <= 0) return env === base ? 'same' : 'n/a';
  const r = env / base;
  const times = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));
  if (r >= 1.05) return `${times(r)}x slower`;
  if (r <= 1 / 1.05) return `${times(1 / r)}x faster`;
  return 'same';
}

/** The table: benchmark, each environment's time, and how the others compare with the first. */
export function speedTable(rows: SpeedRow[], envs: EnvName[], width: number, st: Style): string[] {
  const [base, ...others] = envs;
  const head = ['benchmark', ...envs, ...others.map((e) => `${e} vs ${base}`)];
  const body = rows.map((r) => [
    r.label,
    ...envs.map((e) => (r.values[e] === undefined ? 'n/a' : formatTime(r.values[e]!, r.unit, st))),
    ...others.map((e) => ratioText(r.values[e], r.values[base!])),
  ]);
  return drawTable(head, body, width, !st.fancy);
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const COLOR: ((st: Style) => (s: string) => string)[] = [(st) => st.cyan, (st) => st.yellow, (st) => st.green];

/** A bar of `cells` columns (fractions as eighth blocks; '#' in plain mode), at least a sliver for any time above 0. */
export function bar(fraction: number, cells: number, fancy: boolean): string {
  const f = Math.min(1, Math.max(0, fraction));
  if (!fancy) return '#'.repeat(f > 0 ? Math.max(1, Math.round(f * cells)) : 0);
  const eighths = f > 0 ? Math.max(1, Math.round(f * cells * 8)) : 0;
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/**
 * The bars: each benchmark's label, then one line per environment with its bar and time. A row's
 * slower side fills the width, so the shorter bar is the ratio at a glance.
 */
export function speedBars(rows: SpeedRow[], envs: EnvName[], width: number, st: Style): string[] {
  const envW = Math.max(...envs.map((e) => e.length));
  const times = rows.flatMap((r) => envs.map((e) => (r.values[e] === undefined ? 'n/a' : formatTime(r.values[e]!, r.unit, st))));
  const timeW = Math.max(3, ...times.map((t) => visibleLength(t)));
  const labelW = Math.max(...rows.map((r) => visibleLength(r.label)));
  // the label shares the first line when it is short and the bars keep at least 20 columns; else it has its own lines
  const inline = labelW <= Math.floor(width * 0.3) && width - labelW - 1 - envW - 1 - 1 - 1 - timeW >= 20;
  const indent = inline ? labelW + 1 : 2;
  // at most 60 columns of bar: longer ones are no easier to compare
  const cells = Math.max(4, Math.min(60, width - indent - envW - 1 - 1 - 1 - timeW));
  const edge = st.fancy ? '▏' : '|';
  const out = wrap('Shorter is faster; in each row the slower side fills the bar', width).map((l) => st.dim(l));
  for (const r of rows) {
    const known = envs.map((e) => r.values[e]).filter((n): n is number => n !== undefined);
    const max = Math.max(0, ...known);
    if (!inline) out.push(...wrap(r.label, width).map((l) => st.bold(l)));
    envs.forEach((e, i) => {
      const n = r.values[e];
      const b = n === undefined || max <= 0 ? '' : bar(n / max, cells, st.fancy);
      const shown = n === undefined ? 'n/a' : formatTime(n, r.unit, st);
      const lead = inline ? (i === 0 ? padEnd(r.label, labelW) : ' '.repeat(labelW)) + ' ' : '  ';
      out.push(`${lead}${e.padEnd(envW)} ${edge}${COLOR[i % COLOR.length]!(st)(padEnd(b, cells))} ${shown.padStart(timeW)}`);
    });
  }
  return out;
}

/** Table, then chart: what a speed step shows wherever it is shown. */
export function speedView(rows: SpeedRow[], envs: EnvName[], width: number, st: Style): string[] {
  if (!rows.length) return [];
  return [...speedTable(rows, envs, width, st), ...speedBars(rows, envs, width, st)];
}
