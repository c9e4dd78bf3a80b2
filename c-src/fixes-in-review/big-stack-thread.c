/* big-stack-thread.c: a worker thread that needs 256 KiB of stack.
 *
 * On musl a thread gets 128 KiB unless told otherwise, so the default run
 * crashes. Two fixes, chosen by the argument:
 *   default   - no fix: pthread_create with default attributes
 *   attr      - ask for 1 MiB with pthread_attr_setstacksize (portable)
 * The third fix needs no code: link with -Wl,-z,stack-size=1048576, which musl
 * reads as its default thread stack size (glibc ignores it). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NEED (256 * 1024)

static void *worker(void *arg) {
    (void)arg;
    volatile char buf[NEED];
    /* Touch every byte, from the start, so an overflow faults at once. */
    memset((char *)buf, 1, sizeof buf);
    return (void *)(long)buf[NEED - 1];
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "default";
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (strcmp(mode, "attr") == 0) pthread_attr_setstacksize(&attr, 1024 * 1024);
    pthread_t t;
    if (pthread_create(&t, &attr, worker, NULL) != 0) {
        printf("pthread_create failed\n");
        return 1;
    }
    void *res;
    pthread_join(t, &res);
    pthread_attr_destroy(&attr);
    printf("worker used 256 KiB of stack: ok (%s)\n", mode);
    return 0;
}
