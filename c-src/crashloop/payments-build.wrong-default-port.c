/* payments-build.wrong-default-port.c: WRONG. It builds on musl, but only
 * because the error path is gone: a missing PAYMENTS_PORT now quietly
 * becomes 8080. The service starts when it should refuse to (exit 1 and a
 * message), so a misconfigured pod looks healthy. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    const char *port = getenv("PAYMENTS_PORT");
    if (port == NULL)
        port = "8080";      /* "a sensible default" instead of an error */
    printf("payments: listening on :%s\n", port);
    return 0;
}
