/**
 * "Why did it crash?" against the real engine and images: gdb traces the
 * learner's program as the learner's own uid (no capabilities, Docker's
 * default seccomp profile, no-new-privileges) in both environments, and the
 * explanation says what the evidence shows. Times are in bench/, not here.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { explainCrash, isCrash } from '../../src/explain/explain.js';
import type { EnvName } from '../../src/lab/types.js';
import { fixture, realLab } from '../helpers/lab.js';

const { lab } = realLab();
afterAll(async () => {
  await lab.dispose();
});

describe.each(['glibc', 'musl'] as EnvName[])('in %s', (env) => {
  it('ptrace works under the sandbox: gdb, as the non-root learner with no capabilities, catches a NULL write and does not call it a stack overflow', async () => {
    const who = await lab.command(env, ['sh', '-c', 'id -u; grep -E "^Cap(Eff|Prm):" /proc/self/status']);
    expect(Number(who.stdout.split('\n')[0])).toBeGreaterThan(0);
    expect(who.stdout).toMatch(/CapPrm:\s+0+\nCapEff:\s+0+/);

    const crashed = await lab.compileAndRun(env, { sources: fixture('segfaults') });
    expect(isCrash(crashed.run)).toBe(true);
    const e = await explainCrash(lab, env, { sources: fixture('segfaults'), stderr: crashed.run!.stderr });
    expect(e).toMatchObject({ method: 'gdb', reproduced: true, signal: 'SIGSEGV', thread: 1, faultAddress: '0x0' });
    expect(e.build).toContain('-g');
    expect(e.cause.kind).toBe('null-pointer');
    expect(e.cause.summary).not.toMatch(/stack overflow/i);
    expect(e.frames[0]).toMatchObject({ func: 'main', file: 'segfaults.c', line: 9 });
  });
});

describe('thread stacks', () => {
  it('musl: a worker thread recursing past its 128 KiB default is a stack overflow in thread 2, with its measured stack (about what pthread_getattr_np reports)', async () => {
    const req = { sources: fixture('overflows-thread-stack'), flags: ['-pthread'], run: { ulimits: { stackKiB: 8192 } } };
    const crashed = await lab.compileAndRun('musl', req, req.run);
    expect(crashed.run?.signal).toBe('SIGSEGV');
    const e = await explainCrash(lab, 'musl', req);
    expect(e.thread).toBe(2);
    expect(e.cause.kind).toBe('stack-overflow');
    // 128 KiB of stack plus the thread's TLS and descriptor, rounded up to pages
    expect(e.cause.stackKiB).toBeGreaterThanOrEqual(128);
    expect(e.cause.stackKiB).toBeLessThanOrEqual(136);
    expect(e.cause.summary).toMatch(/^Stack overflow in thread 2: its stack is about 1[23]\d KiB, and the frame of walk\(\) at overflows-thread-stack\.c:\d+ needed more\.$/);
  });

  it('glibc: the same program is fine with ulimit -s 8192 and overflows a 256 KiB stack with ulimit -s 256', async () => {
    const base = { sources: fixture('overflows-thread-stack'), flags: ['-pthread'] };
    const fine = await lab.compileAndRun('glibc', base, { ulimits: { stackKiB: 8192 } });
    expect(fine.run).toMatchObject({ exitCode: 0, signal: null });
    const e = await explainCrash(lab, 'glibc', { ...base, run: { ulimits: { stackKiB: 256 } } });
    expect(e.cause.kind).toBe('stack-overflow');
    // 256 KiB (ulimit -s), less the thread's descriptor and TLS that glibc keeps at its top
    expect(e.cause.stackKiB).toBeGreaterThanOrEqual(244);
    expect(e.cause.stackKiB).toBeLessThanOrEqual(256);
    expect(e.thread).toBe(2);
  });
});

describe('C library checks', () => {
  it('glibc: -O2 -D_FORTIFY_SOURCE=2 and a strcpy into a small array: the fortify check is named, with the line', async () => {
    const req = { sources: fixture('overflows-fortified-buffer'), flags: ['-O2', '-D_FORTIFY_SOURCE=2'] };
    const crashed = await lab.compileAndRun('glibc', req);
    expect(crashed.run?.signal).toBe('SIGABRT');
    const e = await explainCrash(lab, 'glibc', { ...req, stderr: crashed.run!.stderr });
    expect(e.build).toEqual(expect.arrayContaining(['-O2', '-D_FORTIFY_SOURCE=2', '-g']));
    expect(e.cause.kind).toBe('fortify');
    expect(e.cause.summary).toMatch(/fortify check failed in strcpy\(\): main\(\) at overflows-fortified-buffer\.c:10/);
    expect(e.cause.evidence.join('\n')).toMatch(/__strcpy_chk/);
  });

  it('musl: an assert names its condition from musl\'s own message', async () => {
    const crashed = await lab.compileAndRun('musl', { sources: fixture('fails-an-assert') });
    const e = await explainCrash(lab, 'musl', { sources: fixture('fails-an-assert'), stderr: crashed.run!.stderr });
    expect(e.cause).toMatchObject({ kind: 'assert' });
    expect(e.cause.summary).toMatch(/`items == 4` was false in main\(\) at fails-an-assert\.c:9/);
  });

  it('a program that does not crash is reported as not reproduced, not explained', async () => {
    const e = await explainCrash(lab, 'musl', { sources: fixture('prints-ok') });
    expect(e.reproduced).toBe(false);
    expect(e.note).toMatch(/did not crash: it exited normally/);
    expect(e.cause.kind).toBe('unclassified');
  });
});
