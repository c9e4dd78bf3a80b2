/* worker.wrong-small-stack.c: a WRONG answer to the task, kept as a test
 * fixture. It sets the stack size the right way, but to 256 KiB: more than
 * musl's default, far less than the walk's roughly 1 MiB, so the walk
 * overflows on both libraries. The lesson check proves the task's
 * expectations catch it. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define DEPTH 1000
#define WORKER_STACK (256 * 1024)   /* wrong: "twice musl's default" is not what the walk needs */

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

    /* Thread attributes: start from the defaults, then set the stack size. */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    int err = pthread_attr_setstacksize(&attr, WORKER_STACK);
    if (err != 0) {
        fprintf(stderr, "pthread_attr_setstacksize: %s\n", strerror(err));
        return 1;
    }
    err = pthread_create(&t, &attr, worker, &result);      /* &attr instead of NULL */
    pthread_attr_destroy(&attr);                             /* the thread keeps its own copy */
    if (err != 0) {
        fprintf(stderr, "pthread_create: %s\n", strerror(err));
        return 1;
    }
    pthread_join(t, NULL);
    printf("walked %d levels, checksum %u: ok\n", DEPTH, result);
    return 0;
}
