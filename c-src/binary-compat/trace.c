/* trace.c: report an error together with a stack trace.
 *
 * backtrace() and <execinfo.h> are glibc extensions, not standard C or
 * POSIX. musl has neither, so this file does not compile on musl, and a
 * copy built on glibc asks musl for a `backtrace` symbol it cannot find. */
#include <execinfo.h>
#include <stdio.h>

/* Print the error, then try to capture the call stack (the addresses
 * differ from run to run, so only whether it worked is printed). */
static void report(const char *what) {
    void *frames[16];
    int n = backtrace(frames, 16);

    printf("error: %s\n", what);
    printf("stack trace: %s\n", n > 0 ? "captured" : "empty");
}

int main(void) {
    report("config file missing");
    return 0;
}
