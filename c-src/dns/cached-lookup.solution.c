/*
 * cached-lookup, with a cache: resolve() remembers its last answer for a
 * short while, so ten requests cost one DNS query.
 *
 * getaddrinfo() does not tell you how long an answer may be kept (the
 * record's TTL), so the cache uses a short maximum age of its own. A real
 * program would also cache failures briefly and keep one entry per name.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define CACHE_SECONDS 30

static struct {
    char name[256];
    struct in_addr addr;
    time_t stored;   /* when the answer was stored; 0: nothing stored yet */
} cache;

/* Look `name` up and store its first IPv4 address in *out. 0 on success. */
static int resolve(const char *name, struct in_addr *out)
{
    time_t now = time(NULL);
    if (cache.stored && strcmp(cache.name, name) == 0 && now - cache.stored < CACHE_SECONDS) {
        *out = cache.addr;   /* fresh enough: no query */
        return 0;
    }

    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res;
    int rc = getaddrinfo(name, NULL, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", name, gai_strerror(rc));
        return -1;
    }
    *out = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
    freeaddrinfo(res);

    snprintf(cache.name, sizeof cache.name, "%s", name);
    cache.addr = *out;
    cache.stored = now;
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
