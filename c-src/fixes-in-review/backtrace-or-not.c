/* backtrace-or-not.c: glibc-only headers break the build on musl.
 * With -DUSE_EXECINFO the program includes <execinfo.h> unconditionally
 * (musl has no such header). Without it, the include is guarded by a
 * feature test, and the program still builds and runs everywhere. */
#include <stdio.h>

#if defined(USE_EXECINFO) || defined(__GLIBC__)
#include <execinfo.h>
#define HAVE_BACKTRACE 1
#endif

int main(void) {
#ifdef HAVE_BACKTRACE
    void *frames[8];
    int n = backtrace(frames, 8);
    printf("backtrace available (%s frames)\n", n > 0 ? "some" : "no");
#else
    printf("backtrace not available here: carrying on without it\n");
#endif
    return 0;
}
