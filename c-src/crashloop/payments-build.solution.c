/* payments-build.solution.c: no GNU error(); plain C that every libc has.
 *
 * error(status, 0, msg) is fprintf(stderr, "program: msg\n") followed by
 * exit(status). Writing those two calls out builds on glibc and musl alike. */
#include <stdio.h>
#include <stdlib.h>

/* Report a fatal problem and stop, as error(EXIT_FAILURE, 0, ...) did. */
static void die(const char *msg) {
    fprintf(stderr, "payments: %s\n", msg);
    exit(EXIT_FAILURE);
}

int main(void) {
    const char *port = getenv("PAYMENTS_PORT");
    if (port == NULL)
        die("PAYMENTS_PORT is not set");
    printf("payments: listening on :%s\n", port);
    return 0;
}
