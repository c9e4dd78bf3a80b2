/* worker.c: starts a thread with default attributes, as most programs do.
 * Nothing here is glibc-only, yet the checker warns: on musl the thread
 * gets 128 KiB of stack, and this worker wants 256 KiB. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void *work(void *arg) {
    (void)arg;
    volatile char scratch[256 * 1024];
    memset((char *)scratch, 0, sizeof scratch);
    return NULL;
}

int main(void) {
    pthread_t t;
    if (pthread_create(&t, NULL, work, NULL) != 0) return 1;
    pthread_join(t, NULL);
    puts("worker done");
    return 0;
}
