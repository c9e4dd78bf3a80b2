/**
 * `compare`'s text: a flooded output counts the program's lines (not screen
 * rows) and says what --json really holds; a build that failed on both sides
 * is never "same outcome".
 */
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/compare/compare.js';
import { comparisonJson, linesAfter, neitherCompiled, renderComparison } from '../../src/compare/view.js';
import { makeStyle } from '../../src/term/style.js';

const st = makeStyle({ color: false, plain: false });
const compiled = (ok: boolean) => ({ ok, exitCode: ok ? 0 : 1, diagnostics: ok ? '' : 'a.c:3: error: x undeclared', durationMs: 100, timedOut: false, command: ['gcc', 'a.c'] });
const side = (env: 'glibc' | 'musl', stdout: string, truncated = false) => ({
  env,
  compile: compiled(true),
  run: { exitCode: 0, signal: null, stdout, stderr: '', timedOut: false, truncated, durationMs: 3, ...(truncated ? { totalBytes: { stdout: 10_800_000, stderr: 0 } } : {}) },
});

describe('compare: a flood of output', () => {
  // 500 lines of 100 characters: at 100 columns each takes three rows of its 42-column cell
  const flood = Array.from({ length: 500 }, (_, i) => `${String(i).padStart(4, '0')} ${'x'.repeat(95)}`).join('\n') + '\n';

  it('counts the lines the program printed below the cut, not wrapped rows', () => {
    const c = { sides: [side('glibc', flood), side('musl', 'short\n')], differences: ['stdout'] } as unknown as Comparison;
    const text = renderComparison(c, st, 100);
    // 40 rows shown = 13 whole lines and the start of the 14th: 486 lines begin below
    expect(text).toContain('… 486 more lines (--json has all)');
    expect(text).not.toMatch(/\b1460 more lines/); // the rows, as it used to say
  });

  it('a truncated stream says --json has its first 64 KiB, not all', () => {
    const c = { sides: [side('glibc', flood, true), side('musl', flood)], differences: [] } as unknown as Comparison;
    const text = renderComparison(c, st, 100);
    expect(text).toMatch(/… 486 more lines \(--json: first 64 KiB\)\s+│\s+… 486 more lines \(--json has all\)/);
    expect(text).toMatch(/printed 10800000 bytes[\s\S]*only the first 64\s+│\s+KiB of each are kept\]/); // the note whole, wrapped in its column
  });

  it('linesAfter: a line cut by the last row counts as shown', () => {
    expect(linesAfter('a\nb\nc\n', 10, 2)).toBe(1);
    expect(linesAfter('aaaaaaaaaaaaaaa\nb\n', 10, 1)).toBe(1);
    expect(linesAfter('aaaaaaaaaaaaaaa\nb\n', 10, 2)).toBe(1);
    expect(linesAfter('a\n', 10, 2)).toBe(0);
  });
});

describe('compare: compiled on neither side', () => {
  const failed = (env: 'glibc' | 'musl') => ({ env, compile: compiled(false) });
  const c = { sides: [failed('glibc'), failed('musl')], differences: [] } as unknown as Comparison;

  it('says so instead of "same outcome", in both styles', () => {
    for (const plain of [false, true]) {
      const text = renderComparison(c, makeStyle({ color: false, plain }), 100);
      expect(text).toContain('the program compiled on neither glibc nor musl: nothing ran to compare');
      expect(text).not.toMatch(/same outcome/);
    }
    expect(neitherCompiled(c)).toBe(true);
    expect(comparisonJson(c)).toMatchObject({ differ: false, neitherCompiled: true });
  });

  it('one side compiling is a difference as before, not "neither"', () => {
    const one = { sides: [side('glibc', 'ok\n'), failed('musl')], differences: ['compiled'] } as unknown as Comparison;
    expect(neitherCompiled(one)).toBe(false);
    expect(renderComparison(one, st, 100)).toMatch(/glibc and musl differ in: compiled/);
  });
});

describe('the lab work folder in what is shown', () => {
  const leak = 'sh: exec: line 0: /lab/29527cb7b168/x133/payments: not found\nran /lab/28d3c92a5903/c9/hello\n';
  it('reads as the learner typed it (./payments); --json keeps the exact text', async () => {
    const c = { sides: [side('glibc', leak), side('musl', leak)], differences: [] } as unknown as Comparison;
    const text = renderComparison(c, st, 120);
    expect(text).toContain('sh: exec: line 0: ./payments: not found');
    expect(text).toContain('ran ./hello');
    expect(text).not.toMatch(/\/lab\//);
    expect(JSON.stringify(comparisonJson(c))).toContain('/lab/29527cb7b168/x133/payments');
    const { envBody } = await import('../../src/ui/views/run-view.js');
    const body = envBody(undefined, { ...side('musl', leak).run, env: 'musl', command: ['/lab/28d3c92a5903/c9/hello'] }, 80, st).join('\n');
    expect(body).toContain('$ ./hello');
    expect(body).toContain('./payments: not found');
    expect(body).not.toMatch(/\/lab\//);
  });
});
