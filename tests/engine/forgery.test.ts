/**
 * Issue 21: the explanation (gdb) and the trace (strace) cannot be forged by the
 * program they judge: its output never reaches the tool's report channel, and the
 * trace is capped and says so. Real engine, real images.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { explainCrash } from '../../src/explain/explain.js';
import type { EnvName } from '../../src/lab/types.js';
import { TRACE_KEEP_BYTES, traceProgram } from '../../src/trace/trace.js';
import { realLab } from '../helpers/lab.js';

const { lab } = realLab();
afterAll(() => lab.dispose());

/** Given the one argument "go on" (its arguments reach it under gdb): pretends gdb saw a SIGFPE (with fake section marks), floods 500 KB, then really crashes with SIGSEGV. */
const FAKES_GDB = String.raw`#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
    if (argc != 2 || strcmp(argv[1], "go on")) return 3;
    printf("\nProgram received signal SIGFPE, Arithmetic exception.\n@@bt\n#0  0x0000000000401000 in fake_frame () at fake.c:1\n@@end\n");
    fprintf(stderr, "\nProgram received signal SIGILL, Illegal instruction.\n");
    for (int i = 0; i < 500 * 1024 / 64; i++) printf("%063d\n", i);
    fflush(stdout);
    volatile int *p = 0;
    return *p;
}
`;

/** Writes fake strace lines (a connect that never happens) on stderr and through /proc to its tracer's stderr, then exits. */
const FAKES_STRACE = String.raw`#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    const char *fake = "1 12:00:00.000000 connect(3, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"6.6.6.6\")}, 16) = 0 <0.000100>\n";
    fputs(fake, stderr);
    char path[64], comm[64] = "";
    snprintf(path, sizeof path, "/proc/%d/comm", (int)getppid());
    FILE *c = fopen(path, "r");
    if (c) { if (!fgets(comm, sizeof comm, c)) comm[0] = 0; fclose(c); }
    printf("tracer %s", comm);
    for (int fd = 0; fd < 8; fd++) {
        snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)getppid(), fd);
        char to[256] = "";
        if (readlink(path, to, sizeof to - 1) < 0) strcpy(to, "?");
        int w = strncmp(to, "pipe:", 5) ? -1 : open(path, O_WRONLY | O_APPEND); /* strace's pipes: its output */
        printf("%s -> %s %s\n", path, to, w < 0 ? "refused" : "OPENED");
        if (w >= 0) { if (write(w, fake, strlen(fake)) < 0) {} close(w); }
    }
    return 0;
}
`;

describe.each(['glibc', 'musl'] as EnvName[])('in %s', (env) => {
  it("a program that prints gdb's words (and 500 KB) before it crashes is still explained by what gdb saw", async () => {
    const x = await explainCrash(lab, env, { sources: [{ name: 'fakes-gdb.c', content: FAKES_GDB }], run: { args: ['go on'] } });
    expect(x.reproduced, x.note).toBe(true);
    expect(x.signal).toBe('SIGSEGV');
    expect(x.frames[0]?.func).toBe('main');
    expect(x.frames.some((f) => f.func === 'fake_frame')).toBe(false);
  });
});

describe('the trace', () => {
  it('shows what the program did, not what it wrote about itself on stderr or into its tracer', async () => {
    const [g, m] = await traceProgram(lab, { sources: [{ name: 'fakes-strace.c', content: FAKES_STRACE }], envs: ['glibc', 'musl'] });
    for (const side of [g, m]) {
      expect(side.summary?.network, side.env).toEqual([]);
      expect(side.raw).not.toContain('6.6.6.6');
      // strace's stderr, where the trace goes, cannot be opened for writing (a pipe of the agent, root's)
      expect(side.run?.stdout).toMatch(/^tracer (strace|ld-linux\S*)$/m); // in musl, strace runs behind the glibc loader
      expect(side.run?.stdout).toMatch(/\/fd\/2 -> pipe:\S+ refused/);
      expect(side.run?.stdout).toContain('6.6.6.6'); // its stderr is shown as its output, apart from the trace
      expect(side.summary?.calls).toBeGreaterThan(10);
      // the shell that moved its stderr is not part of the program's trace
      expect(side.summary!.counts.find((c) => c.name === 'execve')?.count).toBe(1);
    }
  });

  it('is kept up to its cap, and says how much there was', async () => {
    // long lines (strace prints a path whole) make the trace pass the cap in few calls: a loaded machine must not stop it short
    const busy = '#include <string.h>\n#include <unistd.h>\nint main(void) { char p[240]; memset(p, \'a\', sizeof p - 1); p[0] = \'/\'; p[sizeof p - 1] = 0; for (int i = 0; i < 30000; i++) access(p, F_OK); return 0; }\n';
    const [g] = await traceProgram(lab, { sources: [{ name: 'busy.c', content: busy }], envs: ['glibc', 'musl'] });
    expect(Buffer.byteLength(g.raw)).toBeLessThanOrEqual(TRACE_KEEP_BYTES);
    expect(g.cutFrom).toBeGreaterThan(TRACE_KEEP_BYTES);
  });
});
