/* trace.wrong-musl-macro.c: a WRONG answer to the task, kept as a test
 * fixture.
 *
 * It guards the glibc-only code with `#ifndef __musl__`, but musl defines no
 * macro of its own: __musl__ is never defined, so the guard never excludes
 * anything and musl still meets #include <execinfo.h>. The lesson check
 * proves the task's expectations catch it. */
#include <stdio.h>

#ifndef __musl__                 /* wrong: no compiler or libc defines this */
#include <execinfo.h>
#endif

static void report(const char *what) {
    printf("error: %s\n", what);
#ifndef __musl__
    void *frames[16];
    int n = backtrace(frames, 16);
    printf("stack trace: %s\n", n > 0 ? "captured" : "empty");
#else
    printf("stack trace: not available with this C library\n");
#endif
}

int main(void) {
    report("config file missing");
    return 0;
}
