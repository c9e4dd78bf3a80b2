/* backtrace.c: a crash reporter's favourite tools, and where they exist.
 *
 * backtrace() (<execinfo.h>) and error() (<error.h>) are glibc extensions.
 * musl has neither header, so the plain version stops compiling at the first
 * #include. With -DPORTABLE the program asks the compiler whether a header
 * exists (__has_include, in gcc and clang) and falls back when it does not. */
#include <stdio.h>

#ifdef PORTABLE
#if __has_include(<execinfo.h>)
#include <execinfo.h>
#define HAVE_BACKTRACE 1
#endif
#if __has_include(<error.h>)
#include <error.h>
#define HAVE_ERROR 1
#endif
#else
#include <execinfo.h> /* glibc only */
#include <error.h>    /* glibc only */
#define HAVE_BACKTRACE 1
#define HAVE_ERROR 1
#endif

int main(void) {
#ifdef HAVE_BACKTRACE
    void *frames[32];
    int depth = backtrace(frames, 32);
    printf("backtrace: %s\n", depth > 0 ? "got stack frames" : "empty");
#else
    printf("backtrace: not available here (use a debugger or a core dump)\n");
#endif
#ifdef HAVE_ERROR
    error(0, 0, "error() printed this"); /* to stderr, prefixed with the program name */
#else
    fprintf(stderr, "fprintf(stderr) printed this\n");
#endif
    return 0;
}
