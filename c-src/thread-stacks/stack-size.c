/* stack-size.c: ask a running thread how big its stack really is.
 *
 * pthread_getattr_np (a GNU extension that musl provides too) fills an
 * attribute object describing an existing thread, including its stack.
 * The program also prints the stack limit the process runs under
 * (`ulimit -s`, RLIMIT_STACK), to compare the two. */
#define _GNU_SOURCE               /* for pthread_getattr_np */
#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>

static void *worker(void *arg) {
    (void)arg;
    pthread_attr_t attr;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstacksize(&attr, &size);
        pthread_attr_destroy(&attr);
    }
    printf("thread stack: %zu bytes (%zu KiB)\n", size, size / 1024);
    return NULL;
}

int main(void) {
    struct rlimit rl;
    getrlimit(RLIMIT_STACK, &rl);
    if (rl.rlim_cur == RLIM_INFINITY)
        printf("ulimit -s: unlimited\n");
    else
        printf("ulimit -s: %llu KiB\n", (unsigned long long)rl.rlim_cur / 1024);

    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL) != 0) {   /* default attributes */
        fprintf(stderr, "pthread_create failed\n");
        return 1;
    }
    pthread_join(t, NULL);
    return 0;
}
