/* big-stack-thread.c: a thread that needs 256 KiB of stack.
 *
 * The array lives on the thread's stack. glibc sizes a thread stack from
 * `ulimit -s` (usually 8 MiB), so it fits. musl gives a thread 128 KiB by
 * default, so it does not: touching the array's first byte, 256 KiB below
 * the top of the stack, lands past the guard page and faults. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void *worker(void *arg) {
    volatile char buf[256 * 1024];
    (void)arg;
    /* One write per 4 KiB page, starting at the lowest address. */
    for (size_t i = 0; i < sizeof buf; i += 4096)
        buf[i] = 1;
    return NULL;
}

int main(void) {
    pthread_t t;
    int err = pthread_create(&t, NULL, worker, NULL);  /* default attributes: the libc's default stack size */
    if (err != 0) {
        printf("pthread_create: %s\n", strerror(err));
        return 1;
    }
    pthread_join(t, NULL);
    printf("the thread used 256 KiB of stack and returned\n");
    return 0;
}
