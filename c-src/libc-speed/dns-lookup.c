/*
 * dns-lookup: resolve one name several times with getaddrinfo() and time each
 * lookup. Usage: dns-lookup NAME [TIMES]
 *
 * Nothing here is cached by the program itself: every call goes to the C
 * library's resolver, so the DNS server's log shows what the library sends.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "www.lab.test";
    int times = argc > 2 ? atoi(argv[2]) : 1;
    double ms[100];
    int answered = 0;
    if (times < 1 || times > 100) times = 1;

    printf("lookup  %-22s  %-40s  %9s\n", "name", "result", "ms");
    for (int i = 0; i < times; i++) {
        /* IPv4 only: one A query per lookup keeps the server's log easy to read. */
        struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
        struct addrinfo *res = NULL;
        char result[64];

        double t0 = now_ms();
        int rc = getaddrinfo(name, NULL, &hints, &res);
        ms[i] = now_ms() - t0;

        if (rc == 0) {
            struct sockaddr_in *sin = (struct sockaddr_in *)res->ai_addr;
            inet_ntop(AF_INET, &sin->sin_addr, result, sizeof result);
            freeaddrinfo(res);
            answered++;
        } else {
            snprintf(result, sizeof result, "error: %s", gai_strerror(rc));
        }
        printf("%6d  %-22s  %-40s  %9.1f\n", i + 1, name, result, ms[i]);
    }

    /* The numbers the lesson compares: the first lookup, and the middle one once sorted. */
    printf("answered %d of %d\n", answered, times);
    printf("first_ms=%.2f\n", ms[0]);
    qsort(ms, times, sizeof ms[0], by_value);
    printf("median_ms=%.2f\n", ms[times / 2]);
    return answered == times ? 0 : 1;
}
