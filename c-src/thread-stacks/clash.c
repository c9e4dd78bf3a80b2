/* clash.c: a stack overflow that does not crash.
 *
 * The worker declares a 1 MiB local buffer, far more than musl's default
 * thread stack, but writes only its first bytes. Making room for the buffer
 * just moves the stack pointer down by 1 MiB, in one step, right over the
 * small guard page. Nothing touches the guard, so nothing faults: the worker
 * writes into whatever memory lies below its stack.
 *
 * What lies there is up to the kernel's memory layout, so the program does
 * not leave it to chance: the worker reports where its stack and guard page
 * are, and main() maps a block of its own memory right below the guard page
 * (MAP_FIXED_NOREPLACE: exactly there, or not at all). If that place is
 * taken, the program says so and stops, instead of proving nothing. */
#define _GNU_SOURCE               /* for memmem, pthread_getattr_np, MAP_FIXED_NOREPLACE */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define BUF_BYTES (1024 * 1024)   /* the worker's local buffer: 1 MiB */
#define OTHER_BYTES (1536 * 1024) /* main's own memory, for something else */

static const char text[] = "hello from the worker";
static sem_t ready, go;
static char *stack_low;           /* lowest byte of the worker's stack */
static size_t guard;              /* size of the guard page(s) below it */

static void greet(void) {
    char buf[BUF_BYTES];          /* a big buffer "just in case"... */
    strcpy(buf, text);            /* ...of which only the start is used */
    printf("worker: wrote \"%s\" at the start of a %d KiB local buffer\n", buf, BUF_BYTES / 1024);
}

static void *worker(void *arg) {
    (void)arg;
    pthread_attr_t attr;          /* where is my stack, and how big is its guard? */
    void *addr = NULL;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_getguardsize(&attr, &guard);
        pthread_attr_destroy(&attr);
    }
    stack_low = addr;
    sem_post(&ready);
    sem_wait(&go);                /* wait until main has mapped its memory */
    greet();                      /* the 1 MiB frame is made only now */
    return NULL;
}

int main(void) {
    pthread_t t;
    sem_init(&ready, 0, 0);
    sem_init(&go, 0, 0);
    if (pthread_create(&t, NULL, worker, NULL) != 0)
        return 1;
    sem_wait(&ready);
    /* Place main's block so that it ends where the worker's guard page begins. */
    char *want = stack_low - guard - OTHER_BYTES;
    char *other = mmap(want, OTHER_BYTES, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (stack_low == NULL || other != want) {
        printf("main: could not place my memory right below the worker's stack; nothing shown\n");
        return 2;
    }
    sem_post(&go);
    pthread_join(t, NULL);

    if (memmem(other, OTHER_BYTES, text, strlen(text)))
        printf("main: my other memory now contains \"%s\"\n", text);
    else
        printf("main: my other memory is untouched\n");
    return 0;
}
