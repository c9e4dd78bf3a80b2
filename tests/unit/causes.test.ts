/**
 * The root-cause catalogue: every entry loads and is well-formed, its lesson
 * links exist, and diagnose() names each cause from a realistic piece of
 * evidence and not from a near miss. Compiler samples are gcc 14.2's words,
 * captured in the lab's environments.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose, stripComments, type Observation } from '../../src/causes/diagnose.js';
import { REQUIRED_IDS, loadCatalogue } from '../../src/causes/load.js';
import { loadCourse } from '../../src/lessons/load.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const cat = loadCatalogue(ROOT);
const classes = (obs: Observation[]) => diagnose(cat, obs).map((d) => d.class);

const gcc = (env: string, text: string): Observation => ({ env, in: 'compiler', text });
const src = (env: string, text: string, outcome: Observation['outcome'] = 'differs'): Observation => ({ env, in: 'source', text, file: 'prog.c', outcome });
const out = (env: string, text: string): Observation => ({ env, in: 'output', text });
const loader = (env: string, text: string): Observation => ({ env, in: 'loader', text });
const crash = (env: string, text: string): Observation => ({ env, in: 'crash', text });

interface Case {
  id: string;
  match: Observation[];
  /** The line quoted as evidence must contain this. */
  evidence: string;
  /** Near misses: none of these may be diagnosed as `id`. */
  not: Observation[][];
}

const CASES: Case[] = [
  { id: 'glibc-only-header', match: [gcc('musl', "prog.c:2:10: fatal error: error.h: No such file or directory\n    2 | #include <error.h>\n      |          ^~~~~~~~~\ncompilation terminated.")], evidence: 'error.h: No such file', not: [[gcc('musl', 'prog.c:2:10: fatal error: mylib.h: No such file or directory')], [gcc('glibc', 'prog.c:2:10: fatal error: error.h: No such file or directory')]] },
  { id: 'gnu-extension', match: [gcc('musl', "prog.c:7:13: error: implicit declaration of function 'strndupa'; did you mean 'strndup'? [-Wimplicit-function-declaration]\n    7 |   char *s = strndupa(\"hello\", 5);")], evidence: "'strndupa'", not: [[gcc('musl', "prog.c:7:13: error: implicit declaration of function 'my_strndupa'")]] },
  { id: 'gnu-extension', match: [gcc('musl', "prog.c:5:20: error: 'ALLPERMS' undeclared (first use in this function)")], evidence: 'ALLPERMS', not: [] },
  { id: 'gnu-constant', match: [gcc('musl', "prog.c:8:42: error: 'GLOB_BRACE' undeclared (first use in this function); did you mean 'GLOB_NOSPACE'?")], evidence: 'GLOB_BRACE', not: [[gcc('musl', "prog.c:8:42: error: 'GLOB_NOSPACE' undeclared")]] },
  { id: 'glibc-internal-name', match: [gcc('musl', "prog.c:7:3: error: unknown type name 'sigval_t'; did you mean 'sig_t'?\n    7 |   sigval_t v;")], evidence: 'sigval_t', not: [[gcc('musl', "prog.c:7:3: error: unknown type name 'sigset'")]] },
  { id: 'glibc-internal-name', match: [gcc('musl', "prog.h:3:1: error: expected '=', ',', ';', 'asm' or '__attribute__' before 'int'\n    3 | __BEGIN_DECLS int f(void);")], evidence: '__BEGIN_DECLS', not: [] },
  { id: 'glibc-macro-as-platform', match: [src('musl', '#include <stdio.h>\n#ifdef __GLIBC__\nputs("linux");\n#endif\n')], evidence: 'prog.c:2: #ifdef __GLIBC__', not: [[src('musl', '/* #ifdef __GLIBC__ would be wrong here */\n#ifdef __linux__\n#endif\n')]] },
  { id: 'feature-test-macros', match: [gcc('musl', "prog.c:7:18: error: implicit declaration of function 'strchrnul'; did you mean 'strchr'? [-Wimplicit-function-declaration]")], evidence: 'strchrnul', not: [[gcc('musl', "prog.c:7:18: error: implicit declaration of function 'strchr_nul'")]] },
  { id: 'feature-test-macros', match: [src('glibc', '#include <stdio.h>\n#define _GNU_SOURCE\n#include <string.h>\n', 'compile-failed')], evidence: 'prog.c:2: #define _GNU_SOURCE', not: [[src('glibc', '#define _GNU_SOURCE\n#include <stdio.h>\n#include <string.h>\n', 'compile-failed')], [src('glibc', '#include <stdio.h>\n#define _GNU_SOURCE\n', 'differs')]] },
  { id: 'implicit-include', match: [gcc('musl', "prog.c:2:40: error: implicit declaration of function 'htobe64' [-Wimplicit-function-declaration]")], evidence: 'htobe64', not: [[gcc('musl', "prog.c:2:40: error: implicit declaration of function 'htobe64x'")]] },
  { id: 'kernel-header-clash', match: [gcc('musl', "In file included from prog.c:3:\n/usr/include/linux/in6.h:33:8: error: redefinition of 'struct in6_addr'\n   33 | struct in6_addr {\n      |        ^~~~~~~~")], evidence: 'in6_addr', not: [[gcc('musl', "prog.c:9:8: error: redefinition of 'struct point'")]] },
  { id: 'kernel-headers-missing', match: [gcc('musl', 'prog.c:3:10: fatal error: linux/in6.h: No such file or directory')], evidence: 'linux/in6.h', not: [[gcc('musl', 'prog.c:3:10: fatal error: mylinux/in6.h: No such file or directory')]] },
  { id: 'lfs64', match: [gcc('musl', "lfs64.c:7:17: error: storage size of 'st' isn't known\n    7 |   struct stat64 st;\n      |                 ^~")], evidence: 'struct stat64 st;', not: [[gcc('musl', "prog.c:7:17: error: storage size of 'st' isn't known\n    7 |   struct stats st;")]] },
  { id: 'basename', match: [gcc('musl', "basename.c:7:20: error: implicit declaration of function 'basename'; did you mean 'rename'? [-Wimplicit-function-declaration]")], evidence: 'basename', not: [[gcc('musl', "prog.c:7:20: error: implicit declaration of function 'basename_r'")]] },
  { id: 'basename', match: [src('musl', '#include <string.h>\nint main(void) { puts(basename("/usr/lib/")); }\n')], evidence: 'prog.c:2:', not: [[src('musl', 'const char *my_basename_of(const char *p);\n')]] },
  { id: 'strerror-r', match: [gcc('musl', "strerror-r.c: In function 'main':\nstrerror-r.c:8:15: error: initialization of 'char *' from 'int' makes pointer from integer without a cast [-Wint-conversion]\n    8 |   char *msg = strerror_r(2, buf, sizeof buf);\n      |               ^~~~~~~~~~")], evidence: 'strerror_r(2, buf', not: [[gcc('musl', "prog.c:8:15: error: initialization of 'char *' from 'int' makes pointer from integer without a cast [-Wint-conversion]\n    8 |   char *msg = strerror(2);")]] },
  { id: 'stdio-object', match: [gcc('musl', "stdio-object.c:7:10: error: assignment of read-only variable 'stdout'")], evidence: 'stdout', not: [[gcc('musl', "prog.c:7:10: error: assignment of read-only variable 'limit'")]] },
  { id: 'struct-layout', match: [gcc('musl', "struct-layout.c:10:42: error: initialization of 'int' from 'void *' makes integer from pointer without a cast [-Wint-conversion]\n   10 |   struct msghdr mh = { NULL, 0, &iov, 1, NULL, 0, 0 };\n      |                                          ^~~~")], evidence: 'struct msghdr mh', not: [[gcc('musl', "prog.c:10:42: error: initialization of 'int' from 'void *' makes integer from pointer without a cast\n   10 |   struct point p = { NULL };")]] },
  { id: 'resolver-api', match: [gcc('musl', "resolver-api.c:8:12: error: implicit declaration of function 'res_ninit'; did you mean 'res_init'? [-Wimplicit-function-declaration]")], evidence: 'res_ninit', not: [[gcc('musl', "prog.c:8:12: error: implicit declaration of function 'res_init'")]] },
  { id: 'netdb-behaviour', match: [crash('musl', 'null-pointer: NULL pointer: freeaddrinfo() in libc.so used a pointer that is NULL.\n#0 freeaddrinfo\n#1 main')], evidence: 'freeaddrinfo', not: [[crash('musl', 'null-pointer: NULL pointer: main() at prog.c:5 used a pointer that is NULL.')]] },
  { id: 'netdb-behaviour', match: [src('musl', 'int main(void) {\n  freeaddrinfo(res);\n}\n', 'crashed')], evidence: 'prog.c:2: freeaddrinfo(res);', not: [[src('musl', 'int main(void) {\n  freeaddrinfo(res);\n}\n', 'differs')]] },
  { id: 'dns-resolver-behaviour', match: [out('musl', 'lookup failed: Try again')], evidence: 'Try again', not: [[out('musl', 'lookup ok')]] },
  { id: 'thread-stack', match: [crash('musl', 'stack-overflow: Stack overflow in thread 2: its stack is about 128 KiB, and the frame of work() at prog.c:8 needed more.')], evidence: 'Stack overflow in thread 2', not: [[crash('musl', 'stack-overflow: Stack overflow in the main thread: its stack grew to 8192 KiB')]] },
  { id: 'thread-stack', match: [src('musl', '#include <pthread.h>\nint main(void) { pthread_create(&t, NULL, work, NULL); }\n', 'crashed')], evidence: 'prog.c:2:', not: [[src('musl', '#include <pthread.h>\nint main(void) { pthread_create(&t, NULL, work, NULL); }\n', 'differs')]] },
  { id: 'lazy-binding', match: [loader('glibc', './prog: symbol lookup error: ./libplugin.so: undefined symbol: helper')], evidence: 'undefined symbol: helper', not: [[loader('musl', './prog: symbol lookup error: ./libplugin.so: undefined symbol: helper')]] },
  { id: 'lazy-binding', match: [crash('musl', 'bad-jump: Jump to address 0x1026 through a lazily bound symbol: plugin_run() in libplugin.so called a function that was never resolved.')], evidence: 'Jump to address 0x1026', not: [] },
  { id: 'glibc-only-symbol', match: [loader('musl', 'Error relocating ./prog: __isoc23_strtol: symbol not found')], evidence: '__isoc23_strtol', not: [[loader('musl', 'Error relocating ./prog: my_helper: symbol not found')]] },
  { id: 'glibc-only-symbol', match: [loader('glibc', "./prog: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.39' not found (required by ./prog)")], evidence: 'GLIBC_2.39', not: [] },
  { id: 'missing-loader', match: [loader('musl', 'sh: ./prog: not found')], evidence: 'sh: ./prog: not found', not: [[loader('musl', 'sh: cannot open data.txt: No such file')]] },
  // busybox sh in the musl environment, starting a glibc program (captured by check --run)
  { id: 'missing-loader', match: [loader('musl', 'sh: exec: line 0: /lab/7a37bec59e56/x4/glibc-hello: not found')], evidence: 'glibc-hello: not found', not: [[loader('glibc', 'sh: exec: line 0: /lab/x4/hello: not found')]] },
  { id: 'getopt-order', match: [src('musl', 'while ((c = getopt(argc, argv, "v")) != -1)\n')], evidence: 'prog.c:1:', not: [[src('musl', '/* getopt(3) is not used */\nint x;\n')], [src('musl', 'while ((c = getopt_long(argc, argv, "v", opts, NULL)) != -1)\n')]] },
  { id: 'sysconf-unsupported', match: [src('musl', 'long n = sysconf(_SC_GETPW_R_SIZE_MAX);\n')], evidence: '_SC_GETPW_R_SIZE_MAX', not: [[src('musl', 'long n = sysconf(_SC_PAGESIZE);\n')]] },
  { id: 'errno-convention', match: [src('musl', 'errno = 0;\nlong v = strtol(s, &end, 10);\nif (errno) return 1;\n')], evidence: 'prog.c:2:', not: [[src('musl', 'long v = strtol(s, &end, 10);\nif (end == s) return 1;\n')]] },
  { id: 'time-zone', match: [src('musl', 'tzset();\nprintf("%s\\n", tzname[1]);\n')], evidence: 'prog.c:1:', not: [[src('musl', 'time_t t = time(NULL);\n')]] },
  { id: 'utmp', match: [out('musl', '/dev/null/utmp')], evidence: '/dev/null/utmp', not: [[out('musl', '/var/run/utmp')]] },
  { id: 'locale', match: [src('musl', 'setlocale(LC_ALL, "");\nputs(nl_langinfo(CODESET));\n')], evidence: 'prog.c:1:', not: [[src('musl', 'puts("no locale here");\n')]] },
  { id: 'malloc-behaviour', match: [out('glibc', 'free(): double free detected in tcache 2')], evidence: 'double free detected', not: [[out('glibc', 'freed 2 blocks')]] },
  { id: 'malloc-behaviour', match: [crash('musl', "malloc-check: musl's allocator found heap corruption in free() and stopped the program.")], evidence: "musl's allocator found heap corruption", not: [] },
  { id: 'build-tool-missing', match: [gcc('musl', 'checking for zlib...\n./configure: line 12: pkg-config: not found')], evidence: 'pkg-config', not: [] },
  { id: 'build-tool-missing', match: [gcc('glibc', 'sh: line 1: cmake: command not found')], evidence: 'cmake: command not found', not: [[gcc('glibc', "prog.c:3:10: fatal error: cmake.h: No such file or directory")]] },
  { id: 'busybox-tools', match: [gcc('musl', "sed: unrecognized option '--debug'\nBusyBox v1.37.0 multi-call binary.")], evidence: "sed: unrecognized option '--debug'", not: [[gcc('glibc', "sed: unrecognized option '--debug'")]] },
  { id: 'busybox-tools', match: [gcc('musl', 'find: unrecognized: -printf')], evidence: 'find: unrecognized: -printf', not: [] },
  { id: 'printf-format', match: [src('musl', 'printf("%Ld\\n", 5LL);\n')], evidence: '%Ld', not: [[src('musl', 'printf("%Lf %lld\\n", x, 5LL);\n')]] },
];

describe('the root-cause catalogue', () => {
  it('has every required id, each with a fix and primary sources', () => {
    for (const id of REQUIRED_IDS) expect(cat.byId.has(id), id).toBe(true);
    for (const e of cat.entries) {
      expect(e.sources.length, e.id).toBeGreaterThan(0);
      expect(e.fix.change.trim(), e.id).not.toBe('');
    }
  });

  it('links only to lessons and steps that exist', () => {
    const course = loadCourse(ROOT);
    for (const e of cat.entries) {
      for (const ref of e.lessons) {
        const lesson = course.lessons.find((l) => l.id === ref.lesson);
        expect(lesson, `${e.id} -> ${ref.lesson}`).toBeDefined();
        expect(lesson!.steps.map((s) => s.id), `${e.id} -> ${ref.lesson}/${ref.step}`).toContain(ref.step);
      }
    }
  });

  it('every cause has a test case below', () => {
    const tested = new Set(CASES.map((c) => c.id));
    for (const e of cat.entries) if (e.id !== 'unclassified') expect(tested.has(e.id), e.id).toBe(true);
  });
});

describe('diagnose', () => {
  it.each(CASES.map((c, i) => [`${c.id} #${i}`, c] as const))('%s: names it from its evidence, with the line', (_, c) => {
    const found = diagnose(cat, c.match).find((d) => d.class === c.id);
    expect(found, JSON.stringify(diagnose(cat, c.match))).toBeDefined();
    expect(found!.evidence).toContain(c.evidence);
    expect(found!.env).toBe(c.match[0]!.env);
    expect(found!.fix).not.toBe('');
    expect(found!.sources.length).toBeGreaterThan(0);
  });

  it.each(CASES.flatMap((c, i) => c.not.map((n, j) => [`${c.id} #${i}.${j}`, c.id, n] as const)))('%s: not named from a near miss', (_, id, obs) => {
    expect(classes(obs)).not.toContain(id);
  });

  it('says unclassified when nothing matches, and never guesses', () => {
    const d = diagnose(cat, [out('musl', 'result: 41'), out('glibc', 'result: 42'), src('musl', 'int main(void) { return 0; }\n')]);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ class: 'unclassified', env: null, evidence: null });
  });

  it('reads the source only when nothing the tools said matched', () => {
    const obs = [gcc('musl', "prog.c:7:13: error: implicit declaration of function 'strndupa'"), src('musl', 'while ((c = getopt(argc, argv, "v")) != -1)\n')];
    expect(classes(obs)).toEqual(['gnu-extension']);
  });

  it('a comment that names a call is not a call', () => {
    expect(stripComments('a(); /* getopt() */ b(); // getopt()\n"// kept"')).toBe('a();                b(); \n"// kept"');
  });
});

describe('compare text names the cause', () => {
  it('under the verdict: the cause, the evidence line, the fix and the lesson; nothing when the outcomes are the same', async () => {
    const { renderComparison } = await import('../../src/compare/view.js');
    const { makeStyle } = await import('../../src/term/style.js');
    const st = makeStyle({ color: false, plain: true });
    const compile = (env: string, ok: boolean, diagnostics = '') => ({ env: env as 'glibc', ok, exitCode: ok ? 0 : 1, diagnostics, durationMs: 100, timedOut: false, command: ['gcc', 'prog.c'] });
    const diag = "prog.c:7:20: error: implicit declaration of function 'basename'; did you mean 'rename'? [-Wimplicit-function-declaration]";
    const c = { sides: [{ env: 'glibc', compile: compile('glibc', true) }, { env: 'musl', compile: compile('musl', false, diag) }] as never, differences: ['compiled' as const] };
    const causes = diagnose(cat, [gcc('musl', diag)]);
    const text = renderComparison(c, st, 100, causes);
    expect(text).toMatch(/cause: basename \(GNU basename and POSIX basename\)/);
    expect(text).toMatch(/evidence \(musl, compiler\): prog\.c:7:20: error: implicit declaration of function 'basename'/);
    expect(text).toMatch(/fix: Include <libgen\.h>/);
    expect(text).toMatch(/lesson: portability-traps, step basename/);
    expect(renderComparison({ ...c, differences: [] }, st, 100, causes)).not.toMatch(/cause:/);
    // the fix and the evidence fold at spaces to the width (a 130-column gcc line, a long fix)
    for (const w of [100, 60]) {
      const part = renderComparison(c, st, w, causes).split('cause:')[1]!.split('\n');
      for (const l of part) expect(l.length, l).toBeLessThanOrEqual(w);
    }
  });
});
