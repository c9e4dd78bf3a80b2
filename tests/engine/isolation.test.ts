/**
 * What one request can do to the machine and to the next request: nothing the
 * learner's uid can write is unbounded (the host's disk is never reached), every
 * request starts in a fresh private folder that no other request can write, a
 * full /lab is the lab's error (never "same outcome"), and requests the agent
 * cannot take are refused with a reason instead of hanging. Real engine, real images.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LabError } from '../../src/errors.js';
import { DockerEngine } from '../../src/engine/client.js';
import { LIMITS } from '../../src/lab/limits.js';
import { Lab } from '../../src/lab/sandbox.js';
import type { EnvName } from '../../src/lab/types.js';

const engine = new DockerEngine();
const lab = new Lab({ engine });
afterAll(() => lab.dispose());

/**
 * Walks the whole filesystem as the learner; every folder it may write (access W_OK) is
 * filled with 1 MiB files until a write fails, once per filesystem. A writable folder or
 * file on the image's own filesystem (the engine's disk) is reported as "ROOT <path>".
 */
const FILL_ALL = String.raw`#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static dev_t root, seen[64];
static int nseen;
static char block[1 << 20];

static void fill(const char *dir, dev_t dev) {
    int mib = 0;
    for (; mib < 4096; mib++) {
        char name[4200];
        snprintf(name, sizeof name, "%s/fill-%d-%d", dir, (int)getpid(), mib);
        FILE *f = fopen(name, "w");
        if (!f) break;
        size_t w = fwrite(block, 1, sizeof block, f);
        if (fclose(f) != 0 || w != sizeof block) break;
    }
    printf("FILLED %s dev=%lu %d MiB %s\n", dir, (unsigned long)dev, mib, strerror(errno));
}

static void visit(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISREG(st.st_mode) && st.st_dev == root && access(path, W_OK) == 0) printf("ROOT %s\n", path);
    if (!S_ISDIR(st.st_mode)) return;
    if (access(path, W_OK) == 0) {
        int known = 0;
        for (int i = 0; i < nseen; i++) known |= seen[i] == st.st_dev;
        if (st.st_dev == root) printf("ROOT %s\n", path);
        else if (!known && nseen < 64) {
            seen[nseen++] = st.st_dev;
            fill(path, st.st_dev);
        }
    }
    DIR *d = opendir(path);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strncmp(e->d_name, "fill-", 5)) continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", strcmp(path, "/") ? path : "", e->d_name);
        if (!strcmp(sub, "/proc") || !strcmp(sub, "/sys")) continue;
        visit(sub);
    }
    closedir(d);
}

int main(void) {
    struct stat st;
    stat("/", &st);
    root = st.st_dev;
    memset(block, 'x', sizeof block);
    visit("/");
    puts("done");
    return 0;
}
`;

const MiB = 1024 * 1024;
/** The biggest writable place is /lab; /dev/shm is the engine's default 64 MiB. */
const LARGEST_MiB = LIMITS.labDiskBytes / MiB;
const ALL_MiB = (LIMITS.labDiskBytes + LIMITS.tmpDiskBytes + 2 * LIMITS.smallDiskBytes) / MiB + 64;

/** Fills every writable place of an environment of `session` and checks each stopped within its size. */
async function fillsWithinBounds(session: Pick<Lab, 'compileAndRun'>, env: EnvName): Promise<void> {
    const { compile, run } = await session.compileAndRun(env, { sources: [{ name: 'fill-all.c', content: FILL_ALL }], discard: true }, { timeoutMs: 60_000 });
    expect(compile.ok, compile.diagnostics).toBe(true);
    expect(run?.timedOut).toBe(false);
    const lines = run!.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('done');
    expect(lines.filter((l) => l.startsWith('ROOT '))).toEqual([]);
    const filled = lines.filter((l) => l.startsWith('FILLED ')).map((l) => {
      const m = /^FILLED (\S+) dev=\d+ (\d+) MiB (.*)$/.exec(l)!;
      return { where: m[1]!, mib: Number(m[2]), why: m[3]! };
    });
    // the program's own folder's filesystem (/lab) and /tmp at least; each stopped by its size, not by the loop's end
    expect(filled.map((f) => f.where)).toEqual(expect.arrayContaining(['/tmp']));
    for (const f of filled) {
      expect(f.mib, f.where).toBeLessThanOrEqual(LARGEST_MiB);
      expect(f.why, f.where).toMatch(/No space left on device|Permission denied|Read-only file system|Operation not permitted|Invalid argument/);
    }
    expect(filled.reduce((a, f) => a + f.mib, 0)).toBeLessThanOrEqual(ALL_MiB);
    // what the run wrote is gone: the next run finds room again
    const next = await session.compileAndRun(env, { sources: [{ name: 'ok.c', content: '#include <stdio.h>\nint main(void) { puts("room"); return 0; }\n' }], discard: true });
    expect(next.run?.stdout).toBe('room\n');
}

describe.each(['glibc', 'musl', 'toolchains'] as EnvName[])('every writable place in %s', (env) => {
  it('is a bounded tmpfs: nothing on the image filesystem is writable by the learner, and filling them all stops at their sizes', async () => {
    await fillsWithinBounds(lab, env);
  });
});

describe("the DNS lab's clients (their root stays writable for root: the engine mounts resolv.conf read-only with a read-only root)", () => {
  it('reach no more than the other environments: every place the learner can write is bounded', async () => {
    const net = await lab.network();
    await net.lab.setNameResolution('glibc', { resolvConf: 'nameserver 127.0.0.1\n', hosts: '127.0.0.1 localhost\n' });
    await fillsWithinBounds(net.lab as unknown as Lab, 'glibc');
  });
});

/** Prints its uid, HOME, and whether a planted file (argv[1]) is visible; then plants its own in HOME, /lab and /tmp. */
const PLANT = String.raw`#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
    const char *home = getenv("HOME");
    char path[4096];
    struct stat st;
    if (!home || stat(home, &st) != 0) return 2;
    snprintf(path, sizeof path, "%s/.magic", home);
    int seen = access(path, F_OK) == 0 || access("/lab/.magic", F_OK) == 0 || access("/tmp/.magic", F_OK) == 0;
    printf("uid %d home-mode %o home-owner %d cwd-is-home %d seen %d\n", (int)getuid(), (unsigned)(st.st_mode & 0777), (int)st.st_uid, getcwd(path + 2048, 2048) && !strcmp(path + 2048, home), seen);
    snprintf(path, sizeof path, "%s/.magic", home);
    FILE *a = fopen(path, "w"), *b = fopen("/lab/.magic", "w"), *c = fopen("/tmp/.magic", "w");
    printf("planted %d %d %d\n", !!a, !!b, !!c);
    return 0;
}
`;

describe.each(['glibc', 'musl'] as EnvName[])('each request in %s', (env) => {
  it('starts in a fresh private folder (its HOME, 0700, its own uid) and sees nothing an earlier request planted', async () => {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await lab.compileAndRun(env, { sources: [{ name: 'plant.c', content: PLANT }] }));
    const said = runs.map((r) => /^uid (\d+) home-mode (\d+) home-owner (\d+) cwd-is-home (\d) seen (\d)\nplanted (\d) (\d) (\d)\n$/.exec(r.run!.stdout)!);
    for (const m of said) {
      expect(m, 'the program printed its report').not.toBeNull();
      expect(m[2]).toBe('700');
      expect(m[3]).toBe(m[1]); // the folder is the request's own uid's
      expect(m[4]).toBe('1');
      expect(m[5]).toBe('0'); // nothing planted before is visible
      expect(m[6]).toBe('1'); // it could write its HOME
    }
    expect(new Set(said.map((m) => m[1])).size).toBe(3); // a uid of its own per request
  });

  it("cannot write another request's folder or change a program built there", async () => {
    const built = await lab.compile(env, { sources: [{ name: 'victim.c', content: 'int main(void) { return 0; }\n' }] });
    expect(built.ok, built.diagnostics).toBe(true);
    const attack = `#include <fcntl.h>
#include <stdio.h>
#include <errno.h>
#include <string.h>
int main(int argc, char **argv) {
    (void)argc;
    int a = open(argv[1], O_WRONLY), b = open(argv[2], O_WRONLY | O_CREAT, 0755);
    printf("%s %s\\n", a < 0 ? strerror(errno) : "opened", b < 0 ? strerror(errno) : "created");
    return 0;
}
`;
    const dir = built.artifact!.path.replace(/\/[^/]+$/, '');
    const r = await lab.compileAndRun(env, { sources: [{ name: 'attack.c', content: attack }], discard: true }, { args: [built.artifact!.path, `${dir}/planted`] });
    expect(r.run?.stdout).toBe('Permission denied Permission denied\n');
    // the built program is still readable and runs for a later request
    expect((await lab.run(env, built.artifact!)).exitCode).toBe(0);
  });

  it('a full /lab is reported as the lab being full, not as a compile that failed the same way on both sides', async () => {
    const filler = new Lab({ engine });
    try {
      // nearly all of /lab taken by a kept file (as `check --run` keeps a copied program)
      await filler.putArtifact(env, 'big', Buffer.alloc(LIMITS.labDiskBytes - 64 * 1024, 0x5a));
      const attempt = filler.compileAndRun(env, { sources: [{ name: 'ok.c', content: 'int main(void) { return 0; }\n' }, { name: 'pad.h', content: Buffer.alloc(256 * 1024, 0x20) }] });
      await expect(attempt).rejects.toMatchObject({ kind: 'disk-full' });
      await expect(attempt).rejects.toThrow(/No room left in the .* environment's \/lab or \/tmp/);
    } finally {
      await filler.dispose();
    }
  });
});

describe('two commands of one user on one warm container at once', () => {
  it('never share a uid or a HOME: each reads back what it wrote there itself', async () => {
    const { warmContainers } = await import('../../src/lab/warm.js');
    const owner = `isolation-${process.pid}-${Date.now().toString(36)}`;
    const first = new Lab({ engine, keepWarm: { idleSeconds: 60, owner } });
    const second = new Lab({ engine, keepWarm: { idleSeconds: 60, owner } });
    // writes its token to ~/out, waits for the other to do the same, reads ~/out back
    const race = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
    char path[4096], got[64] = "";
    snprintf(path, sizeof path, "%s/out", getenv("HOME"));
    FILE *f = fopen(path, "w");
    if (!f || argc < 2) return 2;
    fputs(argv[1], f);
    fclose(f);
    usleep(400 * 1000);
    f = fopen(path, "r");
    if (!f || !fgets(got, sizeof got, f)) return 3;
    printf("%d %s\\n", (int)getuid(), got);
    return 0;
}
`;
    try {
      await first.compileAndRun('musl', { sources: [{ name: 'warm-up.c', content: 'int main(void) { return 0; }\n' }], discard: true });
      const runs = await Promise.all([first, second].map((l, i) => l.compileAndRun('musl', { sources: [{ name: 'race.c', content: race }], discard: true }, { args: [`token-${i}`] })));
      for (const r of runs) expect(r.compile.ok, r.compile.diagnostics).toBe(true);
      const said = runs.map((r) => r.run!.stdout.trim().split(" "));
      expect(said.map((s) => s[1])).toEqual(['token-0', 'token-1']);
      expect(said[0]![0]).not.toBe(said[1]![0]);
      expect((await warmContainers(engine, owner)).length).toBe(1); // one container served both
    } finally {
      await Promise.all([first.dispose(), second.dispose()]);
      for (const id of await warmContainers(engine, owner)) await engine.removeContainer(id);
    }
  });
});

describe('requests the agent cannot take are refused with a reason, never hang or get cut', () => {
  it('a source over 64 MiB: bad-input at once', async () => {
    const big = Buffer.alloc(65 * MiB, 0x20);
    await expect(lab.compileAndRun('glibc', { sources: [{ name: 'big.c', content: big }], discard: true })).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringMatching(/at most 64 MiB/) });
    // and the environment still answers
    const ok = await lab.compileAndRun('glibc', { sources: [{ name: 'ok.c', content: 'int main(void) { return 3; }\n' }], discard: true });
    expect(ok.run?.exitCode).toBe(3);
  });

  it('5000 arguments: bad-input, not a silently shorter argv', async () => {
    const args = Array.from({ length: 5000 }, (_, i) => String(i));
    await expect(lab.compileAndRun('musl', { sources: [{ name: 'ok.c', content: 'int main(int c, char **v) { (void)v; return c % 256; }\n' }], discard: true }, { args })).rejects.toMatchObject({ kind: 'bad-input' });
  });

  it("an argument too large for exec: the lab's error, not words of the lab in the program's stderr", async () => {
    const attempt = lab.compileAndRun('musl', { sources: [{ name: 'ok.c', content: 'int main(void) { return 0; }\n' }], discard: true }, { args: ['x'.repeat(200 * 1024)] });
    await expect(attempt).rejects.toBeInstanceOf(LabError);
    await expect(attempt).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringMatching(/too large/) });
  });
});

describe('the environment a program gets is the same in both environments', () => {
  it('no shell variables (SHLVL, PWD) are added; variables the learner sets arrive as set', async () => {
    const show = '#include <stdio.h>\n#include <stdlib.h>\nstatic const char *v(const char *n) { const char *s = getenv(n); return s ? s : "-"; }\nint main(void) { printf("SHLVL=%s PWD=%s OLDPWD=%s\\n", v("SHLVL"), v("PWD"), v("OLDPWD")); return 0; }\n';
    const out = async (env: EnvName, set: Record<string, string>) => (await lab.compileAndRun(env, { sources: [{ name: 'show.c', content: show }], discard: true }, { env: set })).run!.stdout;
    expect(await out('glibc', {})).toBe('SHLVL=- PWD=- OLDPWD=-\n');
    expect(await out('musl', {})).toBe('SHLVL=- PWD=- OLDPWD=-\n');
    expect(await out('glibc', { SHLVL: '5', PWD: '/x' })).toBe('SHLVL=5 PWD=/x OLDPWD=-\n');
    expect(await out('musl', { SHLVL: '5', PWD: '/x' })).toBe('SHLVL=5 PWD=/x OLDPWD=-\n');
  });

  it('a program that cannot be started is still reported by the environment\'s shell (not found, 127)', async () => {
    const r = await lab.command('musl', ['./no-such-program']);
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toMatch(/no-such-program: not found/);
  });
});
