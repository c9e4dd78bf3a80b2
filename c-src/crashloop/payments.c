/* payments.c: a small service, as its image runs it.
 *
 * It reads its port from the environment, says it is listening and exits 0
 * (a real service would serve until stopped; the lab only needs the start).
 * Nothing in the source is tied to a C library: what decides where the
 * binary can start is the machine it was linked on. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    const char *port = getenv("PAYMENTS_PORT");
    if (port == NULL) {
        fprintf(stderr, "payments: PAYMENTS_PORT is not set\n");
        return 1;
    }
    printf("payments: listening on :%s\n", port);
    return 0;
}
