/* worker.wrong-rlimit.c: a WRONG answer to the task, kept as a test fixture.
 *
 * It raises the process's stack limit (what `ulimit -s` sets) before creating
 * the thread. That changes no thread's stack: glibc read its thread default
 * from the limit once, when the program started (8 MiB under the usual
 * ulimit -s 8192, so on glibc the walk fits anyway), and musl never reads it,
 * so on musl the walk still overflows. The lesson check proves the task's
 * expectations catch it. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#define DEPTH 1000

static unsigned walk(unsigned depth) {
    char scratch[1024];
    memset(scratch, (int)(depth & 0xff), sizeof scratch);
    if (depth == 0)
        return 0;
    return (unsigned char)scratch[depth % sizeof scratch] + walk(depth - 1);
}

static void *worker(void *arg) {
    unsigned *result = arg;
    *result = walk(DEPTH);
    return NULL;
}

int main(void) {
    pthread_t t;
    unsigned result = 0;

    /* Wrong: RLIMIT_STACK sizes the main thread; thread defaults were fixed at start-up. */
    struct rlimit rl;
    getrlimit(RLIMIT_STACK, &rl);
    rl.rlim_cur = 16 * 1024 * 1024;                  /* 16 MiB, if the hard limit allows */
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < rl.rlim_cur)
        rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_STACK, &rl);

    int err = pthread_create(&t, NULL, worker, &result);   /* NULL: default attributes */
    if (err != 0) {
        fprintf(stderr, "pthread_create: %s\n", strerror(err));
        return 1;
    }
    pthread_join(t, NULL);
    printf("walked %d levels, checksum %u: ok\n", DEPTH, result);
    return 0;
}
