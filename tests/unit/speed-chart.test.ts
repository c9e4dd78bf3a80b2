/** The speed table and bar chart: rows read from runs, ratios, bars that fit the width, ASCII in plain mode. */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { EnvOutcome } from '../../src/check/checker.js';
import type { EnvName } from '../../src/lab/types.js';
import type { VariantResult } from '../../src/lessons/run-step.js';
import { chart } from '../../src/lessons/schema.js';
import { bar, formatTime, ratioText, speedBars, speedRows, speedTable, speedView, type SpeedRow } from '../../src/report/speed-chart.js';
import { makeStyle } from '../../src/term/style.js';

const plain = makeStyle({ color: false, plain: true });
const fancy = makeStyle({ color: false });

function outcome(env: EnvName, stdout: string): EnvOutcome {
  return { env, compile: { ok: true, exitCode: 0, diagnostics: '' }, run: { env, exitCode: 0, signal: null, stdout, stderr: '', timedOut: false, truncated: false, durationMs: 1 } };
}
function variant(id: string, label: string | undefined, glibc: string, musl: string): VariantResult {
  return { id, label, outcomes: { glibc: outcome('glibc', glibc), musl: outcome('musl', musl) }, verdicts: [], passed: true };
}

const rows: SpeedRow[] = [
  { label: 'malloc, 1 thread', unit: 'ms', values: { glibc: 22.8, musl: 176 } },
  { label: 'memcpy 1 MiB', unit: 'ms', values: { glibc: 95.5, musl: 91.9 } },
  { label: 'dynamic hello', unit: 'us', values: { glibc: 1067, musl: 367 } },
];

describe('speedRows', () => {
  it('reads one row per variant by the metric, labelled by the variant', () => {
    const c = chart.parse({ metric: { stdout: 'median_ms=([0-9.]+)' } });
    const got = speedRows(c, [variant('one', '1 thread', 'median_ms=22.8\n', 'median_ms=176.0\n'), variant('four', '4 threads', 'median_ms=31.8\n', 'garbled\n')], 'malloc');
    expect(got).toEqual([
      { label: '1 thread', unit: 'ms', values: { glibc: 22.8, musl: 176 } },
      { label: '4 threads', unit: 'ms', values: { glibc: 31.8 } },
    ]);
  });

  it('a single run is labelled by the step; named rows read several numbers of one run', () => {
    const single = speedRows(chart.parse({ unit: 'us', metric: { stdout: 'median_us=([0-9]+)' } }), [variant('main', undefined, 'median_us=418', 'median_us=181')], 'Start-up');
    expect(single).toEqual([{ label: 'Start-up', unit: 'us', values: { glibc: 418, musl: 181 } }]);
    const named = chart.parse({ rows: [{ label: 'reference', metric: { stdout: 'reference_ms=([0-9.]+)' } }, { label: 'yours', metric: { stdout: 'yours_ms=([0-9.]+)' } }] });
    const two = speedRows(named, [variant('main', undefined, 'reference_ms=11.0\nyours_ms=2.9\n', 'reference_ms=83.2\nyours_ms=2.4\n')], 'Task');
    expect(two.map((r) => [r.label, r.values.musl])).toEqual([['reference', 83.2], ['yours', 2.4]]);
  });

  it('the schema wants exactly one of metric and rows', () => {
    expect(() => chart.parse({})).toThrow(/give metric/);
    expect(() => chart.parse({ metric: 'duration', rows: [{ label: 'x', metric: 'duration' }] })).toThrow(/give metric/);
  });
});

describe('numbers and ratios', () => {
  it.each([
    [176, 22.8, '7.7x slower'],
    [788.3, 31.8, '25x slower'],
    [367, 1067, '2.9x faster'],
    [91.9, 95.5, 'same'],
    [1.2, 1001, '834x faster'],
    [undefined, 3, 'n/a'],
  ])('%s against %s: %s', (env, base, want) => {
    expect(ratioText(env, base)).toBe(want);
  });
  it('times keep a decimal below 100 and two below 1; microseconds are "us" in plain mode', () => {
    expect(formatTime(22.84, 'ms', plain)).toBe('22.8 ms');
    expect(formatTime(0.123, 'ms', plain)).toBe('0.12 ms');
    expect(formatTime(176.4, 'ms', plain)).toBe('176 ms');
    expect(formatTime(367, 'us', plain)).toBe('367 us');
    expect(formatTime(367, 'us', fancy)).toBe('367 µs');
  });
  it('bars: eighth blocks when fancy, # when plain, a sliver for any time above 0', () => {
    expect(bar(1, 10, false)).toBe('##########');
    expect(bar(0.5, 10, true)).toBe('█████');
    expect(bar(0.55, 10, true)).toBe('█████▌');
    expect(bar(0.001, 40, false)).toBe('#');
    expect(bar(0.001, 40, true)).toBe('▏');
    expect(bar(0, 40, true)).toBe('');
  });
});

describe('speedView', () => {
  it.each([[80], [60], [40], [140]])('fits %i columns, fancy and plain, and plain is ASCII', (width) => {
    for (const st of [fancy, plain]) {
      const lines = speedView(rows, ['glibc', 'musl'], width, st);
      for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(width);
      if (!st.fancy) expect(lines.join('\n')).toMatch(/^[\x20-\x7e\n]*$/);
    }
  });

  it('the table names each time and how musl compares with glibc', () => {
    const t = speedTable(rows, ['glibc', 'musl'], 80, plain).join('\n');
    expect(t).toContain('musl vs glibc');
    expect(t).toMatch(/malloc, 1 thread\s+\|\s+22\.8 ms\s+\|\s+176 ms\s+\|\s+7\.7x slower/);
    expect(t).toMatch(/dynamic hello\s+\|\s+1067 us\s+\|\s+367 us\s+\|\s+2\.9x faster/);
  });

  it('in each row the slower side fills the bar and the other is shorter by the ratio', () => {
    const lines = speedBars(rows, ['glibc', 'musl'], 80, plain);
    const hashes = (l: string) => (l.match(/#/g) ?? []).length;
    const g = lines.find((l) => l.startsWith('malloc, 1 thread'))!;
    const m = lines[lines.indexOf(g) + 1]!;
    expect(m).toMatch(/^\s+musl +\|#+ +176 ms$/);
    expect(hashes(m) / hashes(g)).toBeGreaterThan(6);
    expect(hashes(m) / hashes(g)).toBeLessThan(10);
  });

  it('a narrow screen puts each label on its own line; a missing number shows n/a and no bar', () => {
    const lines = speedBars([{ label: 'a rather long benchmark name', unit: 'ms', values: { glibc: 5 } }], ['glibc', 'musl'], 40, plain);
    expect(lines).toContain('a rather long benchmark name');
    expect(lines.at(-1)).toMatch(/^  musl +\| +n\/a$/);
  });
});
