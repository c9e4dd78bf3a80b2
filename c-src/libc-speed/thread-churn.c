/* thread-churn.c: how many threads per second can a program create and join?
 *
 * Creates 2000 threads, one after another, each doing almost nothing, and
 * joins each before the next: the cost measured is the library's (and the
 * kernel's) cost of a thread's birth and death, stack included. Repeated 5
 * times; the medians are reported: cpu_ms is the CPU time the process used
 * (not counting time spent waiting for a busy CPU), wall_ms the clock's. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define THREADS 2000
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

static void *nothing(void *arg) {
    return arg;
}

int main(void) {
    double ms[RUNS], cpu[RUNS];
    printf("create + join %d threads, one at a time\n", THREADS);
    for (int r = 0; r < RUNS; r++) {
        double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
        for (int i = 0; i < THREADS; i++) {
            pthread_t t;
            if (pthread_create(&t, NULL, nothing, NULL) != 0) {
                printf("pthread_create failed\n");
                return 1;
            }
            pthread_join(t, NULL);
        }
        ms[r] = clock_ms(CLOCK_MONOTONIC) - t0;
        cpu[r] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
        printf("run %d: %7.1f ms CPU, %7.1f ms wall (%.0f threads/s)\n", r + 1, cpu[r], ms[r], THREADS / ms[r] * 1000);
    }
    qsort(ms, RUNS, sizeof ms[0], by_value);
    qsort(cpu, RUNS, sizeof cpu[0], by_value);
    printf("wall_ms=%.1f\n", ms[RUNS / 2]);
    printf("cpu_ms=%.1f\n", cpu[RUNS / 2]);
    return 0;
}
