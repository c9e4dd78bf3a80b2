/**
 * `musl-lab port`'s pure parts: which build it chooses, the script it sends
 * (valid POSIX sh), reading the logs back, and where each side stopped and
 * what that finds. No Docker (tests/engine/port.test.ts runs the real thing).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/causes/load.js';
import { buildPhase, portFindings, stopOf } from '../../src/port/findings.js';
import { choosePlan } from '../../src/port/plan.js';
import type { Project } from '../../src/port/project.js';
import { readLogs, type PortSide, type StepRun } from '../../src/port/run.js';
import { portScript, shellWrapper } from '../../src/port/script.js';

const cat = loadCatalogue(path.join(import.meta.dirname, '..', '..'));

describe('choosePlan', () => {
  it.each([
    [['configure', 'Makefile.in', 'main.c'], undefined, 'configure + make', ['./configure', 'make', 'make {target}']],
    [['Makefile', 'a.c'], 'all: a\ncheck: a\n\t./a\n', 'make', ['make', 'make {target}']],
    [['Makefile', 'a.c'], 'all: a\n', 'make', ['make']],
    [['CMakeLists.txt'], undefined, 'cmake', ['cmake -S . -B build', 'cmake --build build', 'ctest --test-dir build --output-on-failure']],
    [['meson.build'], undefined, 'meson', ['meson setup build', 'meson compile -C build', 'meson test -C build']],
  ])('%j -> %s', (files, makefile, system, commands) => {
    const p = choosePlan(files, makefile, undefined);
    expect(p.system).toBe(system);
    expect(p.steps.map((s) => s.command)).toEqual(commands);
  });

  it('says which tools a CMake or meson project needs (each environment checks them), and that a bare folder cannot be built', () => {
    expect(choosePlan(['CMakeLists.txt'], undefined, undefined).tools).toEqual(['cmake', 'ctest']);
    expect(choosePlan(['meson.build'], undefined, undefined).tools).toEqual(['meson', 'ninja']);
    expect(choosePlan(['notes.txt'], undefined, undefined).steps).toEqual([]);
  });

  it('the command after -- wins, quoted as one line', () => {
    const p = choosePlan(['Makefile'], 'all:\n', ['make', 'CFLAGS=-O2 -g', 'all']);
    expect(p).toMatchObject({ system: 'your command', steps: [{ phase: 'run', command: "make 'CFLAGS=-O2 -g' all" }] });
  });
});

describe('the script', () => {
  it('is valid POSIX sh for every plan, and so is make\'s SHELL wrapper', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-port-'));
    const plans = [choosePlan(['configure'], undefined, undefined), choosePlan(['Makefile'], 'check:\n', undefined), choosePlan([], undefined, ['sh', '-c', 'echo "a;b" && make'])];
    for (const [i, p] of plans.entries()) {
      writeFileSync(path.join(dir, `s${i}.sh`), portScript(p));
      execFileSync('sh', ['-n', path.join(dir, `s${i}.sh`)]);
    }
    writeFileSync(path.join(dir, 'w.sh'), shellWrapper());
    execFileSync('sh', ['-n', path.join(dir, 'w.sh')]);
  });
});

const step = (n: number, phase: StepRun['phase'], command: string, exitCode: number, output = ''): StepRun => ({ n, phase, command, exitCode, seconds: 1, output });
const side = (env: 'glibc' | 'musl', steps: StepRun[], extra: Partial<PortSide> = {}): PortSide => ({ env, steps, crashes: [], timedOut: false, notes: [], needs: [], durationMs: 1000, ...extra });
const project = (files: Record<string, string>): Project => ({ root: '.', bytes: 0, top: Object.keys(files), files: Object.entries(files).map(([name, c]) => ({ name, mode: 0o644, content: Buffer.from(c) })) });

describe('readLogs', () => {
  it('reads steps in order, the planned command without the SHELL= wrapper, crashes with gdb\'s explanation', () => {
    const logs = new Map<string, Buffer>([
      ['logs/2.test.rc', Buffer.from('2 3\n')],
      ['logs/2.test.cmd', Buffer.from('make check SHELL=/lab/s/c1/port-shell.sh\n')],
      ['logs/2.test.log', Buffer.from('./t\nSegmentation fault\n')],
      ['logs/1.build.rc', Buffer.from('0 5\n')],
      ['logs/1.build.cmd', Buffer.from('make\n')],
      ['logs/1.build.log', Buffer.from('cc -o t t.c\n')],
      ['logs/crashes/77.crash', Buffer.from('139\n/lab/s/c1/project/tests\n./t --fast\n')],
      ['logs/env.note', Buffer.from('AR=x86_64-linux-gnu-ar\n')],
      ['logs/needs', Buffer.from('')],
    ]);
    const r = readLogs(logs, ['t.c']);
    expect(r.steps.map((s) => [s.n, s.phase, s.command, s.exitCode, s.seconds])).toEqual([[1, 'build', 'make', 0, 5], [2, 'test', 'make check', 2, 3]]);
    expect(r.steps[1]!.output).toBe('./t\nSegmentation fault\n');
    expect(r.crashes).toEqual([expect.objectContaining({ command: './t --fast', dir: './tests', status: 139, cause: null })]);
    expect(r.notes[0]).toMatch(/AR=x86_64-linux-gnu-ar/);
    expect(r.needs).toEqual([]);
    expect(readLogs(new Map([['logs/needs', Buffer.from('cmake\nctest\n')]]), []).needs).toEqual(['cmake', 'ctest']);
  });
});

describe('where each stopped, and the findings', () => {
  it('a build failure is a link failure when the linker said so', () => {
    expect(buildPhase(step(1, 'build', 'make', 2, "t.c:(.text+0x1a): undefined reference to `strndupa'\ncollect2: error: ld returned 1 exit status"))).toBe('link');
    expect(buildPhase(step(1, 'build', 'make', 2, 't.c:3:10: fatal error: error.h: No such file or directory'))).toBe('compile');
  });

  it('musl fails to compile what glibc built: a finding with the phase, the cause and the evidence line', () => {
    const diag = "lastpart.c:8:8: error: implicit declaration of function 'basename'; did you mean 'rename'? [-Wimplicit-function-declaration]";
    const r = portFindings(cat, project({ 'lastpart.c': 'puts(basename(p));\n' }), [side('glibc', [step(1, 'build', 'make', 0), step(2, 'test', 'make check', 0)]), side('musl', [step(1, 'build', 'make', 2, diag)])]);
    expect(r.differ).toBe(true);
    expect(r.stops.map((s) => s.phase)).toEqual([null, 'compile']);
    expect(r.findings).toEqual([expect.objectContaining({ class: 'basename', env: 'musl', phase: 'compile', evidence: expect.stringContaining("lastpart.c:8:8: error: implicit declaration of function 'basename'") })]);
  });

  it('a wrong answer in a test on musl: the source says which call (file:line)', () => {
    const src = '#include <unistd.h>\nint main(int c, char **v) {\n  while (getopt(c, v, "v") != -1) {}\n}\n';
    const r = portFindings(cat, project({ 'src/count.c': src }), [side('glibc', [step(1, 'build', 'make', 0), step(2, 'test', 'make test', 0)]), side('musl', [step(1, 'build', 'make', 0), step(2, 'test', 'make test', 2, 'make: *** [Makefile:12: test] Error 1')])]);
    expect(r.findings).toEqual([expect.objectContaining({ class: 'getopt-order', phase: 'test', evidence: 'src/count.c:3: while (getopt(c, v, "v") != -1) {}' })]);
  });

  it('the same failure in both is the same outcome: no findings', () => {
    const fail = (env: 'glibc' | 'musl') => side(env, [step(1, 'build', 'make', 2, 'x.c:1:1: error: oops')]);
    const r = portFindings(cat, project({}), [fail('glibc'), fail('musl')]);
    expect(r).toMatchObject({ differ: false, findings: [] });
  });

  it('a side that did not finish within the budget stops as unfinished', () => {
    expect(stopOf(side('musl', [], { failure: 'the build and test did not finish within 10 minutes', timedOut: true }))).toEqual({ phase: 'unfinished', step: null });
  });

  it('a difference nothing explains is an unclassified finding', () => {
    const r = portFindings(cat, project({ 'a.c': 'int main(void) { return 0; }\n' }), [side('glibc', [step(1, 'test', 'make check', 0)]), side('musl', [step(1, 'test', 'make check', 2, 'FAIL: 41 != 42')])]);
    expect(r.findings.map((f) => f.class)).toEqual(['unclassified']);
  });
});
