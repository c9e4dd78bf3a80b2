/* malloc-mixed.c: how fast is malloc/free of mixed sizes, with 1 or more threads?
 * Usage: malloc-mixed THREADS   (0: the main thread does the work, no thread is started)
 *
 * THREADS 0 matters on musl: until a program starts its first thread, musl's
 * malloc skips its lock (libc.need_locks is 0). With 1, the work runs in one
 * started thread, alone but paying for the lock.
 *
 * Each thread keeps 64 blocks alive and replaces one at a time with a block of
 * another size (16 bytes to 1 KiB, from a fixed pseudo-random sequence), the
 * way a parser or a server churns through small buffers. The whole run is
 * repeated 5 times and the medians are reported: one slow run does not move
 * them. cpu_ms is the CPU time the process used (all its threads): time spent
 * waiting for a busy machine's CPU does not count, as it does in wall_ms. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OPS 200000  /* malloc+free pairs per thread */
#define LIVE 64     /* blocks each thread keeps alive */
#define RUNS 5

static double clock_ms(clockid_t which) {
    struct timespec t;
    clock_gettime(which, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void *churn(void *arg) {
    unsigned seed = (unsigned)(size_t)arg;   /* same sequence every run */
    char *live[LIVE] = {0};
    for (int i = 0; i < OPS; i++) {
        seed = seed * 1103515245u + 12345u;
        int slot = (seed >> 8) % LIVE;
        size_t size = 16 + (seed >> 16) % 1009;  /* 16 .. 1024 bytes */
        free(live[slot]);
        live[slot] = malloc(size);
        if (!live[slot]) abort();
        live[slot][0] = (char)i;                 /* touch it, as real code would */
    }
    for (int i = 0; i < LIVE; i++) free(live[i]);
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    if (threads < 0 || threads > 16) threads = 1;
    double ms[RUNS], cpu[RUNS];
    if (threads == 0)
        printf("malloc/free of 16 B to 1 KiB, main thread only x %d pairs\n", OPS);
    else
        printf("malloc/free of 16 B to 1 KiB, %d thread%s x %d pairs\n", threads, threads > 1 ? "s" : "", OPS);
    for (int r = 0; r < RUNS; r++) {
        pthread_t t[16];
        double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
        if (threads == 0) churn((void *)(size_t)1);   /* no thread ever started */
        for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, churn, (void *)(size_t)(i + 1));
        for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
        ms[r] = clock_ms(CLOCK_MONOTONIC) - t0;
        cpu[r] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
        printf("run %d: %7.1f ms CPU, %7.1f ms wall\n", r + 1, cpu[r], ms[r]);
    }
    qsort(ms, RUNS, sizeof ms[0], by_value);
    qsort(cpu, RUNS, sizeof cpu[0], by_value);
    printf("wall_ms=%.1f\n", ms[RUNS / 2]);
    printf("cpu_ms=%.1f\n", cpu[RUNS / 2]);
    return 0;
}
