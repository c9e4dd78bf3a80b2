/* default-stack.c: change the default stack size for every new thread.
 *
 * pthread_setattr_default_np (a GNU extension that musl also has) sets the
 * attributes that pthread_create uses when it is given NULL. One call at
 * the start of main sizes the stacks of all threads created afterwards,
 * including threads that libraries start with NULL attributes.
 *
 * argv[1]: the default to set, in KiB. The thread reports the stack it got
 * (pthread_getattr_np) and then uses 512 KiB of it. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void use_stack(size_t bytes) {
    char buf[bytes];          /* a variable-length array on the thread's stack */
    volatile char *p = buf;
    for (size_t i = bytes; i > 0; i--)
        p[i - 1] = 'x';       /* top down, so an overflow always hits the guard page */
}

static void *worker(void *arg) {
    (void)arg;
    pthread_attr_t attr;
    size_t size;
    pthread_getattr_np(pthread_self(), &attr);
    pthread_attr_getstacksize(&attr, &size);
    pthread_attr_destroy(&attr);
    printf("thread stack: %zu KiB\n", size / 1024);
    fflush(stdout);           /* keep this line if the next call crashes */
    use_stack(512 * 1024);
    return NULL;
}

int main(int argc, char **argv) {
    size_t kib = argc > 1 ? strtoul(argv[1], NULL, 10) : 1024;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kib * 1024);
    int rc = pthread_setattr_default_np(&attr);   /* the process-wide default */
    pthread_attr_destroy(&attr);
    printf("default set to %zu KiB: %s\n", kib, rc == 0 ? "ok" : "refused");

    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);     /* NULL: the default attributes */
    pthread_join(t, NULL);
    printf("the thread used 512 KiB and returned\n");
    return 0;
}
