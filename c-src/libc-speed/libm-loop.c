/* libm-loop.c: exp, log and sin, a million calls each.
 *
 * The sum is printed with only 6 significant digits: the two libraries'
 * results may differ in the last bit, and the point here is speed. Repeated
 * 5 times; the medians are reported: cpu_ms is the CPU time this thread used
 * (CLOCK_THREAD_CPUTIME_ID: exact, where the process clock may lag by a
 * scheduler tick), wall_ms the clock's. Link with -lm. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CALLS 1000000
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

int main(void) {
    double ms[RUNS], cpu[RUNS], sum = 0;
    printf("exp + log + sin, %d calls each\n", CALLS);
    for (int r = 0; r < RUNS; r++) {
        volatile double x0 = 0.5;   /* volatile: the loop is not folded at compile time */
        double x = x0, s = 0;
        double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_THREAD_CPUTIME_ID);
        for (int i = 0; i < CALLS; i++) {
            s += exp(x) + log(x + 1.0) + sin(x * 3.0);
            x += 1e-6;
        }
        ms[r] = clock_ms(CLOCK_MONOTONIC) - t0;
        cpu[r] = clock_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
        sum = s;
        printf("run %d: %7.1f ms CPU, %7.1f ms wall\n", r + 1, cpu[r], ms[r]);
    }
    qsort(ms, RUNS, sizeof ms[0], by_value);
    qsort(cpu, RUNS, sizeof cpu[0], by_value);
    printf("sum %.6g\n", sum);
    printf("wall_ms=%.1f\n", ms[RUNS / 2]);
    printf("cpu_ms=%.1f\n", cpu[RUNS / 2]);
    return 0;
}
