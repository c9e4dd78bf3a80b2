/* idn-lookup.c: look up a name with a non-ASCII letter, bücher.lab.test.
 *
 * DNS carries ASCII names; an internationalised name travels in its
 * "punycode" form (xn--...). glibc's getaddrinfo converts the name when
 * asked with AI_IDN (a GNU flag); musl has no such flag, so the program
 * uses it only where the header defines it. IPv4 only: one query. */
#define _GNU_SOURCE
#include <locale.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(void) {
    const char *name = "b\xc3\xbc" "cher.lab.test";     /* bücher, in UTF-8 */
    struct addrinfo hints, *res;
    setlocale(LC_CTYPE, "C.UTF-8");   /* AI_IDN reads the locale's charset */
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
#ifdef AI_IDN
    hints.ai_flags = AI_IDN;
    printf("AI_IDN: defined, used\n");
#else
    printf("AI_IDN: not defined\n");
#endif
    int rc = getaddrinfo(name, NULL, &hints, &res);
    if (rc != 0) {
        printf("lookup: %s\n", gai_strerror(rc));
        return 1;
    }
    printf("lookup: found\n");
    freeaddrinfo(res);
    return 0;
}
