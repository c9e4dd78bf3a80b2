/* worker.c: runs on Debian, crashes on Alpine. Make it run on both.
 *
 * The worker thread does a deep recursive walk (a stand-in for a recursive
 * parser or tree walk). Each level keeps a 1 KiB scratch buffer on the
 * stack, so DEPTH levels need roughly DEPTH KiB of stack. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

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

    int err = pthread_create(&t, NULL, worker, &result);   /* NULL: default attributes */
    if (err != 0) {
        fprintf(stderr, "pthread_create: %s\n", strerror(err));
        return 1;
    }
    pthread_join(t, NULL);
    printf("walked %d levels, checksum %u: ok\n", DEPTH, result);
    return 0;
}
