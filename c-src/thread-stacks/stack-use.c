/* stack-use.c: a thread that uses N KiB of its own stack (N is argv[1]).
 *
 * A new thread's stack has a fixed size, chosen when the thread is created,
 * with an inaccessible "guard page" just below its end. Writing past the end
 * touches the guard page and the kernel stops the program with SIGSEGV.
 *
 * To make that crash happen every time, the buffer is written from its top
 * end downward, the direction in which a stack grows: the first byte beyond
 * the stack is then always a byte of the guard page. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void use_stack(size_t bytes) {
    char buf[bytes];          /* a variable-length array: sized at run time, on the stack */
    volatile char *p = buf;   /* volatile: the compiler must really do every write */
    for (size_t i = bytes; i > 0; i--)
        p[i - 1] = 'x';       /* from the top (nearest the caller) down to buf[0] */
}

static void *worker(void *arg) {
    size_t kib = *(size_t *)arg;
    printf("worker: using %zu KiB of stack\n", kib);
    fflush(stdout);           /* so this line is not lost if the next call crashes */
    use_stack(kib * 1024);
    return NULL;
}

int main(int argc, char **argv) {
    size_t kib = argc > 1 ? strtoul(argv[1], NULL, 10) : 64;
    pthread_t t;
    /* NULL attributes: the thread gets the C library's default stack size. */
    if (pthread_create(&t, NULL, worker, &kib) != 0) {
        fprintf(stderr, "pthread_create failed\n");
        return 1;
    }
    pthread_join(t, NULL);
    printf("ok\n");
    return 0;
}
