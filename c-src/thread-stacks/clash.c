/* clash.c: a stack overflow that does not crash.
 *
 * The worker declares a 1 MiB local buffer, far more than musl's default
 * thread stack, but writes only its first bytes. Making room for the buffer
 * just moves the stack pointer down by 1 MiB, in one step, right over the
 * small guard page. Nothing touches the guard, so nothing faults: the worker
 * writes into whatever memory lies below its stack. Here that is a block
 * main() mapped for a different purpose, and main() finds the worker's text
 * in it afterwards. */
#define _GNU_SOURCE               /* for memmem */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define BUF_BYTES (1024 * 1024)   /* the worker's local buffer: 1 MiB */
#define OTHER_BYTES (1536 * 1024) /* main's own memory, for something else */

static const char text[] = "hello from the worker";
static sem_t go;

static void greet(void) {
    char buf[BUF_BYTES];          /* a big buffer "just in case"... */
    strcpy(buf, text);            /* ...of which only the start is used */
    printf("worker: wrote \"%s\" at the start of a %d KiB local buffer\n", buf, BUF_BYTES / 1024);
}

static void *worker(void *arg) {
    (void)arg;
    sem_wait(&go);                /* wait until main has mapped its memory */
    greet();                      /* the 1 MiB frame is made only now */
    return NULL;
}

int main(void) {
    pthread_t t;
    sem_init(&go, 0, 0);
    if (pthread_create(&t, NULL, worker, NULL) != 0)
        return 1;
    /* New mappings are placed below older ones, so this block ends up right
     * below the worker's stack (and below its guard page). */
    char *other = mmap(NULL, OTHER_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (other == MAP_FAILED)
        return 1;
    sem_post(&go);
    pthread_join(t, NULL);

    if (memmem(other, OTHER_BYTES, text, strlen(text)))
        printf("main: my other memory now contains \"%s\"\n", text);
    else
        printf("main: my other memory is untouched\n");
    return 0;
}
