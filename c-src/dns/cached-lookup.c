/*
 * cached-lookup: a client that makes ten requests to one service and looks
 * the service's name up before each one, as many programs do.
 *
 * Neither glibc nor musl keeps DNS answers between calls, so every
 * resolve() below costs a query (and, with a slow or distant server, its
 * full round trip). Your task: give resolve() a small cache so only the
 * first request asks DNS. Keep what the program prints the same.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* Look `name` up and store its first IPv4 address in *out. 0 on success. */
static int resolve(const char *name, struct in_addr *out)
{
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res;

    int rc = getaddrinfo(name, NULL, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", name, gai_strerror(rc));
        return -1;
    }
    *out = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
    freeaddrinfo(res);
    return 0;
}

int main(void)
{
    const char *service = "api.lab.test";
    for (int i = 1; i <= 10; i++) {
        struct in_addr addr;
        char text[INET_ADDRSTRLEN];
        if (resolve(service, &addr) != 0) return 1;
        inet_ntop(AF_INET, &addr, text, sizeof text);
        printf("request %2d to %s (%s)\n", i, service, text);
    }
    return 0;
}
