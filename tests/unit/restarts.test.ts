/** The crash loop's pure part: the back-off schedule, which runs a kubelet restarts, and the lines shown. */
import { describe, expect, it } from 'vitest';
import { backoffSchedule, failedRun, kubeletBackoffS, lastLogLines, restartLines, restartSummary, type Restart } from '../../src/lab/restarts.js';
import type { RunOutcome } from '../../src/lab/types.js';
import { envBody } from '../../src/ui/views/run-view.js';
import { makeStyle } from '../../src/term/style.js';

const run = (o: Partial<RunOutcome>): RunOutcome => ({ env: 'musl', exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, durationMs: 3, ...o });
const notFound = run({ exitCode: 127, stderr: 'sh: ./server: not found\n' });

describe('backoffSchedule', () => {
  it('restarts at once after the first exit, then doubles both waits: the kubelet from 10 s up to its 300 s cap, the lab from its own base', () => {
    expect(backoffSchedule({ count: 3, backoffMs: 100 })).toEqual([
      { kubeletS: 0, labMs: 0 },
      { kubeletS: 10, labMs: 100 },
      { kubeletS: 20, labMs: 200 },
    ]);
    expect(backoffSchedule({ count: 5, backoffMs: 0 }).map((w) => w.kubeletS)).toEqual([0, 10, 20, 40, 80]);
    expect(backoffSchedule({ count: 5, backoffMs: 100 }).map((w) => w.labMs)).toEqual([0, 100, 200, 400, 800]);
  });

  it("follows client-go's Backoff as the kubelet uses it: no entry, then 10 s doubled, capped at 300 s", () => {
    // doBackOff: the first exit finds no entry (not in back-off: start now) and Next() creates it at 10 s;
    // each later exit waits the entry, then Next() doubles it, min(2x, 300 s)
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(kubeletBackoffS)).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300]);
  });
});

describe('failedRun', () => {
  it('restarts on a non-zero exit, a signal or the time limit, never on a clean exit', () => {
    expect(failedRun(notFound)).toBe(true);
    expect(failedRun(run({ exitCode: 139, signal: 'SIGSEGV' }))).toBe(true);
    expect(failedRun(run({ exitCode: 137, timedOut: true }))).toBe(true);
    expect(failedRun(run({}))).toBe(false);
    expect(failedRun(undefined)).toBe(false);
  });
});

describe('lastLogLines', () => {
  it('keeps the last non-empty lines, stdout then stderr, with control characters made visible', () => {
    const r = run({ stdout: 'listening on :8080\nrequest 1 ok\n\n', stderr: 'fatal: \x1b[31mboom\n' });
    expect(lastLogLines(r, 2)).toEqual(['request 1 ok', 'fatal: \\e[31mboom']);
    expect(lastLogLines(run({}), 2)).toEqual([]);
  });
});

describe('restartLines', () => {
  const r = (n: number, outcome: RunOutcome, kubeletBackoffS: number, waitedMs: number): Restart => ({ n, of: 3, kubeletBackoffS, waitedMs, run: outcome });

  it('gives each restart its back-off, outcome and last log line, then the state of the loop', () => {
    const lines = restartLines([r(1, notFound, 0, 0), r(2, notFound, 10, 100), r(3, notFound, 20, 200)]);
    expect(lines).toEqual([
      'restart 1/3 at once: exit 127 (not found)',
      '  last log: sh: ./server: not found',
      'restart 2/3 after back-off 10 s (lab: 100 ms): exit 127 (not found)',
      '  last log: sh: ./server: not found',
      'restart 3/3 after back-off 20 s (lab: 200 ms): exit 127 (not found)',
      '  last log: sh: ./server: not found',
      'CrashLoopBackOff: a kubelet would wait 40 s before start 5',
    ]);
    expect(restartLines([r(1, notFound, 0, 0)]).at(-1)).toBe('CrashLoopBackOff: a kubelet would wait 10 s before start 3');
  });

  it('says when a restart stayed up, when nothing failed, and nothing for a step without restarts', () => {
    expect(restartLines([r(1, run({ stdout: 'ready\n' }), 10, 100)]).at(-1)).toBe('restart 1 stayed up');
    expect(restartLines([])).toEqual(['no restarts: the program did not fail']);
    expect(restartLines(undefined)).toEqual([]);
  });

  it('sums them up in one line for a report', () => {
    const segv = run({ exitCode: 139, signal: 'SIGSEGV' });
    expect(restartSummary([r(1, segv, 10, 100), r(2, segv, 20, 200)])).toBe('restarted 2 times: SIGSEGV (exit 139) each time');
    expect(restartSummary([r(1, segv, 10, 100), r(2, run({}), 20, 200)])).toBe('restarted 2 times: SIGSEGV (exit 139), exit 0');
    expect(restartSummary([])).toBe('no restarts');
  });
});

describe('the run panel', () => {
  it("shows the restarts under a side's output, wrapped to its column, each log line under its restart, in plain ASCII", () => {
    const st = makeStyle({ color: false, plain: true });
    const restarts: Restart[] = [1, 2].map((n) => ({ n, of: 2, kubeletBackoffS: kubeletBackoffS(n), waitedMs: 10 * kubeletBackoffS(n), run: notFound }));
    const lines = envBody({ env: 'musl', compile: { ok: true, exitCode: 0, diagnostics: '' }, run: notFound, restarts }, undefined, 40, st, { command: false });
    expect(lines.every((l) => l.length <= 40 && /^[\x20-\x7e]*$/.test(l))).toBe(true);
    const text = lines.join('\n');
    expect(text).toContain('restart 1/2 at once: exit 127 (not\n  found)');
    expect(text).toContain('restart 2/2 after back-off 10 s (lab:\n  100 ms): exit 127 (not found)');
    expect(text).toContain('  last log: sh: ./server: not found');
    expect(text).toContain('CrashLoopBackOff: a kubelet would wait\n  20 s before start 4');
  });
});
