/* checkout.wrong-res-options.c: WRONG. It switches the search list off
 * through the resolver's global options (_res.options without RES_DNSRCH and
 * RES_DEFNAMES), as old BSD-resolver code does. glibc's getaddrinfo honours
 * _res: one query, as written. musl declares _res for old programs but its
 * getaddrinfo never reads it: the search list is walked as before, and the
 * failing domain still stops it.
 *
 * The original: a service that looks up the payments API when it starts.
 *
 * Like many services it refuses to start without its dependencies: if the
 * name does not resolve, it logs why and exits 1, and Kubernetes restarts
 * it. The name is an external one (outside the cluster), looked up with
 * getaddrinfo() through the pod's /etc/resolv.conf. An argument replaces
 * the name, for the experiments.
 *
 * IPv4 only: one A query per name tried keeps the DNS server's log easy
 * to read. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define PAYMENTS_API "api.payments.lab.test"

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : PAYMENTS_API;
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM };
    struct addrinfo *res = NULL;

    res_init();                                     /* "no search domains, please" */
    _res.options &= ~(unsigned long)(RES_DNSRCH | RES_DEFNAMES);

    double t0 = now_ms();
    int rc = getaddrinfo(name, NULL, &hints, &res);
    double took = now_ms() - t0;

    if (rc != 0) {
        fprintf(stderr, "checkout: cannot resolve %s: %s\n", name, gai_strerror(rc));
        printf("lookup_ms=%.1f\n", took);
        return 1;
    }
    char addr[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &((struct sockaddr_in *)res->ai_addr)->sin_addr, addr, sizeof addr);
    freeaddrinfo(res);
    printf("checkout: payments API %s is %s\n", name, addr);
    printf("lookup_ms=%.1f\n", took);
    return 0;
}
