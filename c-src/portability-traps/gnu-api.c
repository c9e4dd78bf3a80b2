/* gnu-api.c: GNU interfaces a program may use without noticing.
 *
 * Built as is, it prints two values every thread or signal program depends
 * on. Built with -DTRY_<NAME>, it is a compile-only probe of one GNU
 * extension (the lesson's command builds each probe and reports whether it
 * compiles). */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#if defined(TRY_STRERROR_R)
/* GNU strerror_r returns the message (char *); POSIX's returns an int (0 or an error number). */
const char *probe(char *buf, size_t len) { char *msg = strerror_r(2, buf, len); return msg; }
#elif defined(TRY_RTLD_DEEPBIND)
#include <dlfcn.h>
/* a plugin that prefers its own symbols over the program's */
void *probe(void) { return dlopen("plugin.so", RTLD_NOW | RTLD_DEEPBIND); }
#elif defined(TRY_DLMOPEN)
#include <dlfcn.h>
/* load a library into a fresh, separate namespace */
void *probe(void) { return dlmopen(LM_ID_NEWLM, "plugin.so", RTLD_NOW); }
#elif defined(TRY_DLVSYM)
#include <dlfcn.h>
/* ask for one version of a versioned symbol */
void *probe(void) { return dlvsym(RTLD_DEFAULT, "memcpy", "GLIBC_2.14"); }
#elif defined(TRY_MALLOC_TRIM)
#include <malloc.h>
/* give freed heap memory back to the system */
int probe(void) { return malloc_trim(0); }
#elif defined(TRY_MALLINFO2)
#include <malloc.h>
/* heap statistics */
size_t probe(void) { return mallinfo2().uordblks; }
#elif defined(TRY_MCHECK)
#include <mcheck.h>
/* glibc's malloc tracing */
void probe(void) { mtrace(); }
#else
int main(void) {
    /* SIGRTMIN is a function call on both: the library keeps the first
     * real-time signals for itself (thread cancellation and more). */
    printf("SIGRTMIN = %d, SIGRTMAX = %d\n", SIGRTMIN, SIGRTMAX);
    /* The smallest stack pthread_attr_setstacksize accepts (with _GNU_SOURCE,
     * glibc makes it a sysconf call: it depends on the CPU's signal frame). */
    printf("PTHREAD_STACK_MIN = %ld\n", (long)PTHREAD_STACK_MIN);
    return 0;
}
#endif
