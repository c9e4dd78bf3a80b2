/**
 * The writable places of an environment (/lab, /tmp) have a size of their own:
 * a program that fills one meets ENOSPC, an outcome it can print, and the
 * host's disk is never touched. Real engine, real images.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/lab/limits.js';
import type { EnvName } from '../../src/lab/types.js';
import { realLab } from '../helpers/lab.js';

const { lab } = realLab();
afterAll(() => lab.dispose());

/** Writes 1 MiB files into argv[1] until a write fails; prints the folder's size (statvfs), then how far it got and why. */
const FILL = `#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

int main(int argc, char **argv) {
    static char block[1 << 20];
    struct statvfs fs;
    if (argc < 2 || statvfs(argv[1], &fs) != 0) return 2;
    printf("size %llu MiB\\n", (unsigned long long)fs.f_blocks * fs.f_frsize >> 20);
    memset(block, 'x', sizeof block);
    /* one file per MiB: a single file would meet the file size limit (ulimit -f) first */
    for (int mib = 0; mib < 8192; mib++) {
        char name[4096];
        snprintf(name, sizeof name, "%s/fill-%d", argv[1], mib);
        FILE *f = fopen(name, "w");
        if (!f || fwrite(block, 1, sizeof block, f) != sizeof block || fclose(f) != 0) {
            printf("stopped after %d MiB: %s\\n", mib, errno == ENOSPC ? "ENOSPC" : strerror(errno));
            return 1;
        }
    }
    puts("never stopped");
    return 0;
}
`;
const MiB = 1024 * 1024;

describe.each(['glibc', 'musl'] as EnvName[])('in %s', (env) => {
  it.each([
    ['/tmp', LIMITS.tmpDiskBytes],
    ['.', LIMITS.labDiskBytes], // the program's own folder, in /lab
  ])('filling %s stops at its own size with ENOSPC, reported by the program', async (where, bytes) => {
    const { compile, run } = await lab.compileAndRun(env, { sources: [{ name: 'fill.c', content: FILL }] }, { args: [where] });
    expect(compile.ok, compile.diagnostics).toBe(true);
    expect(run?.stdout).toMatch(new RegExp(`^size ${bytes / MiB} MiB\\nstopped after \\d+ MiB: ENOSPC\\n$`));
    expect(Number(/after (\d+)/.exec(run!.stdout)![1])).toBeLessThanOrEqual(bytes / MiB);
    expect(run?.exitCode).toBe(1);
    expect(run?.timedOut).toBe(false);
  });

  it('df shows the sizes of /lab and /tmp, not the host disk', async () => {
    const r = await lab.command(env, ['df', '-k', '/lab', '/tmp']);
    const sizes = r.stdout.trim().split('\n').slice(1).map((l) => Number(l.trim().split(/\s+/)[1]) * 1024);
    expect(sizes).toEqual([LIMITS.labDiskBytes, LIMITS.tmpDiskBytes]);
  });

  it.each([['/tmp'], ['.']])('after a run filled %s, the next build and run work (what the run added is gone)', async (where) => {
    const fill = await lab.compileAndRun(env, { sources: [{ name: 'fill.c', content: FILL }] }, { args: [where] });
    expect(fill.run?.stdout).toMatch(/ENOSPC/);
    // the build product of the filling run stays: the lab may still copy or run it
    expect((await lab.readFile(env, fill.compile.artifact!.path)).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    const { compile, run } = await lab.compileAndRun(env, { sources: [{ name: 'ok.c', content: '#include <stdio.h>\nint main(void) { puts("still here"); return 0; }\n' }] });
    expect(compile.ok, compile.diagnostics).toBe(true);
    expect(run?.stdout).toBe('still here\n');
  });
});

describe.each(['glibc', 'musl'] as EnvName[])('a program run on its own (compiled before) in %s', (env) => {
  it('fills its folder to ENOSPC, and the lab goes on working: what it added is removed once /lab is nearly full', async () => {
    const c = await lab.compile(env, { sources: [{ name: 'fill.c', content: FILL }] });
    expect(c.ok, c.diagnostics).toBe(true);
    const first = await lab.run(env, c.artifact!, { args: ['.'] });
    expect(first.stdout).toMatch(/stopped after \d+ MiB: ENOSPC/);
    const again = await lab.run(env, c.artifact!, { args: ['.'] }); // the compiled program is still there
    expect(again.stdout).toMatch(/stopped after \d+ MiB: ENOSPC/);
    const next = await lab.compileAndRun(env, { sources: [{ name: 'ok.c', content: 'int main(void) { return 7; }\n' }] });
    expect(next.run?.exitCode).toBe(7);
  });
});

describe('check --run and the size of /lab', () => {
  it('programs that would not fit are not copied in, with a reason; the others still run (no tool failure)', async () => {
    const { execa } = await import('execa');
    const { mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-big-'));
    try {
      const host = await readFile('/bin/true'); // a host program: trailing bytes do not change how it loads
      await writeFile(path.join(dir, 'a-small'), host, { mode: 0o755 });
      await writeFile(path.join(dir, 'b-huge'), Buffer.concat([host, Buffer.alloc(LIMITS.labDiskBytes, 0x5a)]), { mode: 0o755 });
      const bin = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
      const r = await execa('node', [bin, 'check', '--run', '--json', path.join(dir, 'a-small'), path.join(dir, 'b-huge')], { reject: false, timeout: 120_000 });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBeLessThan(3);
      const files = JSON.parse(r.stdout).files as { path: string; run?: { notRun?: string; ran?: unknown[] } }[];
      const byName = Object.fromEntries(files.map((f) => [path.basename(f.path), f.run]));
      expect(byName['b-huge']?.notRun).toMatch(/larger than \d+ MiB: not copied into the lab/);
      expect(byName['a-small']?.ran).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
