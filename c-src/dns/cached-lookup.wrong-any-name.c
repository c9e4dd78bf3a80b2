/*
 * A WRONG answer to the cache task, kept as a test fixture: the cache
 * expires, but it forgets to check the name. After the first lookup every
 * name gets the API's address, so the database requests go to the wrong
 * host. The lesson check proves the task's expectations catch it.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* How long an answer may be kept. Short, so that the lab can see it expire. */
#define MAX_AGE_SECONDS 2

static struct {
    char name[256];
    struct in_addr addr;
    time_t stored;   /* when the answer was stored; 0: nothing stored yet */
} cache;

/* Look `name` up and store its first IPv4 address in *out. 0 on success. */
static int resolve(const char *name, struct in_addr *out)
{
    time_t now = time(NULL);
    if (cache.stored && now - cache.stored < MAX_AGE_SECONDS) {   /* wrong: any name matches */
        *out = cache.addr;
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
