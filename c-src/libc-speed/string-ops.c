/* string-ops.c: strlen and memcpy over 1 MiB, many times.
 * Usage: string-ops strlen|memcpy
 *
 * Both libraries have hand-written versions of these. glibc picks one at
 * start-up for the CPU it runs on (AVX2, EVEX...); musl has one generic
 * version in C (plus a small assembly memcpy on x86_64). Repeated 5 times;
 * the medians are reported: cpu_ms is the CPU time this thread used
 * (CLOCK_THREAD_CPUTIME_ID: exact, where the process clock may lag by a
 * scheduler tick), wall_ms the clock's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SIZE (1 << 20)  /* 1 MiB */
#define PASSES 2000     /* passes over the buffer per run */
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

int main(int argc, char **argv) {
    const char *op = argc > 1 ? argv[1] : "strlen";
    int copy = strcmp(op, "memcpy") == 0;
    char *src = malloc(SIZE), *dst = malloc(SIZE);
    if (!src || !dst) return 1;
    memset(src, 'x', SIZE - 1);
    src[SIZE - 1] = '\0';
    double ms[RUNS], cpu[RUNS];
    size_t sum = 0;   /* used afterwards, so the compiler cannot skip the calls */
    printf("%s over 1 MiB, %d times\n", copy ? "memcpy" : "strlen", PASSES);
    for (int r = 0; r < RUNS; r++) {
        double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_THREAD_CPUTIME_ID);
        for (int i = 0; i < PASSES; i++) {
            if (copy) {
                memcpy(dst, src, SIZE);
                sum += (unsigned char)dst[i];
            } else {
                src[i % 64] = 'y';   /* the string changes, so every call is made */
                sum += strlen(src);
            }
        }
        ms[r] = clock_ms(CLOCK_MONOTONIC) - t0;
        cpu[r] = clock_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
        printf("run %d: %7.1f ms CPU, %7.1f ms wall\n", r + 1, cpu[r], ms[r]);
    }
    qsort(ms, RUNS, sizeof ms[0], by_value);
    qsort(cpu, RUNS, sizeof cpu[0], by_value);
    printf("checksum %zu\n", sum % 1000);
    printf("wall_ms=%.1f\n", ms[RUNS / 2]);
    printf("cpu_ms=%.1f\n", cpu[RUNS / 2]);
    return 0;
}
