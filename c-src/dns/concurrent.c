/*
 * concurrent: many lookups at once. THREADS threads each resolve the same
 * name LOOKUPS times; every lookup is timed. Usage: concurrent NAME
 *
 * The table shows the fastest, the middle and the 95th-percentile lookup as
 * bars. If lookups waited for each other, the whole run would take about as
 * long as all lookup times added up; it takes far less when they overlap.
 */
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#define THREADS 8
#define LOOKUPS 5

static const char *name;
static double ms[THREADS * LOOKUPS];
static int failed[THREADS];

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < LOOKUPS; i++) {
        struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
        struct addrinfo *res;
        double t0 = now_ms();
        int rc = getaddrinfo(name, NULL, &hints, &res);
        ms[id * LOOKUPS + i] = now_ms() - t0;   /* each thread writes its own slots */
        if (rc == 0) freeaddrinfo(res);
        else failed[id]++;
    }
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void bar(const char *label, double v, double max)
{
    int width = max > 0 ? (int)(40 * v / max + 0.5) : 0;
    printf("%-7s %8.1f ms  ", label, v);
    for (int i = 0; i < width; i++) fputs("#", stdout);
    putchar('\n');
}

int main(int argc, char **argv)
{
    pthread_t t[THREADS];
    int n = THREADS * LOOKUPS, bad = 0;
    name = argc > 1 ? argv[1] : "www.lab.test";

    double t0 = now_ms();
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    double wall = now_ms() - t0;

    double sum = 0;
    for (int i = 0; i < n; i++) sum += ms[i];
    for (int i = 0; i < THREADS; i++) bad += failed[i];
    qsort(ms, n, sizeof ms[0], by_value);

    printf("%d lookups of %s from %d threads: %d answered\n", n, name, THREADS, n - bad);
    double p95 = ms[(n * 95) / 100];
    bar("min", ms[0], p95);
    bar("median", ms[n / 2], p95);
    bar("p95", p95, p95);
    printf("median_ms=%.1f\n", ms[n / 2]);
    printf("all lookups took %.0f ms of wall time; their times add up to %.0f ms\n", wall, sum);
    /* Overlap is generous on purpose: ideal is THREADS times; half of that is plenty of proof. */
    printf("lookups overlapped: %s\n", wall * THREADS / 2 < sum ? "yes" : "no");
    return bad == 0 ? 0 : 1;
}
