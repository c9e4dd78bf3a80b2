/** The checker's `cause` expectation: what "why did it crash?" found must be what the lesson says. */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/checker.js';
import type { CrashExplanation } from '../../src/explain/explain.js';
import type { RunOutcome } from '../../src/lab/types.js';

const run: RunOutcome = { env: 'musl', exitCode: 139, signal: 'SIGSEGV', stdout: '', stderr: '', timedOut: false, truncated: false, durationMs: 1 };
const explanation = (kind: CrashExplanation['cause']['kind']): CrashExplanation => ({
  env: 'musl', method: 'gdb', reproduced: true, signal: 'SIGSEGV', meaning: null, thread: 2, faultAddress: '0x1', frames: [], totalFrames: 0,
  cause: { kind, summary: `a ${kind}`, evidence: [] }, build: [], command: [], durationMs: 1,
});
const compile = { ok: true, exitCode: 0, diagnostics: '' };

describe('cause', () => {
  it('holds when the explanation found that cause, fails for another cause or none', () => {
    const expect1 = { musl: { signal: 'SIGSEGV', cause: 'stack-overflow' as const }, relations: [] };
    const verdict = (x?: CrashExplanation) => check(expect1, { musl: { env: 'musl', compile, run, ...(x ? { explanation: x } : {}) } }).find((v) => v.label === 'musl: cause')!;
    expect(verdict(explanation('stack-overflow'))).toMatchObject({ ok: true, actual: 'stack-overflow: a stack-overflow' });
    expect(verdict(explanation('null-pointer'))).toMatchObject({ ok: false, reason: 'the explanation found another cause' });
    expect(verdict()).toMatchObject({ ok: false, reason: 'there was no explanation' });
  });
});
