/**
 * The environments fail for the reasons Alpine's do, not for reasons of the lab's own making:
 * the musl environment has the kernel's UAPI headers (Alpine's linux-headers), so a UAPI header
 * before the libc header clashes as on Alpine; its shell runs binutils' ar, so a Makefile that
 * makes a static library works; both have the build tools real projects use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvName, SourceFile } from '../../src/lab/types.js';
import { realLab } from '../helpers/lab.js';

const { engine, lab } = realLab();
const BOTH: EnvName[] = ['glibc', 'musl'];

beforeAll(async () => {
  await engine.info();
});
afterAll(async () => {
  await lab.dispose();
});

const src = (name: string, text: string): SourceFile => ({ name, content: Buffer.from(text) });

const UAPI_FIRST = src('uapi.c', '#include <linux/prctl.h>\n#include <sys/prctl.h>\nint main(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) < 0; }\n');

// A static library made with ar by a recipe that goes through the shell (&&), then a test program.
const LIBRARY_PROJECT: SourceFile[] = [
  src('Makefile', [
    'prog: main.o libsum.a',
    '\t$(CC) -o $@ main.o -L. -lsum',
    'libsum.a: sum.o',
    '\trm -f $@ && ar rcs $@ sum.o && ar t $@ > members.txt',
    '',
  ].join('\n')),
  src('sum.c', 'int sum(int a, int b) { return a + b; }\n'),
  src('main.c', '#include <stdio.h>\nint sum(int, int);\nint main(void) { printf("sum %d\\n", sum(2, 3)); return 0; }\n'),
];

describe('the UAPI headers', () => {
  it('musl: <linux/prctl.h> then <sys/prctl.h> stops with the redefinition Alpine shows, not "No such file"', async () => {
    const c = await lab.compile('musl', { sources: [UAPI_FIRST] });
    expect(c.ok).toBe(false);
    expect(c.diagnostics).toContain("redefinition of 'struct prctl_mm_map'");
    expect(c.diagnostics).not.toMatch(/No such file/);
  });

  it('glibc: the same order compiles (glibc\'s <sys/prctl.h> includes the kernel\'s header itself)', async () => {
    const c = await lab.compile('glibc', { sources: [UAPI_FIRST] });
    expect(c.ok, c.diagnostics).toBe(true);
  });

  it('musl: a UAPI header on its own compiles and its constants are the kernel\'s', async () => {
    const { compile, run } = await lab.compileAndRun('musl', {
      sources: [src('errno.c', '#include <asm/unistd.h>\n#include <linux/version.h>\n#include <stdio.h>\nint main(void) { printf("%d %d\\n", __NR_getpid, LINUX_VERSION_CODE > 0); return 0; }\n')],
    });
    expect(compile.ok, compile.diagnostics).toBe(true);
    expect(run?.stdout).toBe('39 1\n');
  });
});

describe.each(BOTH)('build tools in %s', (env) => {
  it('sh -c "ar rcs" makes an archive (binutils\' ar, not a shell applet), as the learner uid', async () => {
    const r = await lab.command(env, ['sh', '-c', 'cd /tmp && d=$(mktemp -d) && cd "$d" && printf "int x;\\n" > x.c && gcc -c x.c && ar rcs libx.a x.o && ar t libx.a && id -u && command -v ar']);
    expect(r.exitCode, r.stderr).toBe(0);
    const [member, uid, ar] = r.stdout.trim().split('\n');
    expect(member).toBe('x.o');
    expect(Number(uid)).toBeGreaterThan(0);
    expect(ar).toBe('/usr/bin/ar');
  });

  it('a Makefile that makes a static library with ar builds, and its program runs', async () => {
    const { compile, run } = await lab.compileAndRun(env, { sources: LIBRARY_PROJECT, tool: { command: ['make', '-s'] } });
    expect(compile.ok, compile.diagnostics).toBe(true);
    expect(run?.stdout).toBe('sum 5\n');
  });

  it('cmake with ninja, meson and pkg-config run and build the same library', async () => {
    const cmake = src('CMakeLists.txt', 'cmake_minimum_required(VERSION 3.10)\nproject(p C)\nadd_library(sum STATIC sum.c)\nadd_executable(prog main.c)\ntarget_link_libraries(prog sum)\n');
    const meson = src('meson.build', "project('p', 'c')\nexecutable('prog', 'main.c', link_with: static_library('sum', 'sum.c'))\n");
    const build = src('build.sh', [
      'set -e',
      'pkg-config --version > /dev/null',
      'cmake -G Ninja -S . -B c > /dev/null && ninja -C c > /dev/null && c/prog',
      'meson setup m > /dev/null && meson compile -C m > /dev/null && m/prog',
      'cp c/prog prog',
      '',
    ].join('\n'));
    const { compile, run } = await lab.compileAndRun(env, {
      sources: [build, cmake, meson, ...LIBRARY_PROJECT.slice(1)],
      tool: { command: ['sh', '{main}'] },
      timeoutMs: 60_000,
    });
    expect(compile.ok, compile.diagnostics).toBe(true);
    expect(compile.diagnostics.match(/sum 5/g)).toHaveLength(2);
    expect(run?.stdout).toBe('sum 5\n');
  }, 90_000);
});
