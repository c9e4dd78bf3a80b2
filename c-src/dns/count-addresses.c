/*
 * count-addresses: how many IPv4 addresses does getaddrinfo() return for a
 * name? Usage: count-addresses NAME
 *
 * The lab's server gives big.lab.test 40 addresses: 40 answer records do not
 * fit in a 512-byte UDP reply, so the server sends a truncated reply (the TC
 * bit) and the resolver has to ask again over TCP to get them all.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "big.lab.test";
    /* SOCK_STREAM: one entry per address (without it, one per socket type). */
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res, *ai;

    int rc = getaddrinfo(name, NULL, &hints, &res);
    if (rc != 0) {
        printf("%s: error: %s\n", name, gai_strerror(rc));
        return 1;
    }
    int n = 0;
    char first[INET_ADDRSTRLEN] = "", last[INET_ADDRSTRLEN] = "";
    for (ai = res; ai; ai = ai->ai_next, n++) {
        struct sockaddr_in *sin = (struct sockaddr_in *)ai->ai_addr;
        inet_ntop(AF_INET, &sin->sin_addr, n == 0 ? first : last, INET_ADDRSTRLEN);
    }
    freeaddrinfo(res);
    printf("%s: %d addresses (%s ... %s)\n", name, n, first, last);
    return 0;
}
