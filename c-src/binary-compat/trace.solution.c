/* trace.solution.c: the same report, portable to musl.
 *
 * Instead of asking "is this glibc?", ask "is the feature here?":
 * __has_include tells the preprocessor whether <execinfo.h> exists.
 * (`#ifdef __GLIBC__` works too; musl defines no macro of its own.)
 * Without the header, the program still reports the error, just without
 * a stack trace. */
#include <stdio.h>

#if defined(__has_include)
#if __has_include(<execinfo.h>)
#include <execinfo.h>
#define HAVE_BACKTRACE 1
#endif
#endif

static void report(const char *what) {
    printf("error: %s\n", what);
#ifdef HAVE_BACKTRACE
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
