/**
 * The run panel of a speed step (one with `chart`): its numbers as a table and
 * bars above the checks, in every size and in --plain (ASCII), never wider
 * than the panel.
 */
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { EnvName } from '../../src/lab/types.js';
import type { RunnableStep, StepResult } from '../../src/lessons/run-step.js';
import { experimentStep } from '../../src/lessons/schema.js';
import { RunPanel } from '../../src/ui/views/RunPanel.js';
import type { RunState } from '../../src/ui/state/state.js';
import { ThemeContext } from '../../src/ui/components/theme.js';
import { makeStyle } from '../../src/term/style.js';

const step = experimentStep.parse({
  kind: 'experiment',
  id: 'malloc',
  title: 'malloc and free',
  program: 'malloc-mixed.c',
  chart: { metric: { stdout: 'cpu_ms=([0-9.]+)' } },
  variants: [
    { id: 'one', label: 'malloc/free, 1 thread', args: ['1'], expect: { relations: [{ slower: 'musl', faster: 'glibc', atLeast: 3, metric: { stdout: 'cpu_ms=([0-9.]+)' } }] } },
    { id: 'four', label: 'malloc/free, 4 threads', args: ['4'], expect: { relations: [{ slower: 'musl', faster: 'glibc', atLeast: 8, metric: { stdout: 'cpu_ms=([0-9.]+)' } }] } },
  ],
}) as RunnableStep;

const env = (name: EnvName, cpu: number) => ({ env: name, compile: { ok: true, exitCode: 0, diagnostics: '' }, run: { env: name, exitCode: 0, signal: null, stdout: `run 1: ${cpu} ms CPU\ncpu_ms=${cpu}\n`, stderr: '', timedOut: false, truncated: false, durationMs: 900 } });
const result: StepResult = {
  lesson: 'libc-speed',
  step: 'malloc',
  title: 'malloc and free',
  which: 'experiment',
  passed: false,
  durationMs: 4600,
  variants: [
    { id: 'one', label: 'malloc/free, 1 thread', outcomes: { glibc: env('glibc', 5.3), musl: env('musl', 70.4) }, verdicts: [{ label: 'musl at least 3x slower than glibc', field: 'relation', ok: true, expected: 'ratio >= 3', actual: '70.4 vs 5.3 (x13.3)', reason: '' }], passed: true },
    { id: 'four', label: 'malloc/free, 4 threads', outcomes: { glibc: env('glibc', 60.6), musl: env('musl', 442.1) }, verdicts: [{ label: 'musl at least 8x slower than glibc', field: 'relation', ok: false, expected: 'ratio >= 8', actual: '442.1 vs 60.6 (x7.3)', reason: 'the difference is smaller than expected', why: 'run it again' }], passed: false },
  ],
};
const run: RunState = { status: 'done', trigger: 'key', envs: {}, result };

describe.each([
  [79, 40],
  [99, 40],
])('a speed step at %i columns', (width, height) => {
  it.each([true, false])('plain=%s: the table and bars show both libraries, fit the width, and plain is ASCII', (plain) => {
    const st = makeStyle({ color: false, plain });
    const r = render(
      <ThemeContext.Provider value={st}>
        <RunPanel run={run} step={step} width={width} height={height} expanded={false} scroll={0} />
      </ThemeContext.Provider>,
    );
    const f = r.lastFrame() ?? '';
    for (const l of f.split('\n')) expect(stringWidth(l), l).toBeLessThanOrEqual(width);
    expect(f).toContain('musl vs glibc');
    expect(f).toMatch(/malloc\/free, 4 threads.*60\.6 ms.*442 ms.*7\.3x slower/);
    expect(f).toMatch(plain ? /musl +\|#{20,} +442 ms/ : /musl +▏█{20,}.* 442 ms/);
    // the failing row's check still shows under the chart
    expect(f).toMatch(/the difference is smaller than\s+expected/);
    if (plain) expect(f).toMatch(/^[\x20-\x7e\n]*$/);
  });
});

it('a single-run speed step shows the chart instead of the two output columns', () => {
  const single = experimentStep.parse({ kind: 'experiment', id: 'libm', title: 'exp, log and sin', program: 'libm-loop.c', chart: { metric: { stdout: 'cpu_ms=([0-9.]+)' } }, expect: { relations: [] } }) as RunnableStep;
  const res: StepResult = { ...result, variants: [{ ...result.variants[0]!, id: 'main', label: undefined, outcomes: { glibc: env('glibc', 28.9), musl: env('musl', 28.8) } }] };
  const r = render(
    <ThemeContext.Provider value={makeStyle({ color: false, plain: true })}>
      <RunPanel run={{ ...run, result: res }} step={single} width={79} height={20} expanded={false} scroll={0} />
    </ThemeContext.Provider>,
  );
  const f = r.lastFrame() ?? '';
  expect(f).toMatch(/exp, log and sin\s+\|\s+28\.9 ms\s+\|\s+28\.8 ms\s+\|\s+same/);
  expect(f).toContain('o opens the outputs');
  // a short panel: the failed check comes before the numbers, and the last line says how to see the rest
  const short = render(
    <ThemeContext.Provider value={makeStyle({ color: false, plain: true })}>
      <RunPanel run={{ ...run, result: { ...res, variants: [{ ...res.variants[0]!, verdicts: [{ label: 'musl reference_ms at least 5x its yours_ms', field: 'relation', ok: false, expected: 'ratio >= 5', actual: '38.5 vs 38.4 (x1.0)', reason: 'the difference is smaller than expected', why: 'allocate once' }] }] } }} step={single} width={79} height={9} expanded={false} scroll={0} />
    </ThemeContext.Provider>,
  ).lastFrame()!;
  expect(short.split('\n')).toHaveLength(9);
  expect(short).toContain('FAIL musl reference_ms at least 5x its yours_ms');
  expect(short.split('\n').at(-1)).toMatch(/^lines 1-8 of \d+, o shows all, with the outputs/);
});

it('opened (o), a speed step keeps its numbers on top of the chosen row\'s outputs, so a short panel reaches them by scrolling', () => {
  const r = render(
    <ThemeContext.Provider value={makeStyle({ color: false, plain: true })}>
      <RunPanel run={run} step={step} width={79} height={60} expanded={true} scroll={0} row={0} />
    </ThemeContext.Provider>,
  );
  const f = r.lastFrame() ?? '';
  expect(f.indexOf('musl vs glibc')).toBeGreaterThan(0);
  expect(f.indexOf('musl vs glibc')).toBeLessThan(f.indexOf('run 1: 5.3 ms CPU'));
});
