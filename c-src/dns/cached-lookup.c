/*
 * cached-lookup: a client that makes requests to two services and looks
 * the service's name up before each one, as many programs do.
 *
 * Neither glibc nor musl keeps DNS answers between calls, so every
 * resolve() below costs a query (and, with a slow or distant server, its
 * full round trip). Your task: give resolve() a small cache, so a name is
 * asked for again only when its answer is older than MAX_AGE_SECONDS.
 * Keep what the program prints the same.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* How long an answer may be kept. Short, so that the lab can see it expire. */
#define MAX_AGE_SECONDS 2

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

/* Two rounds of work: the API three times and the database twice, then the
 * other way round (so the first name of round 2 is the last of round 1). */
static const char *const rounds[2][5] = {
    {"api.lab.test", "api.lab.test", "api.lab.test", "db.lab.test", "db.lab.test"},
    {"db.lab.test", "db.lab.test", "api.lab.test", "api.lab.test", "api.lab.test"},
};

int main(void)
{
    int request = 0;
    for (int round = 1; round <= 2; round++) {
        if (round == 2) {
            printf("... %d seconds later ...\n", MAX_AGE_SECONDS + 1);
            fflush(stdout);
            sleep(MAX_AGE_SECONDS + 1);   /* long enough for every answer to expire */
        }
        for (size_t i = 0; i < 5; i++) {
            const char *name = rounds[round - 1][i];
            struct in_addr addr;
            char text[INET_ADDRSTRLEN];
            if (resolve(name, &addr) != 0) return 1;
            inet_ntop(AF_INET, &addr, text, sizeof text);
            printf("request %2d to %s (%s)\n", ++request, name, text);
        }
    }
    return 0;
}
