/* cancel-cleanup.c: a cleanup handler that must run when a thread is cancelled.
 *
 * pthread_cleanup_push registers a function to run if the thread is
 * cancelled (or calls pthread_exit) before the matching pthread_cleanup_pop;
 * real programs unlock mutexes or free buffers there. Both are macros, and
 * each C library expands them into calls of its own: glibc's (in C, without
 * -fexceptions) call __pthread_register_cancel, musl's call
 * _pthread_cleanup_push. A binary built on glibc carries glibc's calls. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static sem_t ready;

static void cleanup(void *arg) {
    printf("cleanup handler ran: %s\n", (const char *)arg);
}

static void *worker(void *arg) {
    (void)arg;
    pthread_cleanup_push(cleanup, "mutex unlocked");
    sem_post(&ready);         /* the handler is registered: main may cancel now */
    for (;;)
        pause();              /* a cancellation point: the thread ends here */
    pthread_cleanup_pop(0);
    return NULL;
}

int main(void) {
    pthread_t t;
    void *result;
    sem_init(&ready, 0, 0);
    pthread_create(&t, NULL, worker, NULL);
    sem_wait(&ready);
    pthread_cancel(t);
    pthread_join(t, &result);
    printf("thread %s\n", result == PTHREAD_CANCELED ? "was cancelled" : "returned");
    return 0;
}
