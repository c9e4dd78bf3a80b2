/* worker.solution.c: the same walk, with a stack size chosen by the program.
 *
 * Asking for the stack size explicitly makes the program behave the same on
 * every C library, whatever its default or `ulimit -s`. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define DEPTH 1000
#define WORKER_STACK (2 * 1024 * 1024)   /* 2 MiB: about twice what the walk needs */

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
