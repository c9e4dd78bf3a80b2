/**
 * `musl-lab port` on small projects written for it (tests/fixtures/projects),
 * in the real environments: where each stopped, the findings by root cause, a
 * crashing test explained, a wrong answer traced to its call, and a project
 * that needs a tool the lab lacks.
 */
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const P = path.join(import.meta.dirname, '..', 'fixtures', 'projects');
const port = (args: string[]) => execa('node', [BIN, 'port', ...args], { reject: false, env: { NO_COLOR: '1' }, timeout: 600_000 });

interface Finding { class: string; env: string; phase: string; evidence: string; fix: string; lesson: { id: string; step: string | null } | null; sources: string[] }
interface Json {
  chose: { system: string };
  differ: boolean;
  environments: { env: string; stoppedAt: string | null; steps: { phase: string; command: string; exitCode: number; output: string }[]; crashes: { command: string; cause: { kind: string; class?: string; summary: string } | null }[] }[];
  findings: Finding[];
}
const json = async (dir: string, extra: string[] = []) => {
  const r = await port(['--json', path.join(P, dir), ...extra]);
  return { code: r.exitCode, j: JSON.parse(r.stdout) as Json, stderr: r.stderr };
};

describe('musl-lab port', () => {
  it('make-basename (Makefile): glibc builds and tests; musl stops at compile, found as basename with gcc\'s line', async () => {
    const { code, j } = await json('make-basename');
    expect(code).toBe(1);
    expect(j.chose.system).toBe('make');
    expect(j.environments.map((e) => e.stoppedAt)).toEqual([null, 'compile']);
    expect(j.environments[0]!.steps.map((s) => [s.command, s.exitCode])).toEqual([['make', 0], ['make check', 0]]);
    expect(j.environments[1]!.steps[0]!.output).toMatch(/implicit declaration of function 'basename'/);
    expect(j.findings).toEqual([expect.objectContaining({ class: 'basename', env: 'musl', phase: 'compile', evidence: expect.stringMatching(/^lastpart\.c:8:8: error/), lesson: { id: 'portability-traps', step: 'basename' } })]);
  });

  it('configure-threads (configure, ar, make check): the test crashes on musl only, gdb explains it, found as thread-stack', async () => {
    const { code, j } = await json('configure-threads');
    expect(code).toBe(1);
    expect(j.chose.system).toBe('configure + make');
    expect(j.environments.map((e) => e.steps.map((s) => s.exitCode))).toEqual([[0, 0, 0], [0, 0, 2]]);
    const crash = j.environments[1]!.crashes[0]!;
    expect(crash.command).toBe('./test_worker');
    expect(crash.cause).toMatchObject({ kind: 'stack-overflow', class: 'thread-stack' });
    expect(j.findings.map((f) => [f.class, f.phase])).toEqual([['thread-stack', 'test']]);
  });

  it('make-getopt (make test): a wrong answer on musl, found as getopt-order at the call in count.c', async () => {
    const { code, j } = await json('make-getopt');
    expect(code).toBe(1);
    expect(j.environments.map((e) => e.stoppedAt)).toEqual([null, 'test']);
    expect(j.findings).toEqual([expect.objectContaining({ class: 'getopt-order', phase: 'test', evidence: 'count.c:7: while ((c = getopt(argc, argv, "v")) != -1) {' })]);
  });

  it('the same outcome exits 0 with no findings (a command after --)', async () => {
    const { code, j } = await json('make-getopt', ['--', 'make', 'count']);
    expect(code).toBe(0);
    expect(j).toMatchObject({ chose: { system: 'your command' }, differ: false, findings: [] });
  });

  it('a CMake project: "needs cmake", exit 3, no verdict about musl; a missing folder is bad usage', async () => {
    const r = await port([path.join(P, 'cmake-hello')]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/needs cmake and ctest in the glibc environment, cmake and ctest in the musl environment, which the lab does not have/);
    expect((await port([path.join(P, 'no-such-project')])).exitCode).toBe(2);
  });
});
