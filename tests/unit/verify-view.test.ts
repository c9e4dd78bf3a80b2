/**
 * The verify report's rendering of checks that pass when a program fails:
 * a starter that must not already pass, and a task's kept wrong solutions.
 */
import { describe, expect, it } from 'vitest';
import { renderVerifyMarkdown, renderVerifyText } from '../../src/report/verify-view.js';
import { passesByFailing, type Check, type VerifyReport } from '../../src/lessons/verify.js';
import { makeStyle } from '../../src/term/style.js';
import { kubeletBackoffS } from '../../src/lab/restarts.js';

const run = (exitCode: number, stdout: string) => ({ env: 'musl' as const, exitCode, signal: null, stdout, stderr: '', timedOut: false, truncated: false, durationMs: 5 });

function wrongCheck(programPassed: boolean): Check {
  const verdict = { label: 'musl: queries for api.lab.test', env: 'musl' as const, ok: programPassed, expected: '2 queries', actual: programPassed ? '2 (udp A ×2)' : '1 (udp A ×1)', reason: programPassed ? '' : 'a different number' };
  return {
    lesson: 'dns',
    step: 'cache',
    title: 'Your turn: a small cache',
    kind: 'wrong solution fails',
    wrong: { file: 'cached-lookup.wrong-forever.c', why: 'never expires', failsOn: ['musl'], caughtOn: programPassed ? [] : ['musl'] },
    sources: ['musl 1.2.5 src/network/lookup_name.c (name_from_dns)'],
    passed: !programPassed,
    result: {
      lesson: 'dns',
      step: 'cache',
      title: 'Your turn: a small cache',
      which: 'workspace',
      passed: programPassed,
      durationMs: 10,
      variants: [{ id: 'main', outcomes: { musl: { env: 'musl', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: run(0, 'request  1\n') } }, verdicts: [verdict], passed: programPassed }],
    },
  };
}

function report(checks: Check[]): VerifyReport {
  const failed = checks.filter((c) => !c.passed).length;
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    environments: {},
    lessons: [{ id: 'dns', title: 'The DNS lab', checks }],
    summary: { checks: checks.length, passed: checks.length - failed, failed, notApplicable: 0, experiments: 0, expectedFailuresShown: 0, fixesShown: 0, durationMs: 10 },
  };
}

const plain = makeStyle({ color: false, plain: true });

describe('wrong-solution checks in the verify report', () => {
  it('are among the checks that pass by failing', () => {
    expect(passesByFailing('wrong solution fails')).toBe(true);
    expect(passesByFailing('starter does not already pass')).toBe(true);
    expect(passesByFailing('solution passes')).toBe(false);
  });

  it('a wrong solution that fails: a passed check naming the fixture, its failed verdicts not listed as problems', () => {
    const text = renderVerifyText(report([wrongCheck(false)]), plain);
    expect(text).toMatch(/wrong solution fails \(cached-lookup\.wrong-forever\.c\): Your turn/);
    expect(text).not.toContain('expected 2 queries');
    expect(text).toMatch(/1 passed, 0 failed/);
    expect(renderVerifyMarkdown(report([wrongCheck(false)]))).not.toContain('### Failed');
  });

  it('a wrong solution that passes the task: a failed check, reported as one', () => {
    const r = report([wrongCheck(true)]);
    expect(renderVerifyText(r, plain)).toMatch(/0 passed, 1 failed/);
    expect(renderVerifyText(r, plain)).toContain('must fail in musl; caught in none; NOT caught in musl');
    expect(renderVerifyMarkdown(r)).toMatch(/\| wrong solution fails \(cached-lookup\.wrong-forever\.c\) \| .* \| \*\*FAIL\*\* \|/);
    expect(renderVerifyMarkdown(r)).toMatch(/\| cached-lookup\.wrong-forever\.c \| Your turn: a small cache \| must fail in musl; caught in none; NOT caught in musl \|/);
  });

  it('says where a wrong solution must fail and where it was caught', () => {
    expect(renderVerifyText(report([wrongCheck(false)]), plain)).toContain('must fail in musl; caught in musl');
  });
});

describe('the evidence of each step in the verify report', () => {
  const step = (over: Partial<Check>): Check => ({
    ...wrongCheck(false),
    kind: 'experiment',
    wrong: undefined,
    step: 'crash',
    title: 'A thread overflows',
    passed: true,
    ...over,
  });
  const standsFor = { real: 'a kubelet restarting a pod', same: 'restarts after each failed run, waits double each time', differs: 'milliseconds, not 10 s' };
  const checks = [
    step({ sources: ['musl 1.2.5 src/internal/pthread_impl.h (DEFAULT_STACK_SIZE)', 'glibc 2.41 nptl/nptl-stack.c'], standsFor }),
    step({ kind: 'solution passes', step: 'fix', title: 'Your turn', sources: ['POSIX.1-2024 pthread_attr_setstacksize'], standsFor: undefined }),
    step({ kind: 'wrong solution fails', step: 'fix', title: 'Your turn', sources: ['POSIX.1-2024 pthread_attr_setstacksize'], standsFor: undefined }),
    step({ step: 'bare', title: 'No sources', sources: undefined, standsFor: undefined }),
  ];

  it('Markdown lists every source and the stand-in of each experiment and task, once per step', () => {
    const md = renderVerifyMarkdown(report(checks));
    const section = md.slice(md.indexOf('### Sources'));
    expect(section).toContain('- **A thread overflows** (`crash`)\n  - musl 1.2.5 src/internal/pthread_impl.h (DEFAULT_STACK_SIZE)\n  - glibc 2.41 nptl/nptl-stack.c\n  - stands in for: a kubelet restarting a pod; the same: restarts after each failed run, waits double each time; differs: milliseconds, not 10 s');
    expect(section.match(/\(`fix`\)/g)).toHaveLength(1);
    expect(section).toContain('- **No sources** (`bare`)\n  - sources: none named');
  });

  it('JSON carries them on each check, as the report holds them', () => {
    const json = JSON.parse(JSON.stringify(report(checks))) as VerifyReport;
    expect(json.lessons[0]!.checks[0]).toMatchObject({ sources: ['musl 1.2.5 src/internal/pthread_impl.h (DEFAULT_STACK_SIZE)', 'glibc 2.41 nptl/nptl-stack.c'], standsFor });
  });

  it('the text report shows them with --verbose only', () => {
    expect(renderVerifyText(report(checks), plain)).not.toContain('source:');
    const verbose = renderVerifyText(report(checks), plain, { verbose: true });
    expect(verbose).toContain('source: glibc 2.41 nptl/nptl-stack.c');
    expect(verbose).toContain('stands in for: a kubelet restarting a pod');
  });
});

describe('a lesson with speed steps', () => {
  const env = (name: 'glibc' | 'musl', stdout: string) => ({ env: name, compile: { ok: true, exitCode: 0, diagnostics: '' }, run: { ...run(0, stdout), env: name } });
  const speedCheck = (kind: Check['kind'], chart: Check['chart'], variants: Check['result']['variants']): Check => ({
    lesson: 'libc-speed',
    step: 's',
    title: 'strlen and memcpy',
    kind,
    chart,
    passed: true,
    result: { lesson: 'libc-speed', step: 's', title: 'strlen and memcpy', which: 'experiment', passed: true, durationMs: 10, variants },
  });
  const checks = [
    speedCheck('experiment', { unit: 'ms', metric: { stdout: 'cpu_ms=([0-9.]+)' } }, [
      { id: 'strlen', label: 'strlen, 1 MiB', outcomes: { glibc: env('glibc', 'cpu_ms=6.5\n'), musl: env('musl', 'cpu_ms=36.1\n') }, verdicts: [], passed: true },
      { id: 'memcpy', label: 'memcpy, 1 MiB', outcomes: { glibc: env('glibc', 'cpu_ms=25.1\n'), musl: env('musl', 'cpu_ms=25.9\n') }, verdicts: [], passed: true },
    ]),
    // a kept wrong solution's numbers are not the lesson's measurements
    speedCheck('wrong solution fails', { unit: 'ms', metric: { stdout: 'cpu_ms=([0-9.]+)' } }, [{ id: 'main', outcomes: { glibc: env('glibc', 'cpu_ms=1\n'), musl: env('musl', 'cpu_ms=999\n') }, verdicts: [], passed: false }]),
  ];

  it('the text report ends the lesson with the table and the bars, within 80 columns, ASCII when plain', () => {
    const text = renderVerifyText(report(checks), plain);
    const at = text.indexOf('Speed, glibc vs musl');
    expect(at).toBeGreaterThan(0);
    const section = text.slice(at).split('\n\n')[0]!.split('\n');
    for (const l of section) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(section.join('\n')).toMatch(/strlen, 1 MiB\s+\|\s+6\.5 ms\s+\|\s+36\.1 ms\s+\|\s+5\.6x slower/);
    expect(section.join('\n')).toMatch(/memcpy, 1 MiB\s+\|\s+25\.1 ms\s+\|\s+25\.9 ms\s+\|\s+same/);
    expect(section.some((l) => /musl +\|#{40,} +36\.1 ms$/.test(l))).toBe(true);
    expect(section.join('\n')).not.toContain('999');
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it('the Markdown report carries a table and the chart as text', () => {
    const md = renderVerifyMarkdown(report(checks));
    expect(md).toContain('| strlen, 1 MiB | 6.5 ms | 36.1 ms | 5.6x slower |');
    const chart = md.slice(md.indexOf('```text')).split('```')[1]!;
    expect(chart).toMatch(/strlen, 1 MiB glibc \|#+ +6\.5 ms/);
    for (const l of chart.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('a lesson without charts has no speed section', () => {
    expect(renderVerifyText(report([wrongCheck(false)]), plain)).not.toContain('Speed,');
    expect(renderVerifyMarkdown(report([wrongCheck(false)]))).not.toContain('### Speed');
  });
});

describe('a crash loop in the verify report', () => {
  const notFound = { ...run(127, ''), stderr: 'sh: ./payments: not found\n' };
  const restarts = [1, 2].map((n) => ({ n, of: 2, kubeletBackoffS: kubeletBackoffS(n), waitedMs: 10 * kubeletBackoffS(n), run: notFound }));
  const loop: Check = {
    lesson: 'crashloop',
    step: 'incident-1',
    title: 'Incident 1',
    kind: 'experiment',
    passed: true,
    result: {
      lesson: 'crashloop',
      step: 'incident-1',
      title: 'Incident 1',
      which: 'experiment',
      passed: true,
      durationMs: 10,
      variants: [{ id: 'main', outcomes: { musl: { env: 'musl', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: notFound, restarts } }, verdicts: [], passed: true }],
    },
  };

  it('sums the restarts up on the outcome line, and lists each one with --verbose', () => {
    const text = renderVerifyText(report([loop]), plain);
    expect(text).toContain('musl: exit 127 (not found) (restarted 2 times: exit 127 (not found) each time)');
    expect(text).not.toContain('restart 1/2');
    const verbose = renderVerifyText(report([loop]), plain, { verbose: true });
    expect(verbose).toContain('musl: restart 1/2 at once: exit 127 (not found)');
    expect(verbose).toContain('musl: restart 2/2 after back-off 10 s (lab: 100 ms): exit 127 (not found)');
    expect(verbose).toContain('musl: CrashLoopBackOff: a kubelet would wait 20 s before start 4');
    expect(verbose).toContain('musl:   last log: sh: ./payments: not found');
    expect(renderVerifyMarkdown(report([loop]))).toContain('restarted 2 times');
  });
});
